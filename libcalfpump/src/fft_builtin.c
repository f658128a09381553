/* FFT backend: the project's own compact real FFT (no dependency, for firmware).
 *
 * Power-of-two sizes only (the library's n_fft always is one). A real transform of size n is one
 * complex transform of size n/2 on the even/odd samples packed as re/im, followed by the usual
 * split step. Everything is in place in the caller's output buffer; the only state is a quarter
 * cosine table (n/4 + 1 floats) computed at init inside the handle's memory, so there is no
 * static mutable data, no heap and no scratch. */
#include "fft.h"
#include "trig.h"

#include <math.h>
#include <string.h>

struct fft {
    int n;
    float *quarter; /* cos(2 pi m / n), m = 0..n/4 */
};

typedef struct cpx {
    float re, im;
} cpx;

static int is_power_of_two(int n)
{
    return n >= 4 && (n & (n - 1)) == 0;
}

size_t fft_size(int n)
{
    return sizeof(fft) + sizeof(float) * (size_t)(n / 4 + 1);
}

fft *fft_init(void *mem, int n)
{
    if (!is_power_of_two(n))
        return NULL;
    fft *f = mem;
    f->n = n;
    f->quarter = (float *)(f + 1);
    /* Single precision: firmware builds link no double-precision trigonometry for it. */
    for (int m = 0; m <= n / 4; m++)
        f->quarter[m] = trig_cos(2.0f * (float)PI * (float)m / (float)n);
    return f;
}

void fft_deinit(fft *f)
{
    (void)f;
}

/* exp(-2 pi i m / n) for 0 <= m <= n/2, from the quarter table. */
static cpx twiddle(const fft *f, int m)
{
    const int q = f->n / 4;
    const float *c = f->quarter;
    cpx w;
    if (m <= q) {
        w.re = c[m];
        w.im = -c[q - m];
    } else {
        w.re = -c[2 * q - m];
        w.im = -c[m - q];
    }
    return w;
}

static cpx mul(cpx a, cpx b)
{
    cpx r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    return r;
}

static cpx conj_of(cpx a)
{
    cpx r = {a.re, -a.im};
    return r;
}

static cpx add(cpx a, cpx b)
{
    cpx r = {a.re + b.re, a.im + b.im};
    return r;
}

static cpx sub(cpx a, cpx b)
{
    cpx r = {a.re - b.re, a.im - b.im};
    return r;
}

/* In-place complex transform of size n/2 on z; sign -1 forward, +1 inverse (unnormalised).
 * Radix 2 after a bit-reversal permutation, two stages per pass (radix 2^2): the second stage's
 * odd twiddle is the even one times -i (forward) or +i, so each pass over the data does three
 * complex multiplications per four points and half the loads and stores of single stages. */
static void complex_fft(const fft *f, cpx *z, int sign)
{
    const int len = f->n / 2;
    int stages = 0;
    for (int i = 1, j = 0; i < len; i++) { /* bit-reversal permutation */
        int bit = len >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j |= bit;
        if (i < j) {
            cpx t = z[i];
            z[i] = z[j];
            z[j] = t;
        }
    }
    for (int m = len; m > 1; m >>= 1)
        stages++;
    int h = 1; /* butterflies so far span blocks of h points */
    if (stages % 2) {
        for (int s = 0; s < len; s += 2) { /* one single stage first: twiddle 1 */
            const cpx a = z[s], b = z[s + 1];
            z[s] = add(a, b);
            z[s + 1] = sub(a, b);
        }
        h = 2;
    }
    for (; h < len; h *= 4) {
        const int step = f->n / (4 * h); /* W_4h^k is twiddle k * step; W_2h^k is 2k * step */
        for (int k = 0; k < h; k++) {
            cpx w1 = twiddle(f, 2 * k * step), w2 = twiddle(f, k * step);
            if (sign > 0) {
                w1 = conj_of(w1);
                w2 = conj_of(w2);
            }
            for (int s = k; s < len; s += 4 * h) {
                const cpx a = z[s], b = mul(w1, z[s + h]);
                const cpx c = z[s + 2 * h], d = mul(w1, z[s + 3 * h]);
                const cpx a1 = add(a, b), b1 = sub(a, b);
                const cpx t = mul(w2, add(c, d)), u0 = mul(w2, sub(c, d));
                const cpx u = sign < 0 ? (cpx){u0.im, -u0.re} : (cpx){-u0.im, u0.re};
                z[s] = add(a1, t);
                z[s + 2 * h] = sub(a1, t);
                z[s + h] = add(b1, u);
                z[s + 3 * h] = sub(b1, u);
            }
        }
    }
}

void fft_forward(fft *f, const float *in, float *out)
{
    const int n = f->n, half = n / 2;
    cpx *z = (cpx *)out;
    if (out != in)
        memcpy(out, in, sizeof(float) * (size_t)n); /* z[m] = x[2m] + i x[2m+1] */
    complex_fft(f, z, -1);
    /* Split: X[k] = E + W^k O with E = (Z[k] + conj Z[h-k]) / 2, O = -i (Z[k] - conj Z[h-k]) / 2,
     * and X[h-k] = conj(E - W^k O); k and h-k are done together, in place. */
    const cpx z0 = z[0];
    z[0].re = z0.re + z0.im;
    z[0].im = 0.0f;
    z[half].re = z0.re - z0.im;
    z[half].im = 0.0f;
    for (int k = 1; k <= half / 2; k++) {
        const cpx a = z[k], b = conj_of(z[half - k]);
        const cpx e = {0.5f * (a.re + b.re), 0.5f * (a.im + b.im)};
        const cpx o = {0.5f * (a.im - b.im), -0.5f * (a.re - b.re)};
        const cpx wo = mul(twiddle(f, k), o);
        z[k].re = e.re + wo.re;
        z[k].im = e.im + wo.im;
        z[half - k].re = e.re - wo.re;
        z[half - k].im = -(e.im - wo.im);
    }
}

void fft_inverse(fft *f, const float *in, float *out)
{
    const int n = f->n, half = n / 2;
    const cpx *x = (const cpx *)in;
    cpx *z = (cpx *)out;
    /* Unsplit (the forward step inverted, times 2 so that the result is scaled by n):
     * Z[k] = (X[k] + conj X[h-k]) + i (X[k] - conj X[h-k]) conj(W^k). Each pair is read before
     * it is written, so this works in place too. */
    const float dc = x[0].re, nyquist = x[half].re;
    z[0].re = dc + nyquist;
    z[0].im = dc - nyquist;
    for (int k = 1; k <= half / 2; k++) {
        const cpx a = x[k], b = conj_of(x[half - k]);
        const cpx e = add(a, b);
        const cpx d = mul(sub(a, b), conj_of(twiddle(f, k)));
        /* The partner h-k: X[h-k] and conj X[k] give conj(e) and conj(d). */
        z[k].re = e.re - d.im;
        z[k].im = e.im + d.re;
        z[half - k].re = e.re + d.im;
        z[half - k].im = -e.im + d.re;
    }
    complex_fft(f, z, 1);
}

const char *fft_backend_name(void)
{
    return "builtin";
}
