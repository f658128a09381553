/*
 * Typed values drawn from a fuzz input, front to back (the idea of zstd's tests/fuzz data
 * producer): every harness reads its parameters through these, so that each input byte has one
 * documented meaning and the seed writer (make_corpus.py) can lay inputs out by hand.
 * A read past the end gives 0 (an empty span), so every input is valid.
 * Also FZ_CHECK, the harnesses' contract check. Header only, no dependency on the library: the
 * harnesses of the CLI's readers use it too.
 */
#ifndef CALFPUMP_FUZZ_INPUT_H
#define CALFPUMP_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A violated contract: say what, then abort so that the fuzzer keeps the input. */
#define FZ_CHECK(cond)                                                                           \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: contract violated: %s\n", __FILE__, __LINE__, #cond);        \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

typedef struct fz_reader {
    const uint8_t *p;
    size_t n; /* bytes left */
} fz_reader;

static inline uint8_t fz_u8(fz_reader *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

/* Little endian. */
static inline uint16_t fz_u16(fz_reader *r)
{
    const uint16_t lo = fz_u8(r);
    return (uint16_t)(lo | (uint16_t)fz_u8(r) << 8);
}

static inline uint32_t fz_u32(fz_reader *r)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)fz_u8(r) << (8 * i);
    return v;
}

/* Raw IEEE bits: NaN, infinities and denormals included. */
static inline float fz_f32(fz_reader *r)
{
    const uint32_t u = fz_u32(r);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline double fz_f64(fz_reader *r)
{
    uint64_t u = fz_u32(r);
    u |= (uint64_t)fz_u32(r) << 32;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* One byte as 0..1. */
static inline double fz_unit(fz_reader *r)
{
    return fz_u8(r) / 255.0;
}

/* One byte as lo..lo + span. */
static inline double fz_span(fz_reader *r, double lo, double span)
{
    return lo + fz_unit(r) * span;
}

/* One byte as an index 0..count-1 (count 1..256), e.g. into a table of values. */
static inline size_t fz_index(fz_reader *r, size_t count)
{
    return fz_u8(r) % count;
}

/* The next len bytes (fewer at the end of the input) as a span of the input; *got says how many. */
static inline const uint8_t *fz_bytes(fz_reader *r, size_t len, size_t *got)
{
    const uint8_t *p = r->p;
    *got = len < r->n ? len : r->n;
    r->p += *got;
    r->n -= *got;
    return p;
}

/* The bytes up to the next NUL (which is consumed) into out, at most cap - 1 of them. */
static inline size_t fz_text(fz_reader *r, char *out, size_t cap)
{
    size_t len = 0;
    while (len + 1 < cap && r->n && r->p[0])
        out[len++] = (char)fz_u8(r);
    out[len] = '\0';
    (void)fz_u8(r);
    return len;
}

#endif /* CALFPUMP_FUZZ_INPUT_H */
