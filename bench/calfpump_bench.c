/*
 * calfpump_bench: throughput and memory of libcalfpump on a long 100 Hz tri-axial recording,
 * streamed in chunks through the public API only (calfpump.h), polling every result queue after
 * each push so that memory stays bounded whatever the length.
 *
 *   calfpump_bench [--hours H] [--chunk-s S] [--tile FILE.csv] [--placement NAME] [--seed N]
 *
 * Input, one of:
 *   default        a generated day, repeated, starting at 07:00: until 23:00 a random mix of
 *                  stillness, walking bouts (1.6..2.0 steps/s with harmonics, alternate-step
 *                  asymmetry and noise) and irregular arm-like movement, then night-time
 *                  stillness with posture changes; generated chunk by chunk (nothing is held
 *                  but one chunk)
 *   --tile FILE    a CSV recording with a header naming columns t, ax, ay, az (g; other columns
 *                  are ignored), resampled to 100 Hz with calfpump_resample and repeated end to
 *                  end for the whole duration
 *
 * Reported: frames, signal duration, wall time (CLOCK_MONOTONIC) in total and inside the library
 * (push + poll), frames per second, realtime factor, activations, bouts, steps, gap frames, the
 * handle's size and the process's peak resident memory (getrusage ru_maxrss). Run it for 1 h and
 * for 7 days: peak memory is the same.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "calfpump.h"

#define RATE_HZ 100.0
#define POLL_CAP 64
#define DAY_S 86400.0
#define HIST 32

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static void die(const char *what, int status)
{
    fprintf(stderr, "calfpump_bench: %s: %s\n", what, calfpump_strerror(status));
    exit(1);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- deterministic random numbers (splitmix64) ------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_range(uint64_t *s, double lo, double hi)
{
    return lo + (hi - lo) * rng_unit(s);
}

/* ---- the generated day ------------------------------------------------------------------ */

enum { SEG_STILL, SEG_WALK, SEG_MOVE };

typedef struct day_gen {
    uint64_t rng;
    uint64_t frame;         /* frames generated so far */
    uint64_t seg_end;       /* frame at which the current segment ends */
    int seg;
    double gravity[3];      /* orientation of the current posture */
    /* walking */
    double step_hz, amp, asym, phase;
    uint64_t steps;         /* steps generated (phase wraps), for comparison */
    uint64_t seg_frames[3]; /* frames generated of each kind of segment */
    uint64_t walks;         /* walking segments */
    /* The latest segments (start frame, kind), to tell what an activation fell on: results
     * come at most a window and a bout's confirmation late, far less than HIST segments. */
    uint64_t hist_start[HIST];
    int hist_kind[HIST];
    uint64_t n_hist;
    /* irregular movement: two one-pole low-pass stages per axis */
    double lp1[3], lp2[3], move_amp;
} day_gen;

static void random_posture(day_gen *g, int lying)
{
    /* Upright: gravity mostly on z; lying: on x or y. */
    double tilt = rng_range(&g->rng, -0.4, 0.4), turn = rng_range(&g->rng, 0.0, 2.0 * M_PI);
    if (lying)
        tilt += M_PI / 2;
    g->gravity[0] = sin(tilt) * cos(turn);
    g->gravity[1] = sin(tilt) * sin(turn);
    g->gravity[2] = cos(tilt);
}

/* Chooses the segment starting at the current frame. */
static void next_segment(day_gen *g)
{
    /* The recording starts at 07:00, when the wearer gets up. */
    const double t = (double)g->frame / RATE_HZ, clock = fmod(t + 7.0 * 3600.0, DAY_S);
    const double awake_from = 7.0 * 3600.0, awake_to = 23.0 * 3600.0;
    double len_s;
    if (clock < awake_from || clock >= awake_to) {
        /* Night: lie still until the next posture change (20..120 min) or the morning. */
        g->seg = SEG_STILL;
        random_posture(g, 1);
        len_s = rng_range(&g->rng, 1200.0, 7200.0);
        const double until = clock < awake_from ? awake_from - clock : DAY_S - clock + awake_from;
        if (len_s > until)
            len_s = until;
    } else {
        const double u = rng_unit(&g->rng);
        if (u < 0.30) {
            g->seg = SEG_WALK;
            g->walks++;
            len_s = rng_range(&g->rng, 30.0, 900.0);
            g->step_hz = rng_range(&g->rng, 1.6, 2.0);
            g->amp = rng_range(&g->rng, 0.15, 0.30);
            g->asym = rng_range(&g->rng, 0.0, 0.3);
            random_posture(g, 0);
        } else if (u < 0.55) {
            g->seg = SEG_MOVE;
            len_s = rng_range(&g->rng, 60.0, 600.0);
            g->move_amp = rng_range(&g->rng, 0.05, 0.2);
            random_posture(g, 0);
        } else {
            g->seg = SEG_STILL;
            len_s = rng_range(&g->rng, 120.0, 1800.0);
            random_posture(g, 0);
        }
        if (len_s > awake_to - clock)
            len_s = awake_to - clock;
    }
    if (len_s < 1.0)
        len_s = 1.0;
    g->seg_end = g->frame + (uint64_t)(len_s * RATE_HZ);
    g->hist_start[g->n_hist % HIST] = g->frame;
    g->hist_kind[g->n_hist % HIST] = g->seg;
    g->n_hist++;
}

/* Kind of segment frame f belongs to; -1 if it is older than the history. */
static int day_kind_at(const day_gen *g, double f)
{
    for (uint64_t i = g->n_hist; i > 0 && i + HIST > g->n_hist; i--)
        if ((double)g->hist_start[(i - 1) % HIST] <= f)
            return g->hist_kind[(i - 1) % HIST];
    return -1;
}

static void day_init(day_gen *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->rng = seed;
    next_segment(g);
}

/* Writes n frames (x, y, z interleaved). */
static void day_fill(day_gen *g, float *x, size_t n)
{
    const double lp = exp(-2.0 * M_PI * 1.5 / RATE_HZ);
    for (size_t i = 0; i < n; i++, g->frame++) {
        if (g->frame >= g->seg_end)
            next_segment(g);
        g->seg_frames[g->seg]++;
        double a[3] = {g->gravity[0], g->gravity[1], g->gravity[2]};
        double noise = 0.005;
        if (g->seg == SEG_WALK) {
            /* Step waveform (fundamental + 2nd + 3rd harmonic) mostly along gravity, a weaker
             * forward component, a stride-rate sway, alternate steps (1 +- asym) high, and
             * a rate that wanders by a few per cent. */
            const double ph = g->phase;
            const double side = 1.0 + g->asym * cos(0.5 * ph);
            const double vert =
                g->amp * side * (sin(ph) + 0.4 * sin(2.0 * ph + 0.6) + 0.15 * sin(3.0 * ph + 1.3));
            const double fwd = 0.5 * g->amp * sin(ph + 1.0), sway = 0.15 * g->amp * sin(0.5 * ph);
            for (int k = 0; k < 3; k++)
                a[k] *= 1.0 + vert;
            a[0] += fwd;
            a[1] += sway;
            noise = 0.02;
            const double wander = 1.0 + 0.03 * sin(2.0 * M_PI * (double)g->frame / (RATE_HZ * 40));
            g->phase += 2.0 * M_PI * g->step_hz * wander / RATE_HZ;
            if (g->phase >= 4.0 * M_PI) { /* keep the phase small; count steps */
                g->phase -= 4.0 * M_PI;
                g->steps += 2;
            }
        } else if (g->seg == SEG_MOVE) {
            for (int k = 0; k < 3; k++) {
                g->lp1[k] = lp * g->lp1[k] + (1.0 - lp) * (2.0 * rng_unit(&g->rng) - 1.0);
                g->lp2[k] = lp * g->lp2[k] + (1.0 - lp) * g->lp1[k];
                a[k] += g->move_amp * 20.0 * g->lp2[k];
            }
            noise = 0.01;
        }
        for (int k = 0; k < 3; k++)
            x[3 * i + (size_t)k] = (float)(a[k] + noise * (2.0 * rng_unit(&g->rng) - 1.0));
    }
}

/* ---- a tiled recording ------------------------------------------------------------------ */

typedef struct tile {
    float *x;      /* frames at RATE_HZ */
    size_t n;
    size_t pos;    /* next frame to hand out */
    uint64_t laps; /* completed passes */
} tile;

/* Index of `name` in a comma-separated header, -1 if absent. */
static int column_of(const char *header, const char *name)
{
    int col = 0;
    const char *p = header;
    const size_t len = strlen(name);
    while (*p) {
        const char *end = p + strcspn(p, ",\r\n");
        if ((size_t)(end - p) == len && strncmp(p, name, len) == 0)
            return col;
        if (*end != ',')
            break;
        p = end + 1;
        col++;
    }
    return -1;
}

static void tile_load(tile *tl, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "calfpump_bench: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, f) < 0) {
        fprintf(stderr, "calfpump_bench: %s: empty file\n", path);
        exit(1);
    }
    int col[4];
    const char *names[4] = {"t", "ax", "ay", "az"};
    int max_col = 0;
    for (int k = 0; k < 4; k++) {
        col[k] = column_of(line, names[k]);
        if (col[k] < 0) {
            fprintf(stderr, "calfpump_bench: %s: no column '%s' in the header\n", path, names[k]);
            exit(1);
        }
        if (col[k] > max_col)
            max_col = col[k];
    }
    size_t n = 0, n_cap = 1 << 16;
    double *t = malloc(n_cap * sizeof *t);
    float *v = malloc(n_cap * 3 * sizeof *v);
    if (!t || !v)
        die("reading the tile", CALFPUMP_E_NOMEM);
    while (getline(&line, &cap, f) >= 0) {
        double field[4] = {NAN, NAN, NAN, NAN};
        char *p = line;
        for (int c = 0; c <= max_col && p; c++) {
            for (int k = 0; k < 4; k++)
                if (col[k] == c)
                    field[k] = strtod(p, NULL);
            p = strchr(p, ',');
            if (p)
                p++;
        }
        if (!isfinite(field[0]))
            continue;
        if (n == n_cap) {
            n_cap *= 2;
            t = realloc(t, n_cap * sizeof *t);
            v = realloc(v, n_cap * 3 * sizeof *v);
            if (!t || !v)
                die("reading the tile", CALFPUMP_E_NOMEM);
        }
        t[n] = field[0];
        for (int k = 0; k < 3; k++)
            v[3 * n + (size_t)k] = (float)field[k + 1];
        n++;
    }
    free(line);
    fclose(f);

    const size_t frames = calfpump_resample_frames(t, n, RATE_HZ);
    if (frames < 2) {
        fprintf(stderr, "calfpump_bench: %s: too short or times not increasing\n", path);
        exit(1);
    }
    tl->x = malloc(frames * 3 * sizeof *tl->x);
    if (!tl->x)
        die("resampling the tile", CALFPUMP_E_NOMEM);
    size_t got = 0;
    const int st = calfpump_resample(t, v, n, 3, RATE_HZ, 0.25, tl->x, frames, &got);
    if (st != CALFPUMP_OK)
        die("calfpump_resample", st);
    tl->n = got;
    tl->pos = 0;
    tl->laps = 0;
    fprintf(stderr, "tile: %s: %zu samples over %.1f s (%.1f Hz mean) -> %zu frames at %.0f Hz\n",
            path, n, t[n - 1] - t[0], (double)(n - 1) / (t[n - 1] - t[0]), got, RATE_HZ);
    free(t);
    free(v);
}

static void tile_fill(tile *tl, float *x, size_t n)
{
    while (n > 0) {
        size_t k = tl->n - tl->pos < n ? tl->n - tl->pos : n;
        memcpy(x, tl->x + 3 * tl->pos, k * 3 * sizeof *x);
        x += 3 * k;
        n -= k;
        tl->pos += k;
        if (tl->pos == tl->n) {
            tl->pos = 0;
            tl->laps++;
        }
    }
}

/* ---- streaming ------------------------------------------------------------------------- */

typedef struct totals {
    uint64_t activations, bouts, windows, rhythmic;
    uint64_t analytics; /* exercise analytics records (sessions, sets, immobility, ...) */
    double bout_s;
    /* generated day only: activations and bouts (by their middle) per kind of segment */
    uint64_t act_in[3], bouts_in[3];
    const day_gen *gen;
} totals;

static void drain(calfpump *h, totals *tot)
{
    static calfpump_activation act[POLL_CAP];
    static calfpump_cadence cad[POLL_CAP];
    static calfpump_bout bout[POLL_CAP];
    size_t got;
    int st;
    do {
        st = calfpump_poll_activations(h, act, POLL_CAP, &got);
        if (st < 0)
            die("calfpump_poll_activations", st);
        tot->activations += got;
        for (size_t i = 0; tot->gen && i < got; i++) {
            const int k = day_kind_at(tot->gen, act[i].t * RATE_HZ);
            if (k >= 0)
                tot->act_in[k]++;
        }
    } while (st == CALFPUMP_MORE);
    do {
        st = calfpump_poll_cadence(h, cad, POLL_CAP, &got);
        if (st < 0)
            die("calfpump_poll_cadence", st);
        tot->windows += got;
        for (size_t i = 0; i < got; i++)
            tot->rhythmic += cad[i].rhythmic != 0;
    } while (st == CALFPUMP_MORE);
    do {
        st = calfpump_poll_bouts(h, bout, POLL_CAP, &got);
        if (st < 0)
            die("calfpump_poll_bouts", st);
        tot->bouts += got;
        for (size_t i = 0; i < got; i++) {
            tot->bout_s += bout[i].end - bout[i].start;
            const int k = tot->gen ? day_kind_at(tot->gen, 0.5 * (bout[i].start + bout[i].end) *
                                                               RATE_HZ)
                                   : -1;
            if (k >= 0)
                tot->bouts_in[k]++;
        }
    } while (st == CALFPUMP_MORE);
    /* The analytics queues fill up too (a push stops until they are polled); only counted. */
    static union {
        calfpump_session session[POLL_CAP];
        calfpump_set set[POLL_CAP];
        calfpump_immobility immobility[POLL_CAP];
        calfpump_posture posture[POLL_CAP];
        calfpump_day day[POLL_CAP];
        calfpump_activity activity[POLL_CAP];
    } rec;
#define DRAIN(poll, buf)                                                                          \
    do {                                                                                          \
        st = poll(h, buf, POLL_CAP, &got);                                                        \
        if (st < 0)                                                                               \
            die(#poll, st);                                                                       \
        tot->analytics += got;                                                                    \
    } while (st == CALFPUMP_MORE)
    DRAIN(calfpump_poll_sessions, rec.session);
    DRAIN(calfpump_poll_sets, rec.set);
    DRAIN(calfpump_poll_immobility, rec.immobility);
    DRAIN(calfpump_poll_posture, rec.posture);
    DRAIN(calfpump_poll_days, rec.day);
    DRAIN(calfpump_poll_activity, rec.activity);
#undef DRAIN
}

/* Pushes a chunk, polling whenever the library says its queues are full. */
static void push_all(calfpump *h, const float *x, size_t n, totals *tot)
{
    while (n > 0) {
        size_t used = 0;
        const int st = calfpump_push(h, x, n, &used);
        if (st != CALFPUMP_OK && st != CALFPUMP_E_QUEUE_FULL)
            die("calfpump_push", st);
        x += 3 * used;
        n -= used;
        drain(h, tot);
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: calfpump_bench [--hours H] [--chunk-s S] [--tile FILE.csv] [--analytics 0|1] "
            "[--placement NAME] [--seed N]\n"
            "  --hours H        signal length (default 168 = 7 days)\n"
            "  --chunk-s S      seconds pushed per call (default 1)\n"
            "  --tile FILE.csv  repeat a recording (columns t,ax,ay,az in g) instead of the "
            "generated day\n"
            "  --placement P    sensor placement name (default lower_back)\n"
            "  --seed N         seed of the generated day (default 1)\n"
            "  --analytics 0|1  exercise analytics off (the library's default) or on (default 1,\n"
            "                   as the CLI runs)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    double hours = 168.0, chunk_s = 1.0;
    const char *tile_path = NULL, *placement = "lower_back";
    uint64_t seed = 1;
    int analytics = 1; /* the whole analysis, as the CLI runs it */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        if (strcmp(a, "--hours") == 0)
            hours = strtod(argv[++i], NULL);
        else if (strcmp(a, "--chunk-s") == 0)
            chunk_s = strtod(argv[++i], NULL);
        else if (strcmp(a, "--tile") == 0)
            tile_path = argv[++i];
        else if (strcmp(a, "--placement") == 0)
            placement = argv[++i];
        else if (strcmp(a, "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--analytics") == 0)
            analytics = atoi(argv[++i]);
        else
            usage();
    }
    if (!(hours > 0.0) || !(chunk_s >= 0.01) || chunk_s > 3600.0 || (analytics != 0 && analytics != 1))
        usage();

    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = analytics;
    cfg.sample_rate_hz = RATE_HZ;
    cfg.channels = 3;
    cfg.placement = calfpump_placement_from_name(placement);
    if (cfg.placement < 0) {
        fprintf(stderr, "calfpump_bench: unknown placement '%s'\n", placement);
        return 2;
    }
    calfpump *h = NULL;
    int st = calfpump_create(&cfg, &h);
    if (st != CALFPUMP_OK)
        die("calfpump_create", st);

    tile tl = {0};
    day_gen gen;
    if (tile_path)
        tile_load(&tl, tile_path);
    else
        day_init(&gen, seed);

    const uint64_t total = (uint64_t)llround(hours * 3600.0 * RATE_HZ);
    const size_t chunk = (size_t)llround(chunk_s * RATE_HZ);
    float *x = malloc(chunk * 3 * sizeof *x);
    if (!x)
        die("chunk buffer", CALFPUMP_E_NOMEM);

    totals tot = {0};
    tot.gen = tile_path ? NULL : &gen;
    double in_lib = 0.0;
    const double t0 = now_s();
    for (uint64_t done = 0; done < total;) {
        const size_t n = total - done < chunk ? (size_t)(total - done) : chunk;
        if (tile_path)
            tile_fill(&tl, x, n);
        else
            day_fill(&gen, x, n);
        const double a = now_s();
        push_all(h, x, n, &tot);
        in_lib += now_s() - a;
        done += n;
    }
    const double a = now_s();
    for (st = calfpump_flush(h); st == CALFPUMP_E_QUEUE_FULL; st = calfpump_flush(h))
        drain(h, &tot);
    if (st != CALFPUMP_OK)
        die("calfpump_flush", st);
    drain(h, &tot);
    in_lib += now_s() - a;
    const double wall = now_s() - t0;

    calfpump_summary sum;
    st = calfpump_get_summary(h, &sum);
    if (st != CALFPUMP_OK)
        die("calfpump_get_summary", st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    const double signal_s = (double)sum.frames / RATE_HZ;
    printf("library          %s\n", calfpump_version());
    if (tile_path)
        printf("input            tile %s (%zu frames, %llu full passes)\n", tile_path, tl.n,
               (unsigned long long)tl.laps);
    else
        printf("input            generated day, seed %llu: %llu walks, %.1f min walking "
               "(%llu steps), %.1f min irregular movement, %.1f min still\n",
               (unsigned long long)seed, (unsigned long long)gen.walks,
               (double)gen.seg_frames[SEG_WALK] / RATE_HZ / 60.0,
               (unsigned long long)gen.steps, (double)gen.seg_frames[SEG_MOVE] / RATE_HZ / 60.0,
               (double)gen.seg_frames[SEG_STILL] / RATE_HZ / 60.0);
    printf("placement        %s\n", calfpump_placement_name(cfg.placement));
    printf("chunk            %.2f s (%zu frames)\n", chunk_s, chunk);
    printf("frames           %llu (%.2f h of signal at %.0f Hz, 3 axes)\n",
           (unsigned long long)sum.frames, signal_s / 3600.0, RATE_HZ);
    printf("wall time        %.3f s total, %.3f s in the library (push/poll/flush)\n", wall,
           in_lib);
    printf("frames/s         %.4g total, %.4g library\n", (double)sum.frames / wall,
           (double)sum.frames / in_lib);
    printf("realtime factor  %.4g x total, %.4g x library\n", signal_s / wall, signal_s / in_lib);
    printf("activations      %llu (summary: %u activations, %u steps)\n",
           (unsigned long long)tot.activations, sum.activations, sum.steps);
    printf("analytics        %llu records (sessions, sets, immobility, posture, days, activity)\n",
           (unsigned long long)tot.analytics);
    printf("bouts            %llu, %.1f min active (summary: %u bouts, mean %.1f steps/min)\n",
           (unsigned long long)tot.bouts, tot.bout_s / 60.0, sum.bouts, sum.mean_cadence_per_min);
    if (!tile_path)
        printf("  found during   walking: %llu activations in %llu bouts; irregular movement: "
               "%llu in %llu; stillness: %llu in %llu\n",
               (unsigned long long)tot.act_in[SEG_WALK], (unsigned long long)tot.bouts_in[SEG_WALK],
               (unsigned long long)tot.act_in[SEG_MOVE], (unsigned long long)tot.bouts_in[SEG_MOVE],
               (unsigned long long)tot.act_in[SEG_STILL],
               (unsigned long long)tot.bouts_in[SEG_STILL]);
    printf("cadence windows  %llu, %llu rhythmic\n", (unsigned long long)tot.windows,
           (unsigned long long)tot.rhythmic);
    printf("gap frames       %llu\n", (unsigned long long)sum.gap_frames);
    printf("handle size      %zu bytes\n", calfpump_get_size(&cfg));
    printf("peak RSS         %ld KiB\n", ru.ru_maxrss);

    calfpump_destroy(h);
    free(x);
    free(tl.x);
    /* The totals polled must be the summary's: nothing was dropped on the way. */
    if (tot.activations != sum.activations || tot.bouts != sum.bouts) {
        fprintf(stderr, "calfpump_bench: polled totals differ from the summary\n");
        return 1;
    }
    return 0;
}
