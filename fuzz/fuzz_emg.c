/*
 * The EMG path (signal = CALFPUMP_SIGNAL_EMG): an EMG config and an EMG signal from the input,
 * then calfpump_create (status as documented for the config), calfpump_analyze, and the stream on
 * a second handle (random chunks, poll arrays of 1..4 entries, small queues: the overflow paths).
 * Oracles: the result invariants of fuzz_common.h (bursts paired, ordered, finite, inside the
 * input, the i-th burst the i-th activation, every frame counted), the burst fields (channel,
 * side, the reference ratios), gap_frames == the non-finite samples of the analysed channel, and
 * stream == batch.
 *
 * Input layout (fuzz/make_corpus.py writes seeds in it; missing bytes read as 0):
 *   config  13 bytes
 *     0 rate: bit 7 set: 500 + (b & 127) x 9500 / 127 Hz (500..10000); else a table of usual
 *       and bad rates (499, 10001, 0, NaN, -1000 among them)
 *     1 channels: b % 20 < 16: 1 + b % 20; else 0, 17, -1 or 64
 *     2 emg_channel: < 0xF0: b % channels; 0xF0..0xF7: channels + (b & 7); 0xF8..: -1
 *     3 emg_band_low_hz 10..105    4 emg_band_high_hz 100..2090 (each a little beyond its range;
 *       zero bytes: a valid config)
 *     5 emg_mains_hz: b % 4 of 0, 50, 60, 55
 *     6 emg_reference: 0: none; 254: NaN; 255: -1; else 10^((b - 100) / 10)
 *     7 flags: bit 0 window_s, hop_s, min_bout_s from bytes 8..10 (spans as fuzz_common.h's);
 *              bit 1 queue_capacity = 12 + byte 11 (byte 11 < 4: byte 11, too small)
 *     8 window_s  9 hop_s  10 min_bout_s  11 queue  12 side (b % 4: 3 is out of range)
 *   seed    4 bytes  chunk sizes (1 + seed % 4096) and poll array size (1 + (seed >> 16) % 4)
 *   signal  rest     mode byte m % 4, then
 *     0: raw little-endian floats (NaN, Inf, huge values included) to the end
 *     1: scale byte s, offset byte o: int8 samples x 2^(s / 2 - 64) + (int8)o x 8 x the same, to
 *        the end (tiny to huge values, DC offsets)
 *     2: synthetic EMG on every channel: seconds 0.05 x (1 + b), noise 2^(b / 2 - 64), DC offset
 *        int8 x 8 x noise, burst period 0.2..3.2 s, duty 0.05..0.95, burst gain 1..100, clipping
 *        (0: none, else at b / 255 of the burst amplitude), noise seed, gap count (b % 4) with a
 *        start byte, a length byte (x 16 frames) and a kind byte (NaN, +Inf, -Inf, 3e38) each;
 *        the remaining bytes are added as int8 / 16 x noise, cycled
 *     3: constant: a raw float value and a frame count (u16 x 2)
 */
#include "fuzz_common.h"

/* The frame's channel count the signal is built with (a bad one: 1, create refuses it). */
static size_t emg_frame_channels(const calfpump_config *cfg)
{
    return cfg->channels >= 1 && cfg->channels <= CALFPUMP_EMG_MAX_CHANNELS ? (size_t)cfg->channels
                                                                            : 1;
}

static int in_range(double v, double lo, double hi)
{
    return v >= lo && v <= hi;
}

/* Draws the config; returns the status the header documents for it, known from the draw (the
 * first bad class in the order rate, channels, other fields). */
static int emg_config(fz_reader *r, calfpump_config *cfg)
{
    /* Rates 10.. of the table are out of range. */
    static const double rates[16] = {1000, 2000, 500, 10000, 1024, 4000, 999.5, 2048,
                                     600,  1000, 499, 10001, 0,    NAN,  1e6,   -1000};
    static const int32_t bad_channels[4] = {0, CALFPUMP_EMG_MAX_CHANNELS + 1, -1, 64};
    static const float mains[4] = {0.0f, 50.0f, 60.0f, 55.0f};
    calfpump_config_init(cfg);
    cfg->signal = CALFPUMP_SIGNAL_EMG;
    cfg->analytics = 1; /* immobility and days follow the bursts too */
    const uint8_t rate = fz_u8(r), ch = fz_u8(r), pick = fz_u8(r);
    cfg->sample_rate_hz =
        (rate & 0x80) ? 500.0 + (rate & 0x7f) * 9500.0 / 127.0 : rates[rate & 15];
    const int bad_rate = !(rate & 0x80) && (rate & 15) >= 10;
    cfg->channels = ch % 20 < 16 ? 1 + ch % 20 : bad_channels[ch % 20 - 16];
    const int32_t channels = (int32_t)emg_frame_channels(cfg);
    cfg->emg_channel = pick < 0xF0   ? pick % channels
                       : pick < 0xF8 ? cfg->channels + (pick & 7)
                                     : -1;
    const int bad_channel = ch % 20 >= 16 || pick >= 0xF0;
    cfg->emg_band_low_hz = (float)fz_span(r, 10.0, 95.0);
    cfg->emg_band_high_hz = (float)fz_span(r, 100.0, 1990.0);
    const size_t m = fz_index(r, 4);
    cfg->emg_mains_hz = mains[m];
    const uint8_t ref = fz_u8(r);
    cfg->emg_reference = ref == 0     ? 0.0f
                         : ref == 254 ? NAN
                         : ref == 255 ? -1.0f
                                      : (float)pow(10.0, (ref - 100) / 10.0);
    const uint8_t flags = fz_u8(r);
    const float window = (float)fz_span(r, 3.5, 27.0), hop = (float)fz_span(r, 0.05, 1.0),
                min_bout = (float)fz_span(r, 1.5, 60.0);
    const uint8_t q = fz_u8(r);
    int bad_arg = cfg->emg_band_low_hz > 100.0f || cfg->emg_band_high_hz > 2000.0f || m == 3 ||
                  ref >= 254;
    if (flags & 1) {
        cfg->window_s = window;
        cfg->hop_s = hop;
        cfg->min_bout_s = min_bout;
        bad_arg |= !in_range(window, 4.0, 30.0) || !in_range(hop, 0.1, 1.0) ||
                   !in_range(min_bout, 2.0, 60.0);
    }
    if (flags & 2) {
        cfg->queue_capacity = q < 4 ? q : 12u + q;
        bad_arg |= q < 4;
    }
    cfg->side = (int32_t)fz_index(r, 4);
    bad_arg |= cfg->side == 3;
    return bad_rate ? CALFPUMP_E_RATE
           : bad_channel ? CALFPUMP_E_CHANNELS
           : bad_arg     ? CALFPUMP_E_ARG
                         : CALFPUMP_OK;
}

/* 2^(b / 2 - 64): one byte as a scale from tiny to huge. */
static double emg_scale(fz_reader *r)
{
    return ldexp(1.0, fz_u8(r) / 2 - 64);
}

static float *emg_alloc(size_t n, size_t ch)
{
    float *x = malloc((n ? n : 1) * ch * sizeof *x);
    if (!x)
        abort();
    return x;
}

/* Synthetic EMG: noise, periodic bursts, a DC offset, clipping and gaps (layout above). */
static float *emg_synthetic(fz_reader *r, double rate, size_t ch, size_t *n)
{
    static const float gap_values[4] = {NAN, INFINITY, -INFINITY, 3e38f};
    const double seconds = 0.05 * (1 + fz_u8(r)), noise = emg_scale(r);
    const double dc = (int8_t)fz_u8(r) * 8.0 * noise;
    const double period = fz_span(r, 0.2, 3.0), duty = fz_span(r, 0.05, 0.9);
    const double gain = fz_span(r, 1.0, 99.0);
    const uint8_t clip_byte = fz_u8(r);
    const double clip = clip_byte ? clip_byte / 255.0 * gain * noise : HUGE_VAL;
    uint64_t st = fz_u8(r);
    *n = (size_t)(seconds * rate);
    if (*n > FZ_MAX_FRAMES)
        *n = FZ_MAX_FRAMES;
    float *x = emg_alloc(*n, ch);
    for (size_t i = 0; i < *n; i++) {
        const double t = (double)i / rate, phase = fmod(t, period) / period;
        const double amp = phase < duty ? gain * noise : noise;
        for (size_t c = 0; c < ch; c++) {
            double v = amp * synth_uniform(&st);
            v = v > clip ? clip : v < -clip ? -clip : v;
            x[i * ch + c] = (float)(v + dc);
        }
    }
    const size_t gaps = fz_index(r, 4);
    for (size_t g = 0; g < gaps; g++) {
        const size_t start = (size_t)(fz_unit(r) * (double)*n), len = fz_u8(r) * (size_t)16;
        const float v = gap_values[fz_index(r, 4)];
        for (size_t i = start; i < start + len && i < *n; i++)
            x[i * ch + i % ch] = v;
    }
    if (r->n) {
        for (size_t i = 0; i < *n * ch; i++)
            x[i] += (float)((int8_t)r->p[i % r->n] / 16.0 * noise);
    }
    return x;
}

/* The signal (layout above): *n frames of ch floats, malloc'ed. */
static float *emg_signal(fz_reader *r, double rate, size_t ch, size_t *n)
{
    const size_t mode = fz_index(r, 4);
    float *x;
    *n = 0;
    if (mode == 0) {
        *n = r->n / (4 * ch);
        *n = *n > FZ_MAX_FRAMES ? FZ_MAX_FRAMES : *n;
        x = emg_alloc(*n, ch);
        for (size_t i = 0; i < *n * ch; i++)
            x[i] = fz_f32(r);
    } else if (mode == 1) {
        const double scale = emg_scale(r), dc = (int8_t)fz_u8(r) * 8.0 * scale;
        *n = r->n / ch;
        *n = *n > FZ_MAX_FRAMES ? FZ_MAX_FRAMES : *n;
        x = emg_alloc(*n, ch);
        for (size_t i = 0; i < *n * ch; i++)
            x[i] = (float)((int8_t)fz_u8(r) * scale + dc);
    } else if (mode == 2) {
        x = emg_synthetic(r, rate, ch, n);
    } else {
        const float v = fz_f32(r);
        *n = 2 * (size_t)fz_u16(r);
        *n = *n > FZ_MAX_FRAMES ? FZ_MAX_FRAMES : *n;
        x = emg_alloc(*n, ch);
        for (size_t i = 0; i < *n * ch; i++)
            x[i] = v;
    }
    return x;
}

/* The EMG part of the contract, beyond fz_check_results. */
static void emg_check(const results *res, const calfpump_config *cfg, const float *x, size_t n)
{
    const size_t ch = (size_t)cfg->channels;
    size_t gaps = 0;
    for (size_t i = 0; i < n; i++)
        gaps += !isfinite(x[i * ch + (size_t)cfg->emg_channel]);
    FZ_CHECK(res->summary.gap_frames == gaps);
    FZ_CHECK(res->n_burst == res->n_act);
    for (size_t i = 0; i < res->n_burst; i++) {
        const calfpump_burst *b = &res->burst[i];
        FZ_CHECK(b->onset >= 0.0);
        FZ_CHECK(b->channel == cfg->emg_channel && b->side == cfg->side);
        FZ_CHECK(isfinite(b->peak) && isfinite(b->mean));
        if (cfg->emg_reference > 0.0f)
            FZ_CHECK(b->peak_ref >= b->mean_ref && b->mean_ref >= 0.0f);
        else
            FZ_CHECK(b->peak_ref == 0.0f && b->mean_ref == 0.0f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    calfpump_config cfg;
    const int expected = emg_config(&r, &cfg);
    const uint32_t seed = fz_u32(&r);
    const double rate = in_range(cfg.sample_rate_hz, CALFPUMP_EMG_MIN_RATE_HZ,
                                 CALFPUMP_EMG_MAX_RATE_HZ)
                            ? cfg.sample_rate_hz
                            : 1000.0;
    const size_t ch = emg_frame_channels(&cfg);
    size_t n = 0;
    float *x = emg_signal(&r, rate, ch, &n);

    calfpump *h = NULL;
    const int rc = calfpump_create(&cfg, &h);
    FZ_CHECK(rc == expected || (expected == CALFPUMP_OK && rc == CALFPUMP_E_NOMEM));
    FZ_CHECK((rc == CALFPUMP_OK) == (calfpump_get_size(&cfg) > 0));
    if (rc != CALFPUMP_OK) {
        FZ_CHECK(h == NULL);
        free(x);
        return 0;
    }
    results b = {0}, s = {0};
    const int brc = driver_batch(h, x, n, &b);
    FZ_CHECK(brc == CALFPUMP_OK || brc == CALFPUMP_E_NOMEM);
    if (brc == CALFPUMP_OK) {
        fz_check_results(&b, n, cfg.sample_rate_hz);
        emg_check(&b, &cfg, x, n);

        calfpump *g = NULL;
        FZ_CHECK(calfpump_create(&cfg, &g) == CALFPUMP_OK);
        const size_t max_chunk = 1 + seed % 4096, poll_cap = 1 + (seed >> 16) % 4;
        driver_stream(g, x, n, ch, seed, max_chunk, poll_cap, &s);
        fz_check_results(&s, n, cfg.sample_rate_hz);
        char why[256];
        if (results_differ(&s, &b, why, sizeof why)) {
            fprintf(stderr, "stream and batch differ: %s\n", why);
            abort();
        }
        calfpump_destroy(g);
    }
    results_free(&b);
    results_free(&s);
    calfpump_destroy(h);
    free(x);
    return 0;
}
