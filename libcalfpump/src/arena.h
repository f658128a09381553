/* Carving one caller-provided block into aligned pieces. Run once with base == NULL to measure
 * (calfpump_get_size) and once with the real block (calfpump_init): the same code lays out both,
 * so size and layout can never disagree. */
#ifndef CALFPUMP_ARENA_H
#define CALFPUMP_ARENA_H

#include <stddef.h>
#include <stdint.h>

#ifdef CALFPUMP_EMBEDDED
#define ARENA_ALIGN 8 /* doubles; the builtin FFT needs no SIMD alignment, and RAM is scarce */
#else
#define ARENA_ALIGN 64 /* cache lines, and SIMD alignment for FFT libraries */
#endif

typedef struct arena {
    unsigned char *base; /* NULL while measuring */
    size_t used;
} arena;

static inline void *arena_take(arena *a, size_t bytes)
{
    size_t start = (a->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    a->used = start + bytes;
    return a->base ? a->base + start : NULL;
}

#endif
