/* Instructions the Cortex-M4F spends in the library per input frame, measured under QEMU with
 * -icount shift=0 (one instruction per ns of virtual time): the MPS2 FPGAIO COUNTER runs at the
 * 25 MHz board clock, so one count is 40 instructions. The recording is streamed as in
 * stream.c (chunks of a few frames, every queue polled after each push) at its own rate and,
 * taking every other frame, at half of it; only the library calls are inside the measurement.
 * It counts instructions, not cycles (flash wait states, VDIV/VSQRT latency come on top).
 * It also reports the deepest stack the library calls used (with this file's poll_all, whose
 * result arrays take 0.7 KB). */
#include "calfpump.h"
#include "recording.h"
#include "semihost.h"

#include <stdint.h>

#define COUNTER (*(volatile uint32_t *)0x40028018u) /* FPGAIO COUNTER, 25 MHz */
#define INSTRUCTIONS_PER_COUNT 40u                   /* 1 GHz of icount / 25 MHz */
#define CHUNK 4
#define POLL 8

#define PAINT_BYTES 4096
#define PAINT 0xA5A5A5A5u

static unsigned char state[32 * 1024] __attribute__((aligned(64)));

/* Stack high-water mark: paint PAINT_BYTES below the caller's stack pointer, later find the
 * deepest word that changed. Returns the stack pointer the depth is measured from. */
static __attribute__((noinline)) uintptr_t paint_stack(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (volatile uint32_t *p = (uint32_t *)(sp - PAINT_BYTES); p < (uint32_t *)(sp - 64); p++)
        *p = PAINT;
    return sp;
}

static uintptr_t stack_depth(uintptr_t sp)
{
    const volatile uint32_t *p = (const uint32_t *)(sp - PAINT_BYTES);
    while (*p == PAINT)
        p++;
    return sp - (uintptr_t)p;
}

static void put_uint(uint64_t v, const char *after)
{
    char text[24];
    int k = (int)sizeof text - 1;
    text[k] = '\0';
    do {
        text[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    semihost_write(text + k);
    semihost_write(after);
}

static void poll_all(calfpump *h)
{
    calfpump_activation a[POLL];
    calfpump_cadence c[POLL];
    calfpump_bout b[POLL];
    size_t n;
    while (calfpump_poll_activations(h, a, POLL, &n) == CALFPUMP_MORE)
        ;
    while (calfpump_poll_cadence(h, c, POLL, &n) == CALFPUMP_MORE)
        ;
    while (calfpump_poll_bouts(h, b, POLL, &n) == CALFPUMP_MORE)
        ;
}

/* Streams every `step`-th frame; returns 0 and prints the cost, or 1. */
static int measure(int step)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = recording_rate_hz / (float)step;
    cfg.channels = recording_channels;
    cfg.placement = recording_placement;
    cfg.queue_capacity = 4;
    calfpump *h;
    if (calfpump_init(state, sizeof state, &cfg, &h) != CALFPUMP_OK)
        return 1;
    const size_t ch = (size_t)recording_channels;
    float chunk[CHUNK * 3];
    uint64_t counts = 0, frames = 0;
    const uintptr_t sp = paint_stack();
    for (size_t i = 0; i + (size_t)step * CHUNK <= recording_frames; i += (size_t)step * CHUNK) {
        for (size_t f = 0; f < CHUNK; f++)
            for (size_t k = 0; k < ch; k++)
                chunk[f * ch + k] = recording_data[(i + f * (size_t)step) * ch + k];
        size_t done = 0, used;
        const uint32_t start = COUNTER;
        while (done < CHUNK) {
            calfpump_push(h, chunk + done * ch, CHUNK - done, &used);
            done += used;
            poll_all(h);
        }
        counts += COUNTER - start;
        frames += CHUNK;
    }
    const uint32_t start = COUNTER;
    while (calfpump_flush(h) == CALFPUMP_E_QUEUE_FULL)
        poll_all(h);
    poll_all(h);
    counts += COUNTER - start;
    calfpump_summary s;
    calfpump_get_summary(h, &s);
    if (s.frames != frames || s.activations == 0)
        return 1;
    const uint64_t instructions = counts * INSTRUCTIONS_PER_COUNT;
    put_uint((uint64_t)cfg.sample_rate_hz, " Hz: ");
    put_uint(instructions / frames, " instructions per input frame, ");
    put_uint(instructions * (uint64_t)cfg.sample_rate_hz / frames, " per second of input (");
    put_uint(frames, " frames, ");
    put_uint(s.activations, " activations); stack ");
    put_uint(stack_depth(sp), " B below the caller\n");
    return 0;
}

int main(void)
{
    semihost_write("Cortex-M4F instructions in push/poll/flush (QEMU icount), ");
    semihost_write(calfpump_version());
    semihost_write("\n");
    return measure(1) || measure(2);
}
