#include "exercise.h"

#include "bursts.h"
#include "posture.h"

#include <math.h>
#include <string.h>

#define DEG_PER_G 57.29577951308232f /* small rotations: 1 g moved onto an axis = 1 rad */

void exercise_setup(exercise *e, const calfpump_config *c, double fs, const float up[3],
                    queue *sessions, queue *sets)
{
    const int three = c->signal == CALFPUMP_SIGNAL_ACCEL && c->channels == 3;
    /* EMG: the rules are for a calf muscle, which lies on the shank. */
    const int calf = c->placement == CALFPUMP_PLACEMENT_SHANK ||
                     c->placement == CALFPUMP_PLACEMENT_UNKNOWN;
    e->mode = c->signal == CALFPUMP_SIGNAL_EMG            ? (calf ? EX_EMG : EX_OFF)
              : !three                                    ? EX_OFF
              : c->placement == CALFPUMP_PLACEMENT_FOOT  ? EX_FOOT
              : c->placement == CALFPUMP_PLACEMENT_SHANK ? EX_SHANK
                                                         : EX_OFF;
    e->tilt_known = up[0] != 0.0f || up[1] != 0.0f || up[2] != 0.0f;
    for (int i = 0; i < 3; i++)
        e->up[i] = up[i];
    e->dt = 1.0 / fs;
    /* A burst is decided once the cadence window half a period after its onset has run and
     * the detector has looked BURSTS_LOOKAHEAD_S past its end: a window, the longest period
     * and the look-ahead behind the stream at most. */
    e->pause_s = EX_MAX_PERIOD_S;
    if (e->mode == EX_EMG)
        e->pause_s += c->window_s + 1.0 / c->band_low_hz + BURSTS_LOOKAHEAD_S;
    e->min_tilt = e->mode == EX_FOOT ? EX_MIN_FOOT_DEG : EX_MIN_TILT_DEG;
    e->a_fast = (float)(1.0 - exp(-1.0 / (EX_TAU_S * fs)));
    e->a_mean = (float)(1.0 - exp(-1.0 / (EX_MEAN_TAU_S * fs)));
    e->a_var = (float)(1.0 - exp(-1.0 / (EX_VAR_TAU_S * fs)));
    const double c45 = cos(EX_RESTART_DEG / DEG_PER_RAD);
    e->restart_cos2 = (float)(c45 * c45);
    e->restart_n = (uint32_t)ceil(EX_RESTART_S * fs);
    e->session_min_s = c->session_min_s;
    e->session_min_per_min = c->session_min_per_min;
    e->sessions = sessions;
    e->sets = sets;
}

/* fminf(m, x) and fmaxf(m, x) for an m that is never NaN, without a call into libm (this runs
 * for every analysis sample). */
static inline float lower(float m, float x)
{
    return x < m ? x : m;
}

static inline float upper(float m, float x)
{
    return x > m ? x : m;
}

static void sums_clear(ex_sums *s)
{
    memset(s, 0, sizeof *s);
    s->th_min = INFINITY;
}

static void sums_add(ex_sums *to, const ex_sums *from)
{
    to->n += from->n;
    to->th += from->th;
    to->th2 += from->th2;
    to->s += from->s;
    to->s2 += from->s2;
    to->ths += from->ths;
    to->th_min = lower(to->th_min, from->th_min);
}

static void cycle_clear(exercise *e)
{
    e->c_min = e->m_min = e->th_min = INFINITY;
    e->c_max = e->m_max = e->th_max = -INFINITY;
    e->near_top = 0;
    sums_clear(&e->cyc);
}

void exercise_reset(exercise *e)
{
    e->primed = e->axis = e->state = e->has_cross = 0;
    e->open = e->pending = e->activity = e->has_burst = 0;
    e->top_level = INFINITY;
    cycle_clear(e);
    e->pumps = e->sessions_n = e->sessions_met = e->raises = e->sets_n = 0;
    e->pump_s = 0.0;
    e->not_before = 0.0;
}

/* Pearson correlation of tilt and tracked axis over the bout. */
static double correlation(const ex_sums *s)
{
    const double vt = s->n * s->th2 - s->th * s->th, vs = s->n * s->s2 - s->s * s->s;
    return vt > 0.0 && vs > 0.0 ? (s->n * s->ths - s->th * s->s) / sqrt(vt * vs) : 0.0;
}

/* EMG: the rate, duty cycle and centroid of the bout's bursts (rules in exercise.h). */
static int classify_emg(const exercise *e, float per_min)
{
    const double interval = (e->last_onset - e->first) / (e->n - 1);
    const float duty = (float)(e->sum_len / e->n / interval);
    const float centroid = (float)(e->sum_centroid / e->n);
    if (per_min >= EX_EMG_WALK_MIN && per_min <= EX_EMG_WALK_MAX && duty <= EX_EMG_WALK_DUTY &&
        centroid >= EX_EMG_LATE)
        return EX_OTHER;
    if (per_min <= EX_EMG_RAISE_MAX && centroid <= EX_EMG_EARLY)
        return EX_RAISES;
    return duty >= EX_EMG_PUMP_DUTY_MIN && duty <= EX_EMG_PUMP_DUTY_MAX ? EX_PUMPS : EX_OTHER;
}

static int classify(const exercise *e)
{
    const ex_sums *s = &e->bout;
    const float tilt = s->n > 0 ? (float)(s->th / s->n) : NAN;
    if (e->mode == EX_SHANK)
        return e->tilt_known && tilt < 45.0f && e->sum_range / (e->n - 1) <= EX_SHANK_MAX_DEG
                   ? EX_RAISES
                   : EX_OTHER;
    if (!e->tilt_known || tilt >= EX_LYING_DEG)
        return EX_PUMPS;
    return s->th_min <= EX_FLAT_DEG && fabs(correlation(s)) >= EX_ONE_SIDED_R ? EX_RAISES
                                                                              : EX_PUMPS;
}

/* Closes the open bout at time now (the input seen so far ends there). */
static void close_bout(exercise *e, double now)
{
    e->open = 0;
    if (e->n < EX_MIN_REPS)
        return;
    const int emg = e->mode == EX_EMG;
    /* n reps, n - 1 intervals between their rises (EMG: onsets). The bout lasts n of them:
     * each rep's cycle ends with its rise, the first one's a mean period before (not before
     * the input, nor the last bout's end); EMG: each runs from its burst's onset to the next,
     * the last one's no further than the input seen (a burst that broke the rhythm, the end).
     * From the first rise to the last a pump was lost, and 2:00 of pumps read 1:59. */
    const double period = ((emg ? e->last_onset : e->last) - e->first) / (e->n - 1);
    const double start = fmax(emg ? e->first : e->first - period, e->not_before);
    const double end = emg ? fmin(e->first + e->n * period, now) : e->last;
    const float per_min = (float)(60.0 / period);
    const float range = emg ? 0.0f : (float)(e->sum_range / (e->n - 1));
    const int kind = emg ? classify_emg(e, per_min) : classify(e);
    if (kind == EX_PUMPS) {
        /* To the nearest pump: the first and last ones, faded in and out, are timed short. */
        e->session = (calfpump_session){
            .start = start, .end = end, .pumps = e->n, .per_min = per_min, .range_deg = range,
            .target_met = end - start + 0.5 * period >= e->session_min_s &&
                          per_min >= e->session_min_per_min,
        };
        e->pending = EX_PUMPS;
        e->not_before = end;
    } else if (kind == EX_RAISES) {
        e->set = (calfpump_set){
            .start = start, .end = end, .reps = e->n, .per_min = per_min,
            .hold_s = emg ? 0.0f : (float)(e->sum_hold / (e->n - 1)), .range_deg = range,
        };
        e->pending = EX_RAISES;
        e->not_before = end;
    }
}

/* 1: an interval between reps within x/÷ EX_STEADY of the one before. */
static int regular(double period, double before)
{
    return period <= EX_STEADY * before && period * EX_STEADY >= before;
}

/* A counted cycle ending with the rise at t: one more rep. The rise that began a bout's first
 * cycle is its first rep (as the first burst of an EMG bout): n reps rise n times and make
 * n - 1 cycles; without it every set read one rep short. */
static void add_rep(exercise *e, double t, double period, float range, double hold)
{
    if (!e->open) {
        e->open = 1;
        e->n = 1;
        e->first = t - period;
        e->sum_range = e->sum_hold = 0.0;
        sums_clear(&e->bout);
    }
    e->n++;
    e->last = t;
    e->sum_range += range;
    e->sum_hold += hold;
    sums_add(&e->bout, &e->cyc);
    if (e->n >= EX_MIN_REPS) {
        e->activity = 1;
        e->act_first = e->n == EX_MIN_REPS ? e->first : t;
        e->act_last = t;
    }
}

/* A rise through the trigger at time t: the cycle since the previous rise is complete. */
static void cycle_end(exercise *e, double t)
{
    if (e->has_cross) {
        const double period = t - e->t_cross;
        const float range = (e->c_max - e->c_min) * DEG_PER_G;
        /* Until the bout has EX_MIN_REPS reps the rhythm must be steady too: an irregular
         * leg movement (a thigh's, seen as a foot) gives 5 cycles of 1.3..6.4 s. */
        const int counts = period >= EX_MIN_PERIOD_S && period <= EX_MAX_PERIOD_S &&
                           range >= e->min_tilt && e->m_max - e->m_min < EX_MAX_VIGOUR_G &&
                           (!e->open || e->n >= EX_MIN_REPS || regular(period, e->period));
        if (counts)
            add_rep(e, t, period, range, e->near_top * e->dt);
        else if (e->open)
            close_bout(e, t);
        e->period = period;
    }
    e->t_cross = t;
    e->has_cross = 1;
    e->top_level = e->th_max - EX_TOP_SHARE * (e->th_max - e->th_min);
    cycle_clear(e);
}

/* The trigger starts afresh: a cycle across an axis switch or a change of posture is none. */
static void restart_trigger(exercise *e)
{
    e->state = e->has_cross = 0;
    cycle_clear(e);
}

static void track_axis(exercise *e)
{
    int best = e->axis;
    for (int i = 0; i < 3; i++)
        if (e->var[i] > e->var[best])
            best = i;
    if (best != e->axis && e->var[best] > EX_AXIS_SWITCH * e->var[e->axis]) {
        e->axis = best;
        restart_trigger(e); /* cycles are counted on one axis */
    }
}

/* 1: the direction v more than EX_RESTART_DEG from the mean. */
static int far_from_mean(const exercise *e, const float v[3])
{
    float dot = 0.0f, v2 = 0.0f, m2 = 0.0f;
    for (int i = 0; i < 3; i++) {
        dot += v[i] * e->mean[i];
        v2 += v[i] * v[i];
        m2 += e->mean[i] * e->mean[i];
    }
    return dot <= 0.0f || dot * dot < e->restart_cos2 * v2 * m2;
}

/* A change of posture: the direction leaves the mean by more than EX_RESTART_DEG and the
 * samples since then stay that far on average for EX_RESTART_S (a stride's swing or a pump's
 * extreme comes back within a fraction of a second; pumps begun as the user lay down keep
 * passing within 45 deg of the seated foot's mean, their average does not). The mean and
 * variance restart as running averages of those samples: the slow mean had lagged ~30 s
 * behind a lie-down, and set to the current sample it would start mid-pump. */
static void track_posture(exercise *e)
{
    for (int i = 0; i < 3; i++) {
        const float lp = e->lp[i];
        e->far_sum[i] = e->far_n ? e->far_sum[i] + lp : lp;
        e->far_sq[i] = e->far_n ? e->far_sq[i] + lp * lp : lp * lp;
    }
    if (!far_from_mean(e, e->far_sum)) {
        e->far_n = 0;
        return;
    }
    if (++e->far_n < e->restart_n)
        return;
    const float w = 1.0f / (float)e->far_n;
    for (int i = 0; i < 3; i++) {
        e->mean[i] = e->far_sum[i] * w;
        e->var[i] = upper(0.0f, e->far_sq[i] * w - e->mean[i] * e->mean[i]);
        e->hi[i] = e->lo[i] = e->lp[i];
    }
    e->k = e->far_n;
    e->far_n = 0;
    restart_trigger(e);
}

void exercise_sample(exercise *e, double t, const float axis[3], float magnitude, int held)
{
    e->activity = 0;
    if (e->mode == EX_OFF)
        return;
    /* A corrupt sample is held as a gap is (the low-pass stays where it was): taken as data it
     * would drive the variances and means far off for minutes, or to Inf and NaN for good. */
    if (held && !e->primed)
        return;
    /* Locals: `axis` could alias the state as far as the compiler knows. */
    const float in[3] = {held ? e->lp[0] : axis[0], held ? e->lp[1] : axis[1],
                         held ? e->lp[2] : axis[2]};
    const float af = e->a_fast;
    float am = e->a_mean, av = e->a_var;
    if (!e->primed) {
        e->not_before = t;
        e->k = e->far_n = 0;
        for (int i = 0; i < 3; i++) {
            e->lp[i] = e->mean[i] = e->hi[i] = e->lo[i] = in[i];
            e->var[i] = 0.0f;
        }
        e->primed = 1;
    } else if (e->k) { /* after a change of posture: running averages until the filters weigh
                          a sample more */
        const float w = 1.0f / (float)++e->k;
        am = upper(am, w);
        av = upper(av, w);
        if (w <= e->a_mean)
            e->k = 0;
    }
    for (int i = 0; i < 3; i++) {
        const float lp = e->lp[i] + af * (in[i] - e->lp[i]);
        const float mean = e->mean[i] + am * (lp - e->mean[i]);
        const float d = lp - mean;
        e->lp[i] = lp;
        e->mean[i] = mean;
        e->var[i] += av * (d * d - e->var[i]);
        if (e->mode == EX_SHANK) { /* the trigger's reference (below): the recent extremes,
                                      each drawn back to the signal with EX_MEAN_TAU_S */
            const float back = e->a_mean;
            e->hi[i] = lp > e->hi[i] ? lp : e->hi[i] + back * (lp - e->hi[i]);
            e->lo[i] = lp < e->lo[i] ? lp : e->lo[i] + back * (lp - e->lo[i]);
        }
    }
    track_posture(e);
    track_axis(e);
    /* Shank: the deviation from midway between the extremes. The shank's small lean in a heel
     * raise leaves the rest level one way only: the slow mean takes about 6 reps to climb
     * EX_HYST above the rest level (the first reps were lost), the midpoint is in the middle
     * from the first rep on. The foot's large range gets there in a rep or two; there the mean
     * keeps the trigger off the swing of a leg in gait (the midpoint is not, on a thigh). */
    const float s = e->lp[e->axis];
    const float d = s - (e->mode == EX_SHANK ? 0.5f * (e->hi[e->axis] + e->lo[e->axis])
                                             : e->mean[e->axis]);
    e->c_min = lower(e->c_min, s);
    e->c_max = upper(e->c_max, s);
    if (!held) {
        e->m_min = lower(e->m_min, magnitude);
        e->m_max = upper(e->m_max, magnitude);
    }
    if (e->tilt_known) {
        const float tilt = posture_tilt_deg(e->lp, e->up);
        e->th_min = lower(e->th_min, tilt);
        e->th_max = upper(e->th_max, tilt);
        e->near_top += tilt >= e->top_level;
        ex_sums *c = &e->cyc;
        c->n += 1.0;
        c->th += tilt;
        c->th2 += (double)tilt * tilt;
        c->s += s;
        c->s2 += (double)s * s;
        c->ths += (double)tilt * s;
        c->th_min = lower(c->th_min, tilt);
    }
    if (e->state != 1 && d > EX_HYST) {
        /* Shank: a heel raise's first rise, from rest, starts the first cycle (at the foot
         * the first rise may be a pump's fade-in from the rest position). */
        if (e->state == -1 || e->mode == EX_SHANK)
            cycle_end(e, t);
        e->state = 1;
    } else if (e->state != -1 && d < -EX_HYST) {
        e->state = -1;
    }
}

void exercise_burst(exercise *e, double onset, double offset, float centroid)
{
    if (e->mode != EX_EMG)
        return;
    const double period = onset - e->burst_onset;
    const int steady = e->has_burst && period >= EX_MIN_PERIOD_S && period <= EX_MAX_PERIOD_S &&
                       (!e->open || regular(period, e->period));
    if (e->open && !steady)
        close_bout(e, onset);
    if (steady) {
        if (!e->open) { /* the previous burst is the bout's first */
            e->open = 1;
            e->n = 1;
            e->first = e->burst_onset;
            e->sum_len = e->burst_len;
            e->sum_centroid = e->burst_centroid;
        }
        e->n++;
        e->last_onset = onset;
        e->last = offset;
        e->sum_len += offset - onset;
        e->sum_centroid += centroid;
    }
    e->has_burst = 1;
    e->burst_onset = onset;
    e->burst_len = offset - onset;
    e->burst_centroid = centroid;
    e->period = period;
}

int exercise_emit(exercise *e)
{
    const int kind = e->pending;
    e->pending = EX_NONE;
    if (kind == EX_PUMPS) {
        queue_push(e->sessions, &e->session);
        queue_commit(e->sessions);
        e->sessions_n++;
        e->sessions_met += (uint32_t)e->session.target_met;
        e->pumps += e->session.pumps;
        e->pump_s += e->session.end - e->session.start;
    } else if (kind == EX_RAISES) {
        queue_push(e->sets, &e->set);
        queue_commit(e->sets);
        e->sets_n++;
        e->raises += e->set.reps;
    }
    return kind;
}

int exercise_hop(exercise *e, double now)
{
    if (e->open && now - e->last > e->pause_s)
        close_bout(e, now);
    return exercise_emit(e);
}

int exercise_finish(exercise *e, double end)
{
    /* A cycle ending in the last, partial block is timed at the block's centre. */
    if (e->last > end)
        e->last = end;
    if (e->open)
        close_bout(e, end);
    return exercise_emit(e);
}
