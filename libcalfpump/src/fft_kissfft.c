/* FFT backend: KISS FFT (BSD-3-Clause, Debian's libkissfft-dev, float build). Both real
 * transforms are built inside the handle's memory (kiss_fftr_alloc with caller memory), so this
 * backend neither allocates nor holds anything outside it. kiss_fftr and kiss_fftri read their
 * whole input into the configuration's own buffer first, so they also work in place. */
#include "fft.h"

#include <kiss_fftr.h>

/* Offsets inside the block keep kiss_fftr's structures aligned like malloc would. */
#define KISS_ALIGN 16

struct fft {
    kiss_fftr_cfg forward;
    kiss_fftr_cfg inverse;
};

static size_t round_up(size_t bytes)
{
    return (bytes + KISS_ALIGN - 1) & ~(size_t)(KISS_ALIGN - 1);
}

/* Bytes of one kiss_fftr configuration of size n (the same for either direction). */
static size_t cfg_bytes(int n)
{
    size_t len = 0;
    kiss_fftr_alloc(n, 0, NULL, &len);
    return round_up(len);
}

size_t fft_size(int n)
{
    return round_up(sizeof(fft)) + 2 * cfg_bytes(n);
}

fft *fft_init(void *mem, int n)
{
    fft *f = mem;
    unsigned char *next = (unsigned char *)mem + round_up(sizeof(fft));
    size_t len = cfg_bytes(n);
    f->forward = kiss_fftr_alloc(n, 0, next, &len);
    len = cfg_bytes(n);
    f->inverse = kiss_fftr_alloc(n, 1, next + len, &len);
    return f->forward && f->inverse ? f : NULL;
}

void fft_deinit(fft *f)
{
    (void)f;
}

void fft_forward(fft *f, const float *in, float *out)
{
    kiss_fftr(f->forward, in, (kiss_fft_cpx *)out);
}

void fft_inverse(fft *f, const float *in, float *out)
{
    kiss_fftri(f->inverse, (const kiss_fft_cpx *)in, out);
}

const char *fft_backend_name(void)
{
    return "kissfft";
}
