/*
 * calfpump_resample_rate, calfpump_resample_frames and calfpump_resample on arbitrary
 * timestamps and samples.
 * Input: 5 header bytes, then samples (a time part and `channels` values each):
 *   0 channels (table, mostly 1 and 3)   1 rate (bit 7: 10 + (b & 127) * 7.8 Hz, else a table)
 *   2 max_gap_s (table)                   3 time mode: b % 4 = 0 u8 deltas / 64 s (0: duplicate),
 *     1 raw doubles, 2 int8 deltas / 64 s (may go back), 3 u16 deltas / 16 s (long gaps);
 *     bit 7: raw float values instead of int8 / 32
 *   4 out_cap: b % 4 = 0 exact, 1 one short, 2 (b >> 2) % 8, 3 three spare
 * Oracles: the sampled rate is 0 or positive and finite; statuses and counts agree with
 * calfpump_resample_frames; linear interpolation never leaves the range of its inputs; a gap
 * frame is NaN in every channel.
 */
#include "fuzz_common.h"

#define MAX_SAMPLES 4096
#define MAX_OUT (1u << 16)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int channels_tab[16] = {1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 2, 0, 4, -1};
    static const double rates[16] = {16, 100, 50, 10, 1000, 32, 64, 128,
                                     0, 5, NAN, 1e6, -16, INFINITY, 200, 25};
    static const double gaps[16] = {0.1, 0.5, 1, 2, 0.05, 10, 0, -1,
                                    NAN, INFINITY, 0.2, 0.25, 1e-9, 1e9, 3, 0.3};
    fz_reader r = {data, size};
    const int channels = channels_tab[fz_index(&r, 16)];
    const uint8_t rb = fz_u8(&r);
    const double rate = (rb & 0x80) ? 10.0 + (rb & 0x7f) * 7.8 : rates[rb & 15];
    const double max_gap = gaps[fz_index(&r, 16)];
    const uint8_t tmode = fz_u8(&r), cmode = fz_u8(&r);
    const size_t ch = channels > 0 ? (size_t)channels : 1;
    const int raw_values = tmode & 0x80;
    const size_t time_bytes = (tmode & 3) == 1 ? 8 : (tmode & 3) == 3 ? 2 : 1;
    const size_t per = time_bytes + ch * (raw_values ? 4 : 1);
    size_t n = r.n / per;
    if (n > MAX_SAMPLES)
        n = MAX_SAMPLES;

    double *t = malloc((n + 1) * sizeof *t);
    float *x = malloc((n * ch + 1) * sizeof *x);
    if (!t || !x)
        abort();
    double now = 0.0;
    int finite_x = 1;
    for (size_t i = 0; i < n; i++) {
        switch (tmode & 3) {
        case 0: now += fz_u8(&r) / 64.0; break;
        case 1: now = fz_f64(&r); break;
        case 2: now += (int8_t)fz_u8(&r) / 64.0; break;
        default: now += fz_u16(&r) / 16.0; break;
        }
        t[i] = now;
        for (size_t c = 0; c < ch; c++) {
            x[i * ch + c] = raw_values ? fz_f32(&r) : (int8_t)fz_u8(&r) / 32.0f;
            finite_x &= isfinite(x[i * ch + c]) != 0;
        }
    }

    /* The sampled rate is 0 (none to tell) or a positive finite number. */
    const double sampled = calfpump_resample_rate(t, n, max_gap);
    FZ_CHECK(sampled == 0.0 || (isfinite(sampled) && sampled > 0.0));

    const size_t frames = calfpump_resample_frames(t, n, rate);
    size_t cap = frames < MAX_OUT ? frames : MAX_OUT;
    switch (cmode & 3) {
    case 1: cap = cap ? cap - 1 : 0; break;
    case 2: cap = cap < (size_t)((cmode >> 2) % 8) ? cap : (size_t)((cmode >> 2) % 8); break;
    case 3: cap = frames < MAX_OUT ? frames + 3 : MAX_OUT; break;
    default: break;
    }
    float *out = malloc((cap * ch + 1) * sizeof *out);
    if (!out)
        abort();
    size_t n_out = (size_t)-1;
    const int rc = calfpump_resample(t, x, n, channels, rate, max_gap, out, cap, &n_out);
    FZ_CHECK(fz_valid_status(rc));
    if (rc == CALFPUMP_OK)
        FZ_CHECK(n_out == frames);
    if (rc == CALFPUMP_MORE)
        FZ_CHECK(n_out == cap && cap < frames);
    if (n > 0 && frames == 0)
        FZ_CHECK(rc < 0); /* 0 frames from samples means bad arguments */
    if (frames > 0 && (channels == 1 || channels == 3) && max_gap > 0.0)
        FZ_CHECK(rc >= 0); /* arguments good enough to count frames are good enough to resample */

    if (rc >= 0 && finite_x && n_out <= cap) {
        for (size_t c = 0; c < ch; c++) {
            float lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                lo = fminf(lo, x[i * ch + c]);
                hi = fmaxf(hi, x[i * ch + c]);
            }
            const float tol = 1e-4f * (1.0f + fmaxf(fabsf(lo), fabsf(hi)));
            for (size_t i = 0; i < n_out; i++) {
                const float v = out[i * ch + c];
                FZ_CHECK(isnan(v) == isnan(out[i * ch])); /* a gap covers the whole frame */
                FZ_CHECK(isnan(v) || (v >= lo - tol && v <= hi + tol));
            }
        }
    }
    free(out);
    free(t);
    free(x);
    return 0;
}
