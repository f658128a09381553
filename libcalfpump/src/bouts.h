/* Bouts: rhythm confirmed over time decides which activations are real.
 *
 * A window is steady when it passes the cadence stage's tests and agrees on the rate within
 * RATE_AGREEMENT, after octave alignment, with the window before it (or, inside a bout, with the
 * bout's rate): one periodic-looking window is not a rhythm. Inside an open bout a window that
 * only reaches the hold level (cadence.h: irregular walking) is steady too, and counts half as
 * much as a window that passes every test towards confirming the bout. A bout survives
 * BOUTS_MAX_MISSES windows that are not steady (a turn, a stumble, a window that reads the wrong
 * octave); a confirmed one survives confirmed_misses of them (the wrist: a window's length,
 * calfpump.c), and when the rhythm is back the gap's strong maxima are counted. A bout opens at a
 * window that passes every test after one that reached the hold level at the same rate: an anchor
 * activation is placed at the signal maximum within half a period of the window centre (or of the
 * period before or after it, where that one's maximum makes it weak), and activations are tracked
 * back towards the window's left edge while they stay strong; the held windows in a row before it
 * that lie over those activations count as windows of the bout. From then on each activation is
 * placed one period after the previous one (events.c); a weak maximum is skipped, except a single
 * one between strong ones that moved like a stride (a leg) or at the wrist. Activations stay
 * provisional until the bout has lasted min_bout_s (faster than 100 steps per minute: as many
 * steps as min_bout_s holds at 100 per minute) and been steady for min_bout_s of windows, one
 * of them at min_confidence itself (not only the wrist's lowered level, cadence.h); at that point
 * leading activations (gait initiation) are dropped up to the first strong one by the bout's
 * reference that another strong one follows within 2.5 periods. A
 * bout that ends sooner is taken back whole, and so is one that has not been confirmed by the time
 * its tracking has gone max_pending past its first activation or its activations number more than
 * max_pending_n (held windows could otherwise keep it pending without end, and the activation
 * queue holds that many for it). This is what keeps shuffling, gesturing and handling a phone from
 * producing activations. When the windows stop being rhythmic, tracking goes on to the last
 * rhythmic window's right edge while activations stay strong, and the bout closes. "Strong": at
 * least STRENGTH_SHARE of the median strength of the bout's recent activations, and at least the
 * configured minimum. */
#ifndef CALFPUMP_BOUTS_H
#define CALFPUMP_BOUTS_H

#include "activation_record.h"
#include "arena.h"
#include "cadence.h"
#include "calfpump.h"
#include "events.h"
#include "queue.h"
#include "ring.h"

#define BOUTS_MAX_MISSES 2     /* windows a bout may go without rhythm before it closes */
#define BOUTS_MEMORY 8         /* recent strengths the reference is the median of */
#define BOUTS_HIST_BINS 1200   /* median cadence histogram: 0.5 per minute bins up to 600 */
#define BOUTS_HIST_SLOTS 128   /* bins a bout's histogram holds (the recordings: <= 50) */
#define BOUTS_HIST_MAX 65535   /* windows a bin counts before all bins are halved */

/* One bin of the median-cadence histogram with its count. */
typedef struct rate_count {
    uint16_t bin, n;
} rate_count;

typedef struct bouts {
    /* settings */
    int leg;                 /* activations are strides of the sensor's leg */
    int64_t half_window;     /* analysis samples */
    double min_span;         /* min_bout_s in analysis samples */
    int min_windows;         /* min_bout_s in hops */
    double hop;              /* analysis samples between window centres, on average */
    double max_pending;      /* longest span an unconfirmed bout may reach, analysis samples:
                                the activation queue holds that much for it */
    size_t max_pending_n;    /* and the most activations it may hold */
    float min_strength;      /* g */
    int confirmed_misses;    /* windows a confirmed bout may go without rhythm */
    int swing;               /* a swinging arm (wrist): an unconfirmed bout bridges
                                confirmed_misses windows too, and its rhythm restarts (a chain,
                                see bouts.c, restart_segment); one weak maximum between strong
                                ones is a step (see bouts.c, track_forward) */
    double t_scale;          /* seconds per analysis sample */
    double t_offset;         /* time of analysis sample 0 */
    queue *acts;             /* activation_record */
    queue *bout_records;
    event_candidate *back;   /* scratch for tracking backwards */
    int back_cap;

    /* the open bout */
    int open, confirmed;
    int windows;             /* steady windows seen by the open bout, in halves (held: 1) */
    int misses;              /* windows since the last steady one */
    double first, last, next; /* analysis sample positions */
    double seg_first;        /* first position of the rhythm confirming the bout (chain: the
                                latest stretch of it); first otherwise */
    int restart;             /* chain: the rhythm went, the next steady window restarts it */
    int proven;              /* a window of the confirming rhythm reached min_confidence itself
                                (not only a lowered level, cadence.h) */
    float period;
    int octave_settled;      /* step placements: a rhythmic window at the bout's own rate saw
                                the step beside the stride (cadence_window.halved) */
    int step_votes;          /* step placements, confirmed: rhythmic windows in a row that saw
                                the step at half the bout's period (see bouts.c, step_octave) */
    int64_t limit;           /* tracking may use samples before this */
    int missed;              /* weak maxima since the last activation */
    event_candidate soft;    /* the latest of them */
    float recent[BOUTS_MEMORY];
    int n_recent;
    uint32_t count;
    rate_count *hist;        /* the bins counted so far, ascending: 0.5 KB instead of 1200 bins */
    int hist_used;
    uint32_t hist_n;
    double floor_pos;        /* the previous bout's last activation */
    float prev_rate;         /* rate of the previous window if it passed its own tests, else 0 */
    uint64_t held, passed;   /* the latest run of windows that reached the hold level, each at
                                the rate of the one before (up to an octave), one bit each (bit
                                0: the latest); those of them that passed every test */

    /* totals since reset */
    uint32_t total_activations, total_bouts, closed_activations;
    double active_s, cadence_sum;
} bouts;

/* Takes the stage's memory from the arena. Tracking backwards runs after the cadence window, so
 * its scratch is `scratch` (the cadence FFT buffer, scratch_bytes long) when it fits there. */
void bouts_layout(bouts *b, arena *a, int back_cap, void *scratch, size_t scratch_bytes);
void bouts_reset(bouts *b);
/* Takes the next cadence window; may correct its rate by an octave (see align_octave). */
void bouts_window(bouts *b, const ring *r, cadence_window *w);
/* The confirmed open bout's activation period, analysis samples; 0 while none is confirmed. */
float bouts_confirmed_period(const bouts *b);
/* End of input: closes an open bout. */
void bouts_finish(bouts *b, const ring *r);
/* The median cadence of the open bout: one more steady window at histogram bin `bin`
 * (0..BOUTS_HIST_BINS-1), and the median so far, per minute (0 before the first window). It is
 * the exact median of the windows' bins while they fall into at most BOUTS_HIST_SLOTS bins and
 * none collects BOUTS_HIST_MAX windows (9 h at one rate at the default hop). Beyond, a window of
 * a new bin counts at the nearest bin held, and a full bin halves every count (a nonzero one
 * stays nonzero): the median stays where the bulk of the bout is. */
void bouts_count_rate(bouts *b, int bin);
float bouts_median_cadence(const bouts *b);

#endif
