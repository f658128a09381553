/* Exercise analytics of a handle: posture, exercise bouts (ankle-pump sessions, heel-raise
 * sets), immobility and daily totals, beside the activations and bouts. calfpump.c feeds it
 * every analysis sample (3-channel accelerometer), every committed activation and bout, and
 * calls it once per cadence hop and at the end; everything else lives in the stage files. A
 * handle has it only when config.analytics is on. */
#ifndef CALFPUMP_ANALYTICS_H
#define CALFPUMP_ANALYTICS_H

#include "arena.h"
#include "calfpump.h"
#include "daily.h"
#include "exercise.h"
#include "immobility.h"
#include "posture.h"
#include "queue.h"
#include "ring.h"

/* g: a per-axis block average beyond this is a corrupt frame (no body-worn accelerometer reads
 * that much: shock sensors for impacts reach +-200..400 g). */
#define ANALYTICS_MAX_G 1000.0f
/* Records one hop (or the end of input) can add to each queue. */
#define ANALYTICS_RESERVE 6
/* The analytics' records come minutes to days apart: their queues hold at most this many
 * between polls (fewer when queue_capacity is smaller), which keeps the handle small. */
#define ANALYTICS_QUEUE_MAX 32
/* Recent walking bouts and exercise bouts kept to take their overlap out of the walking time
 * (a bout of ankle pumps at 60 per minute reads as walking to the cadence stage) and to
 * classify the cadence stage's bouts. */
#define ANALYTICS_RECENT 8
/* Gaps: analysis samples made mostly of non-finite frames (ring.h) are time without data: not
 * in a day's covered_s, posture UNKNOWN. A run of them this long also ends the posture episode
 * and the immobility stretch (unknown activity; no alert inside it); shorter runs (lost
 * packets) do not: the last frame holds, as for the cadence stage. */
#define ANALYTICS_GAP_S 10.0
/* Bouts waiting for their activity to be decided; when more arrive, the oldest is decided with
 * what is known then. */
#define ANALYTICS_HELD 16

#define SPAN_DEFERRED (-1)

typedef struct span {
    double start, end;
    int kind;                 /* EX_PUMPS or EX_RAISES for exercise spans; walks: 0, or
                                 SPAN_DEFERRED when their overlap with the open exercise bout
                                 is deferred */
    double walked;            /* deferred: walking seconds in [start, end] (merged spans) */
} span;

typedef struct held_bout {
    double start, end;
    uint32_t index;
    int32_t kind;             /* calfpump_bout_kind */
    int lying;                /* posture horizontal or elevated when the bout arrived */
} held_bout;

typedef struct analytics {
    int per_sample;           /* a stage reads every analysis sample (posture, accelerometer
                                 exercise cycles) */
    posture posture;
    exercise exercise;
    immobility immobility;
    daily daily;
    queue sessions, sets, immobility_records, postures, days, activities;
    double t_scale, t_offset; /* time of analysis sample i: i * t_scale + t_offset */
    double latency;           /* s: see immobility.h */
    int64_t samples;
    double elevated_to;       /* the open elevated episode is in the days up to here */
    const ring *ring;         /* the analysis samples, for their gap flags */
    int64_t scanned;          /* samples looked at for gaps */
    uint32_t hop_n, hop_gaps; /* samples and gap samples since the last hop */
    double gap_since;         /* start of the run of gap samples going on; negative: none */
    double gap_to;            /* the run going on is in the days up to here */
    size_t bout_reserve;
    uint32_t seen_acts, seen_bouts;
    span walks[ANALYTICS_RECENT], exercises[ANALYTICS_RECENT];
    uint32_t n_walks, n_exercises;
    /* The walks' overlap with the exercise bout still open, taken out when it closes as a
     * session or set; when more walks come, the oldest two are merged (memory stays bounded). */
    span deferred[ANALYTICS_RECENT];
    uint32_t n_deferred;
    held_bout held[ANALYTICS_HELD];
    uint32_t held_head, held_n;
} analytics;

/* Queues of min(queue_capacity, ANALYTICS_QUEUE_MAX) + ANALYTICS_RESERVE records, the activity
 * queue bout_reserve more (the bouts one window can close,
 * each of which may be decided at once); a measuring arena only counts bytes. */
void analytics_layout(analytics *a, arena *ar, const calfpump_config *c, size_t bout_reserve);
void analytics_setup(analytics *a, const calfpump_config *c, double fs, double t_scale,
                     double t_offset, const ring *r);
void analytics_reset(analytics *a);
/* Room in every queue for what one hop adds. */
int analytics_room(const analytics *a);
void analytics_sample(analytics *a, const float axis[3], float magnitude);
/* New committed records: activations acts[0..n) and bouts (read from the queues). */
void analytics_activations(analytics *a, queue *acts, uint32_t total);
void analytics_bouts(analytics *a, queue *bouts, uint32_t total);
/* EMG: every kept burst, in onset order (the contraction stage's on_burst; ctx = the
 * analytics). */
void analytics_burst(void *ctx, double onset, double offset, float centroid);
/* Once per hop at stream time now; busy: a bout is open (its minutes are not counted yet). */
void analytics_hop(analytics *a, double now, int busy);
/* End of input; 0 when the activity queue filled first: poll, then call it again. */
int analytics_finish(analytics *a, double end);
void analytics_summary(const analytics *a, double duration_s, calfpump_exercise_summary *out);

#endif
