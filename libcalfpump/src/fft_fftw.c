/* FFT backend: FFTW 3, single precision (GPL). Plans are made once at init; execution uses the
 * new-array interface, so one plan serves every buffer of the same alignment. The plans are
 * out of place, into a scratch array inside the caller's memory: FFTW's in-place real
 * transforms buffer through memory they allocate at every execution, and the streaming path
 * allocates nothing. */
#include "fft.h"

#include <fftw3.h>
#include <pthread.h>
#include <string.h>

struct fft {
    int n;
    fftwf_plan forward;
    fftwf_plan inverse;
    float *scratch; /* n + 2 floats */
};

/* The scratch array starts on the next 64-byte boundary after the struct (mem is 64-aligned). */
#define SCRATCH_OFFSET ((sizeof(struct fft) + 63) & ~(size_t)63)

/* FFTW's planner is not thread-safe; execution is. A lock of our own would not guard the
 * planning of other FFTW users in the process (a host app's own transforms): FFTW's own global
 * planner lock (libfftw3f_threads) guards every caller's, ours included. */
static pthread_once_t planner_safe = PTHREAD_ONCE_INIT;

size_t fft_size(int n)
{
    return SCRATCH_OFFSET + sizeof(float) * (size_t)(n + 2);
}

fft *fft_init(void *mem, int n)
{
    fft *f = mem;
    f->n = n;
    f->scratch = (float *)((unsigned char *)mem + SCRATCH_OFFSET);
    /* Plan on scratch arrays from fftwf_malloc: they share the alignment class (>= 16 bytes)
     * of the 64-byte aligned buffers the plans later run on. */
    float *a = fftwf_malloc(sizeof(float) * (size_t)(n + 2));
    float *b = fftwf_malloc(sizeof(float) * (size_t)(n + 2));
    if (!a || !b) {
        fftwf_free(a);
        fftwf_free(b);
        return NULL;
    }
    pthread_once(&planner_safe, fftwf_make_planner_thread_safe);
    f->forward = fftwf_plan_dft_r2c_1d(n, a, (fftwf_complex *)b, FFTW_ESTIMATE);
    f->inverse = fftwf_plan_dft_c2r_1d(n, (fftwf_complex *)a, b, FFTW_ESTIMATE);
    fftwf_free(a);
    fftwf_free(b);
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
    if (f->forward)
        fftwf_destroy_plan(f->forward);
    if (f->inverse)
        fftwf_destroy_plan(f->inverse);
    f->forward = f->inverse = NULL;
}

void fft_forward(fft *f, const float *in, float *out)
{
    /* An out-of-place real-to-complex transform leaves its input as it was. */
    fftwf_execute_dft_r2c(f->forward, (float *)in, (fftwf_complex *)f->scratch);
    memcpy(out, f->scratch, sizeof(float) * (size_t)(f->n + 2));
}

void fft_inverse(fft *f, const float *in, float *out)
{
    /* Complex-to-real transforms overwrite their input: run it on a copy. */
    memcpy(f->scratch, in, sizeof(float) * (size_t)(f->n + 2));
    fftwf_execute_dft_c2r(f->inverse, (fftwf_complex *)f->scratch, out);
}

const char *fft_backend_name(void)
{
    return "fftw3f";
}
