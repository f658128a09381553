#include "emg_path.h"

#include "subharmonic.h"

#include <math.h>

#define DETECTION_RATE_HZ 1000.0 /* burst detector's rate: 1 ms onsets */

static int det_factor(const calfpump_config *c)
{
    const int d = (int)floor(c->sample_rate_hz / DETECTION_RATE_HZ + 1e-6);
    return d < 1 ? 1 : d;
}

/* Finished bursts wait to be taken by the window centred after their onset: at most half a
 * window and a hop of input (and a little more for rounding). */
static int burst_cap(double fs, int window, int hop)
{
    return (int)((window / 2 + hop + 2) / fs / BURSTS_MIN_SPACING_S) + 4;
}

/* Taken bursts wait to be decided until every burst within half a period after them has
 * finished (the detector's look-ahead behind the input, or the window's centre), and stay
 * within reach of later ones for 3/4 of a period: at most the look-ahead, a hop and 1.25 of
 * the longest period. */
static int cand_cap(double fs, int hop, int lag_max)
{
    const double span_s = BURSTS_LOOKAHEAD_S + (hop + 2) / fs + 1.25 * lag_max / fs;
    return (int)(span_s / BURSTS_MIN_SPACING_S) + 8;
}

/* The end of input decides every burst held by either stage at once. */
size_t emg_path_reserve(double fs, int window, int hop, int lag_max)
{
    return (size_t)cand_cap(fs, hop, lag_max) + (size_t)burst_cap(fs, window, hop) + 2;
}

void emg_path_layout(emg_path *e, arena *a, const calfpump_config *c, double fs, int window,
                     int hop, int lag_max, size_t records)
{
    void *mem = arena_take(a, sizeof(calfpump_burst) * records);
    if (mem)
        queue_setup(&e->records, mem, sizeof(calfpump_burst), records);
    e->det_factor = det_factor(c);
    bursts_layout(&e->bursts, a, c->sample_rate_hz / e->det_factor, burst_cap(fs, window, hop));
    contractions_layout(&e->contractions, a, cand_cap(fs, hop, lag_max));
}

void emg_path_setup(emg_path *e, const calfpump_config *c, int factor, int window, int lag_min,
                    queue *acts, queue *bout_records)
{
    const int d = e->det_factor;
    e->per_det = (double)factor / d;
    e->lag_min = lag_min;
    emg_condition_setup(&e->cond, c->channels, c->emg_channel, c->sample_rate_hz, d, factor,
                        c->emg_band_low_hz, c->emg_band_high_hz, c->emg_mains_hz);
    contractions *k = &e->contractions;
    k->t_scale = d / c->sample_rate_hz;
    /* Centre of the detection block, less the conditioning's delay. */
    k->t_offset = 0.5 * (d - 1) / c->sample_rate_hz - e->cond.delay_s;
    k->channel = c->emg_channel;
    k->side = c->side;
    k->reference = c->emg_reference;
    k->min_span = c->min_bout_s / k->t_scale;
    k->hold = window / 2 * e->per_det;
    k->acts = acts;
    k->burst_records = &e->records;
    k->bout_records = bout_records;
}

void emg_path_reset(emg_path *e)
{
    emg_condition_reset(&e->cond);
    bursts_reset(&e->bursts);
    contractions_reset(&e->contractions);
}

int emg_path_completes_sample(const emg_path *e)
{
    return e->cond.n_cad + 1 == e->cond.factor;
}

int emg_path_frame(emg_path *e, const float *frame, float *v, uint8_t *gap,
                   uint64_t *gap_frames)
{
    emg_sample s;
    const int ready = emg_condition_frame(&e->cond, frame, &s, v, gap, gap_frames);
    if (ready & EMG_DET_READY)
        bursts_sample(&e->bursts, &s);
    return (ready & EMG_CAD_READY) != 0;
}

/* Analysis sample i covers detection samples [i * per_det, (i + 1) * per_det). */
void emg_path_window(emg_path *e, const ring *r, cadence_window *w, int64_t start, int64_t end)
{
    if (w->rhythmic) {
        const float p = subharmonic_check(r, start, end, w->period, (float)e->lag_min);
        w->rate_hz *= w->period / p;
        w->period = p;
    }
    const float period = w->rhythmic ? (float)(w->period * e->per_det) : 0.0f;
    contractions_window(&e->contractions, &e->bursts, (w->center + 0.5) * e->per_det - 0.5,
                        period);
}

int emg_path_finish_input(emg_path *e, float *v, uint8_t *gap)
{
    const int64_t frames = e->bursts.end * e->det_factor + e->cond.n_det;
    emg_sample s;
    const int ready = emg_condition_finish(&e->cond, &s, v, gap);
    if (ready & EMG_DET_READY)
        bursts_sample(&e->bursts, &s);
    bursts_finish(&e->bursts);
    contractions *k = &e->contractions;
    k->end = e->bursts.end;
    k->end_s = (double)frames * k->t_scale / e->det_factor;
    return (ready & EMG_CAD_READY) != 0;
}

void emg_path_finish(emg_path *e)
{
    contractions_finish(&e->contractions, &e->bursts);
}

void emg_path_summary(const emg_path *e, calfpump_summary *out)
{
    const contractions *c = &e->contractions;
    out->activations = c->total_activations;
    out->steps = 2 * c->total_activations; /* a muscle fires once per stride of its leg */
    out->bouts = c->total_bouts;
    out->active_s = c->active_s;
    out->mean_cadence_per_min =
        c->closed_activations ? (float)(c->cadence_sum / c->closed_activations) : 0.0f;
}
