/* Streaming test program, built for the Cortex-M4F (output through semihosting, run under QEMU)
 * and for the host (stdout), so that the two outputs can be compared line by line.
 *
 * It does what firmware does: one handle in a static block (get_size + init, no heap), frames
 * pushed a few at a time as a sensor interrupt would deliver them, results polled into small
 * arrays after every push, flush at the end. Lines starting with '#' are information that may
 * differ between builds (sizes); all others are results:
 *   act T PERIOD STRENGTH      cad T PER_MIN CONFIDENCE RHYTHMIC      bout START END N PER_MIN
 *   summary FRAMES ACTIVATIONS BOUTS MEAN_CADENCE */
#include "calfpump.h"
#include "recording.h"
#include "report.h"

#include <stdint.h>

#define CHUNK 4          /* frames per push, as from a sensor FIFO interrupt */
#define QUEUE 4          /* the smallest result queues the library accepts */
#define POLL 8           /* results taken per poll call */
#define STATE_MAX (64 * 1024)

static unsigned char state[STATE_MAX] __attribute__((aligned(64)));

/* A line of words and numbers; fixed-point formatting of our own, so that no stdio is linked. */
typedef struct line {
    char text[160];
    int n;
} line;

static void put_char(line *l, char c)
{
    if (l->n < (int)sizeof l->text - 2) /* room for the newline and the NUL */
        l->text[l->n++] = c;
}

static void put_text(line *l, const char *s)
{
    while (*s)
        put_char(l, *s++);
}

static void put_digits(line *l, uint64_t v)
{
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k)
        put_char(l, digits[--k]);
}

static void put_uint(line *l, uint64_t v)
{
    put_char(l, ' ');
    put_digits(l, v);
}

/* v rounded to `decimals` places (half away from zero). */
static void put_fixed(line *l, double v, int decimals)
{
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    put_char(l, ' ');
    if (v < 0.0) {
        put_char(l, '-');
        v = -v;
    }
    const uint64_t units = (uint64_t)(v * (double)scale + 0.5);
    put_digits(l, units / scale);
    put_char(l, '.');
    for (uint64_t d = scale / 10, rest = units % scale; d; d /= 10) {
        put_char(l, (char)('0' + rest / d));
        rest %= d;
    }
}

static void emit(line *l)
{
    l->text[l->n++] = '\n';
    l->text[l->n] = '\0';
    report_text(l->text);
    l->n = 0;
}

/* Prints the handle size of a configuration; a build without a part it needs (the EMG path, the
 * exercise analytics: size 0) must say CALFPUMP_E_UNSUPPORTED. Returns 0, or the unexpected
 * status. */
static int report_size(const char *what, int signal, int analytics, double rate_hz,
                       uint32_t queue)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.signal = signal;
    cfg.analytics = analytics;
    cfg.channels = signal == CALFPUMP_SIGNAL_EMG ? 1 : 3;
    cfg.sample_rate_hz = rate_hz;
    cfg.queue_capacity = queue;
    line l = {.n = 0};
    put_text(&l, what);
    put_uint(&l, (uint64_t)rate_hz);
    put_text(&l, " Hz, queue_capacity");
    put_uint(&l, queue);
    put_text(&l, ": get_size");
    const size_t size = calfpump_get_size(&cfg);
    put_uint(&l, size);
    calfpump *h;
    const int st = size ? CALFPUMP_OK : calfpump_init(state, sizeof state, &cfg, &h);
    if (st != CALFPUMP_OK) {
        put_text(&l, ", ");
        put_text(&l, calfpump_strerror(st));
    }
    emit(&l);
    return st == CALFPUMP_E_UNSUPPORTED ? 0 : st;
}

/* Polls every queue empty and prints what it held: with the exercise analytics off (the
 * default), activations, cadence and bouts are all the queues an accelerometer handle has. */
static int drain(calfpump *h)
{
    calfpump_activation acts[POLL];
    calfpump_cadence wins[POLL];
    calfpump_bout bouts[POLL];
    size_t n;
    int st;
    line l = {.n = 0};
    do {
        st = calfpump_poll_activations(h, acts, POLL, &n);
        for (size_t i = 0; i < n; i++) {
            put_text(&l, "act");
            put_fixed(&l, acts[i].t, 4);
            put_fixed(&l, acts[i].period_s, 4);
            put_fixed(&l, acts[i].strength_g, 4);
            emit(&l);
        }
    } while (st == CALFPUMP_MORE);
    do {
        st = calfpump_poll_cadence(h, wins, POLL, &n);
        for (size_t i = 0; i < n; i++) {
            put_text(&l, "cad");
            put_fixed(&l, wins[i].t, 3);
            put_fixed(&l, wins[i].per_min, 3);
            put_fixed(&l, wins[i].confidence, 4);
            put_uint(&l, (uint64_t)wins[i].rhythmic);
            emit(&l);
        }
    } while (st == CALFPUMP_MORE);
    do {
        st = calfpump_poll_bouts(h, bouts, POLL, &n);
        for (size_t i = 0; i < n; i++) {
            put_text(&l, "bout");
            put_fixed(&l, bouts[i].start, 4);
            put_fixed(&l, bouts[i].end, 4);
            put_uint(&l, bouts[i].activations);
            put_fixed(&l, bouts[i].cadence_per_min, 2);
            emit(&l);
        }
    } while (st == CALFPUMP_MORE);
    return st;
}

static int fail(const char *what, int status)
{
    line l = {.n = 0};
    put_text(&l, "FAILED: ");
    put_text(&l, what);
    put_text(&l, ": ");
    put_text(&l, calfpump_strerror(status));
    emit(&l);
    return 1;
}

int main(void)
{
    line l = {.n = 0};
    put_text(&l, "# libcalfpump ");
    put_text(&l, calfpump_version());
    put_text(&l, ", recording ");
    put_text(&l, recording_name);
    emit(&l);
    for (int i = 0; i < 2; i++) {
        const uint32_t queue = i ? QUEUE : 256;
        int st = report_size("# accelerometer 3 axes", CALFPUMP_SIGNAL_ACCEL, 0, 50.0, queue);
        if (!st)
            st = report_size("# accelerometer 3 axes", CALFPUMP_SIGNAL_ACCEL, 0, 100.0, queue);
        if (!st)
            st = report_size("# accelerometer 3 axes, exercise analytics", CALFPUMP_SIGNAL_ACCEL,
                             1, 100.0, queue);
        if (!st)
            st = report_size("# EMG 1 channel", CALFPUMP_SIGNAL_EMG, 0, 1000.0, queue);
        if (st)
            return fail("get_size", st);
    }

    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = recording_rate_hz;
    cfg.channels = recording_channels;
    cfg.placement = recording_placement;
    cfg.queue_capacity = QUEUE;
    calfpump *h;
    int st = calfpump_init(state, sizeof state, &cfg, &h);
    if (st != CALFPUMP_OK)
        return fail("init", st);

    const size_t ch = (size_t)recording_channels;
    for (size_t i = 0; i < recording_frames; i += CHUNK) {
        size_t n = recording_frames - i < CHUNK ? recording_frames - i : CHUNK, done = 0;
        while (done < n) {
            size_t used;
            st = calfpump_push(h, recording_data + (i + done) * ch, n - done, &used);
            done += used;
            if (st != CALFPUMP_OK && st != CALFPUMP_E_QUEUE_FULL)
                return fail("push", st);
            if ((st = drain(h)) != CALFPUMP_OK)
                return fail("poll", st);
        }
    }
    while ((st = calfpump_flush(h)) == CALFPUMP_E_QUEUE_FULL)
        drain(h);
    if (st != CALFPUMP_OK || (st = drain(h)) != CALFPUMP_OK)
        return fail("flush", st);

    calfpump_summary s;
    calfpump_get_summary(h, &s);
    put_text(&l, "summary");
    put_uint(&l, s.frames);
    put_uint(&l, s.activations);
    put_uint(&l, s.bouts);
    put_fixed(&l, s.mean_cadence_per_min, 2);
    emit(&l);
    calfpump_deinit(h);
    return 0;
}
