/* Posture: the leg segment's tilt from the gravity direction, and episodes of one posture class.
 *
 * The per-axis block averages of the conditioning stage are low-passed (POSTURE_TAU_S) to the
 * gravity reading g (an accelerometer at rest reads +1 g along the axis pointing up). The tilt is
 * the angle between g and the configured up axis of the segment: 0 deg when the segment is
 * upright. For shank and thigh sensors the tilt gives the class: dependent below 45 deg,
 * horizontal up to 100 deg, elevated beyond (the distal end is then above the proximal one by at
 * least sin(10 deg) of the segment length, ~7 cm for a 40 cm shank: a leg propped up, not a leg
 * lying flat on a slightly sloping bed). A new class must hold POSTURE_SETTLE_S (in the low-passed
 * tilt) before it starts an episode, so that a shank swinging through 45 deg while walking does
 * not; a shift into another class for longer than that splits an episode.
 *
 * Episode times are those of the unfiltered tilt (the analysis samples'): the low-pass crosses
 * a threshold late, and later going up than coming down (1.5 s against 1.0 s for a step between
 * 0 and 125 deg), so episodes timed by it were short (exactly 900 s elevated read 899.5 s). Each
 * sample's tilt is compared with the thresholds, and the latest sample to cross each, up and
 * down, is kept. A settled change is dated at the unfiltered crossing of the boundary between
 * the two classes: the lower threshold of the higher class (100 deg for ELEVATED, so that it is
 * the time tilted past 100 deg; the transit through HORIZONTAL belongs to the class below), at
 * most POSTURE_SETTLE_S before the low-passed tilt changed class.
 * An episode is an elevation episode when it is ELEVATED for elevation_min_s less
 * POSTURE_SLACK_S: each end is dated to within an analysis sample (0.05 s from 20 Hz up, 0.125 s
 * at 8 Hz; a block average holding the raising mixes the two postures), so exactly
 * elevation_min_s counts at every rate (measured: -0.125..+0.125 s) and half a second less not.
 * Foot sensors get no posture: the sole's angle does not tell where the foot is relative to the
 * knee.
 *
 * Time without data (gap samples, see analytics.h) and time before the first class count as
 * UNKNOWN, and so does all the time of an input without posture (foot, wrist..., no up axis, 1
 * channel, EMG): the minutes add up to the duration. A gap long enough to end everything ends
 * the open episode at its start; the next class is taken when the data is back. */
#ifndef CALFPUMP_POSTURE_H
#define CALFPUMP_POSTURE_H

#include "calfpump.h"
#include "queue.h"

#define POSTURE_TAU_S 1.0
#define DEG_PER_RAD 57.29577951308232
#define POSTURE_SETTLE_S 10.0
#define POSTURE_DEPENDENT_DEG 45.0f
#define POSTURE_ELEVATED_DEG 100.0f
/* s: an elevation episode may be this much shorter than elevation_min_s (see above) */
#define POSTURE_SLACK_S 0.25

typedef struct posture {
    /* settings */
    int tilt_known;       /* 3 channels and an up axis */
    int classes;          /* shank or thigh: posture classes and episodes */
    float up[3];
    float alpha;          /* low-pass coefficient per analysis sample */
    double elevation_min_s;
    queue *records;
    /* state */
    float g[3];
    int primed;
    float threshold_cos[2]; /* cosines of the class thresholds (45, 100 deg): the cosine falls
                               as the tilt rises */
    float raw_cos;        /* cosine of the previous sample's tilt; NaN before the first */
    double up_at[2], down_at[2]; /* the latest samples whose unfiltered tilt crossed 45 and 100
                                    deg, rising and falling */
    float tilt;           /* deg at the last hop, NaN before the first sample */
    int cls;              /* class of the open episode (UNKNOWN before the first) */
    double start;         /* of the open episode */
    double tilt_sum;
    uint32_t tilt_n;
    int cand;             /* a different class seen (low-passed) since the hop cand_since */
    double cand_since;
    double cand_at;       /* its unfiltered crossing: the new episode's start */
    double last_t;        /* time of the previous hop */
    /* totals */
    double seconds[4];
    uint32_t elevation_episodes;
} posture;

/* Angle between a gravity reading g and the unit axis up, deg; NaN for a zero reading. */
float posture_tilt_deg(const float g[3], const float up[3]);
void posture_setup(posture *p, const calfpump_config *c, double fs, queue *records);
void posture_reset(posture *p);
/* One analysis sample at time t. */
void posture_sample(posture *p, double t, const float axis[3]);
/* Once per hop at stream time now: time in class, episode changes (at most one record).
 * gap_share: the share of the samples since the last hop that were gaps; gap_since: the start
 * of a long gap going on now, else negative. */
void posture_hop(posture *p, double now, double gap_share, double gap_since);
/* End of input: the open episode (one record); the same gap arguments. */
void posture_finish(posture *p, double end, double gap_share, double gap_since);

#endif
