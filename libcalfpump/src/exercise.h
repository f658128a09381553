/* Exercise: ankle pumps and heel raises from the rotation of the foot or shank, classified.
 *
 * Ankle pumps hardly change the acceleration magnitude that the cadence stage analyses (a
 * rotation only turns gravity between the axes), so this stage reads the per-axis block averages:
 *   1. low-pass them (EX_TAU_S, passes 90 cycles/min) and track, per axis, a slow mean
 *      (EX_MEAN_TAU_S) and the variance around it (EX_VAR_TAU_S); follow the axis that varies
 *      most (a rotation moves gravity mostly onto one axis). After a change of posture (the
 *      low-passed direction leaves the mean by more than EX_RESTART_DEG and the samples since
 *      stay that far on average for EX_RESTART_S) both restart as running averages of those
 *      samples (the k-th weighs 1/k until that is below the filter's weight): lying down, the
 *      slow mean had lagged ~30 s behind and the pumps begun then were lost;
 *   2. a Schmitt trigger on that axis' deviation from its mean (shank: from midway between its
 *      recent extremes, see exercise_sample): every rise through +EX_HYST after a fall through
 *      -EX_HYST ends one cycle (one pump or raise);
 *   3. a cycle counts when its period is within EX_MIN_PERIOD_S..EX_MAX_PERIOD_S (100 down to
 *      7.5 per minute), the sensor turned by >= EX_MIN_FOOT_DEG (foot) or EX_MIN_TILT_DEG
 *      (shank) within it, and the magnitude
 *      varied by less than EX_MAX_VIGOUR_G (every stride of gait at the foot or shank exceeds
 *      that with its impact and swing; see README for the measured figures);
 *   4. counted cycles no more than EX_MAX_PERIOD_S apart make a bout of one rep per rise: the
 *      rise that began its first cycle and the one ending each cycle (n reps, n - 1 cycles, as
 *      n bursts of EMG); EX_MIN_REPS reps make it count, each of their cycles within
 *      EX_STEADY times the one before (as EMG bursts). The bout ends with the first cycle
 *      that does not count or a pause longer than EX_MAX_PERIOD_S;
 *   5. the bout is classified (rules and their sources in the README):
 *      foot:  without an up axis: ankle pumps. With one: the foot's tilt from flat averages
 *             >= EX_LYING_DEG (supine, toes up): ankle pumps; else a one-sided excursion from
 *             flat (tilt minimum <= EX_FLAT_DEG and the tilt follows the tracked axis with
 *             |r| >= EX_ONE_SIDED_R): heel raises (the foot only leaves flat towards plantar
 *             flexion and comes back); else (seated pumps pass through flat both ways): pumps;
 *      shank: ankle pumps move the foot, not the shank: with an up axis, the shank upright
 *             (< 45 deg) and turning by at most EX_SHANK_MAX_DEG per rep, heel raises; else
 *             other movement (not reported).
 * Ankle-pump bouts become sessions, heel-raise bouts sets.
 *
 * Surface EMG (EX_EMG, placement shank or unknown: a calf muscle): every kept burst is one rep
 * (exercise_burst). Bursts whose
 * onsets follow each other EX_MIN_PERIOD_S..EX_MAX_PERIOD_S apart, each interval within
 * EX_STEADY times the one before, form a bout; EX_MIN_REPS of them make it count. The bout
 * is classified from its burst rate r (per minute), duty cycle d (mean burst length / mean
 * onset interval) and the centre of mass c of the bursts' envelopes (0 = onset, 1 = offset;
 * mean over the bout). Rules and their sources in the README:
 *      the stride pattern (walking, not reported: the cadence stage's bout says walking):
 *             r within EX_EMG_WALK_MIN..EX_EMG_WALK_MAX, d <= EX_EMG_WALK_DUTY and
 *             c >= EX_EMG_LATE (activity rising through stance to a push-off peak);
 *      heel raises: r <= EX_EMG_RAISE_MAX and c <= EX_EMG_EARLY (louder in the rise and hold than
 *             in the eccentric lowering);
 *      ankle pumps: d within EX_EMG_PUMP_DUTY_MIN..EX_EMG_PUMP_DUTY_MAX (the calf works through
 *             the plantar-flexion half of each cycle); else other (not reported).
 * EMG sessions and sets have no range of motion or hold time (range_deg and hold_s are 0). */
#ifndef CALFPUMP_EXERCISE_H
#define CALFPUMP_EXERCISE_H

#include "calfpump.h"
#include "queue.h"

#define EX_TAU_S 0.1
#define EX_MEAN_TAU_S 20.0
#define EX_VAR_TAU_S 10.0
/* A new posture: a foot's pitch passes 45 deg from its mean for a fraction of a second in a
 * stride, and a pump or raise (<= ~50 deg of range about its mean) not at all. */
#define EX_RESTART_DEG 45.0
#define EX_RESTART_S 2.0
#define EX_AXIS_SWITCH 1.5f     /* another axis must vary this much more to be followed */
#define EX_HYST 0.035f          /* g on the tracked axis: +-2 deg */
#define EX_MIN_TILT_DEG 6.0f     /* shank: it leans little in a heel raise */
#define EX_MIN_FOOT_DEG 15.0f    /* foot: a third of the ~50 deg active range; less is fidgeting */
#define EX_MIN_PERIOD_S 0.6
#define EX_MAX_PERIOD_S 8.0
#define EX_MAX_VIGOUR_G 1.0f
#define EX_MIN_REPS 6
#define EX_LYING_DEG 50.0f
#define EX_FLAT_DEG 15.0f
#define EX_SHANK_MAX_DEG 15.0f /* a shank leans little in a heel raise; a step swings it more */
#define EX_ONE_SIDED_R 0.9
#define EX_TOP_SHARE 0.15f      /* "near the top": within this share of the range */
#define EX_STEADY 1.5        /* x/÷ one interval between reps to the next */
/* Strides per minute: 50..150 steps, the cadence stage's walking. */
#define EX_EMG_WALK_MIN 25.0f
#define EX_EMG_WALK_MAX 75.0f
#define EX_EMG_WALK_DUTY 0.65f
#define EX_EMG_LATE 0.52f
#define EX_EMG_RAISE_MAX 45.0f
#define EX_EMG_EARLY 0.45f
#define EX_EMG_PUMP_DUTY_MIN 0.25f
#define EX_EMG_PUMP_DUTY_MAX 0.75f

enum { EX_OFF, EX_FOOT, EX_SHANK, EX_EMG };
enum { EX_NONE, EX_PUMPS, EX_RAISES, EX_OTHER };

/* Sums of a stretch of samples: tilt th against the tracked axis s. */
typedef struct ex_sums {
    double n, th, th2, s, s2, ths;
    float th_min;
} ex_sums;

typedef struct exercise {
    /* settings */
    int mode;
    int tilt_known;
    float up[3];
    double dt;                /* s per analysis sample */
    double pause_s;           /* a bout without a rep this long after its last one has ended
                                 (EMG: bursts are decided well behind the stream) */
    float min_tilt;           /* deg per cycle */
    float a_fast, a_mean, a_var;
    float restart_cos2;       /* cos^2 EX_RESTART_DEG */
    uint32_t restart_n;       /* EX_RESTART_S in samples */
    float session_min_s, session_min_per_min;
    queue *sessions, *sets;
    /* signal */
    int primed, axis, state, has_cross;
    double not_before;        /* a bout starts no earlier: the first sample's time, then the
                                 last session's or set's end */
    float lp[3], mean[3], var[3];
    uint32_t k;               /* samples in the running averages since a change of posture
                                 (0: the filters' own weights) */
    uint32_t far_n;           /* samples in a row > EX_RESTART_DEG from the mean, their sums */
    float far_sum[3], far_sq[3];
    float hi[3], lo[3];       /* shank: recent extremes, the trigger's reference */
    double t_cross;           /* the last rise */
    double period;            /* the last interval between rises (EMG: burst onsets) */
    /* the cycle under way */
    float c_min, c_max, m_min, m_max, th_min, th_max, top_level;
    uint32_t near_top;
    ex_sums cyc;
    /* the open bout */
    int open;
    uint32_t n;               /* reps: n - 1 counted cycles (EMG: n bursts) */
    double first, last, sum_range, sum_hold;
    ex_sums bout;
    /* EMG: the previous burst, and the open bout's sums */
    int has_burst;
    double burst_onset, burst_len, last_onset, sum_len;
    float burst_centroid;
    double sum_centroid;
    /* output of the last sample: reps that became activity */
    int activity;
    double act_first, act_last;
    /* a closed bout waiting for the next hop */
    int pending;
    calfpump_session session;
    calfpump_set set;
    /* totals */
    uint32_t pumps, sessions_n, sessions_met, raises, sets_n;
    double pump_s;
} exercise;

/* up: the unit up axis of the sensor, all zero when not known. */
void exercise_setup(exercise *e, const calfpump_config *c, double fs, const float up[3],
                    queue *sessions, queue *sets);
void exercise_reset(exercise *e);
/* One analysis sample at time t: per-axis averages and magnitude; held: it is corrupt
 * (analytics_sample) and kept out as a gap is. Sets e->activity when reps were confirmed. */
void exercise_sample(exercise *e, double t, const float axis[3], float magnitude, int held);
/* EMG: one kept burst (seconds; centroid as a share of its length), in onset order. Call
 * exercise_emit first when a record is pending (e->pending): a burst can close a bout. */
void exercise_burst(exercise *e, double onset, double offset, float centroid);
/* Pushes a pending record; returns its kind (EX_NONE: none). */
int exercise_emit(exercise *e);
/* Once per hop: ends a paused bout; pushes a closed bout's record (at most one). Returns
 * EX_PUMPS, EX_RAISES or EX_NONE: what was pushed (in e->session / e->set). */
int exercise_hop(exercise *e, double now);
/* End of input at `end`: the open bout's record, if any (same return). */
int exercise_finish(exercise *e, double end);

#endif
