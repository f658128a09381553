/* Private FFT interface: a real forward/inverse transform of one fixed size.
 * The algorithm only sees this header; the backend (fft_fftw.c, fft_kissfft.c or fft_builtin.c,
 * chosen by CALFPUMP_FFT at configure time) changes without touching any stage. */
#ifndef CALFPUMP_FFT_H
#define CALFPUMP_FFT_H

#include <stddef.h>

typedef struct fft fft;

/* Bytes fft_init needs for a size-n transform (n even). */
size_t fft_size(int n);
/* Builds the transform inside mem (fft_size(n) bytes, 64-byte aligned). NULL on failure. */
fft *fft_init(void *mem, int n);
/* Releases what the backend holds outside mem (FFTW plans). */
void fft_deinit(fft *f);
/* in: n reals -> out: n/2+1 complex values as interleaved re,im (n+2 floats). Buffers are
 * 64-byte aligned; in and out may be the same buffer (in place: one buffer of n+2 floats is all
 * the cadence stage needs). */
void fft_forward(fft *f, const float *in, float *out);
/* in: n/2+1 complex (n+2 floats) -> out: n reals, unnormalised (scaled by n); may be in place. */
void fft_inverse(fft *f, const float *in, float *out);
/* Name of the backend for the version string, e.g. "fftw3f". */
const char *fft_backend_name(void);

#endif
