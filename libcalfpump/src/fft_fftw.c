/* FFT backend: FFTW 3, single precision (GPL). Plans are made once at init; execution uses the
 * new-array interface, so one plan serves every buffer of the same alignment. The plans are
 * in-place (what the library uses); an out-of-place call copies its input over first. */
#include "fft.h"

#include <fftw3.h>
#include <pthread.h>
#include <string.h>

struct fft {
    int n;
    fftwf_plan forward;
    fftwf_plan inverse;
};

/* FFTW's planner is not thread-safe; execution is. */
static pthread_mutex_t planner_lock = PTHREAD_MUTEX_INITIALIZER;

size_t fft_size(int n)
{
    (void)n;
    return sizeof(fft);
}

fft *fft_init(void *mem, int n)
{
    fft *f = mem;
    f->n = n;
    /* Plan on a scratch array from fftwf_malloc: it shares the alignment class (>= 16 bytes)
     * of the 64-byte aligned buffers the plans later run on. */
    float *buf = fftwf_malloc(sizeof(float) * (size_t)(n + 2));
    if (!buf)
        return NULL;
    fftwf_complex *cx = (fftwf_complex *)buf;
    pthread_mutex_lock(&planner_lock);
    f->forward = fftwf_plan_dft_r2c_1d(n, buf, cx, FFTW_ESTIMATE);
    f->inverse = fftwf_plan_dft_c2r_1d(n, cx, buf, FFTW_ESTIMATE);
    pthread_mutex_unlock(&planner_lock);
    fftwf_free(buf);
    if (!f->forward || !f->inverse) {
        fft_deinit(f);
        return NULL;
    }
    return f;
}

void fft_deinit(fft *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&planner_lock);
    if (f->forward)
        fftwf_destroy_plan(f->forward);
    if (f->inverse)
        fftwf_destroy_plan(f->inverse);
    pthread_mutex_unlock(&planner_lock);
    f->forward = f->inverse = NULL;
}

void fft_forward(fft *f, const float *in, float *out)
{
    if (out != in)
        memcpy(out, in, sizeof(float) * (size_t)f->n);
    fftwf_execute_dft_r2c(f->forward, out, (fftwf_complex *)out);
}

void fft_inverse(fft *f, const float *in, float *out)
{
    if (out != in)
        memcpy(out, in, sizeof(float) * (size_t)(f->n + 2));
    fftwf_execute_dft_c2r(f->inverse, (fftwf_complex *)out, out);
}

const char *fft_backend_name(void)
{
    return "fftw3f";
}
