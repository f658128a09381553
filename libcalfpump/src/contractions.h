/* Contractions: EMG bursts -> one activation per calf contraction, and bouts.
 *
 * One burst per contraction: a calf muscle fires once per stride of its leg, but the
 * gastrocnemius often adds a smaller burst in late swing, about 0.6-0.7 of a stride after its
 * stance burst and 0.3-0.4 before the next one (and a weak burst can break in two). Rule
 * (dominant burst per cycle, with the cadence engine's period P from the FFT autocorrelation of
 * the envelope): a burst is dropped when a burst with a larger area (integral of the amplitude
 * envelope) starts less than AFTER_SHARE (3/4) x P before it or BEFORE_SHARE (1/2) x P after it,
 * and was not dropped itself (a dropped late-swing burst must not drop the next stance burst;
 * bursts after it are not decided yet and count).
 * The late-swing burst lies inside its stance burst's reach on both counts, at the start and the
 * end of a recording too, while stance bursts lie a whole period apart, outside each other's
 * reach even as cadence drifts. A window that is not rhythmic keeps the last rhythmic window's
 * period for half a window (the last windows see only part of a window's data); without a
 * rhythmic window there is no period and every burst stays.
 * Bursts are decided once the cadence window centred BEFORE_SHARE x P after their onset has run
 * and every burst starting before that moment has finished, so that every burst that could drop
 * them is known.
 * Bouts: kept bursts at most BOUT_GAP periods apart form a bout; a bout is reported when its
 * first and last onsets lie min_bout_s apart (every burst is reported either way). */
#ifndef CALFPUMP_CONTRACTIONS_H
#define CALFPUMP_CONTRACTIONS_H

#include "bursts.h"
#include "queue.h"

typedef struct candidate {
    burst b;
    int decided, kept;
} candidate;

typedef struct contractions {
    /* settings */
    double t_scale, t_offset; /* seconds per detection sample, time of sample 0 */
    int channel, side;
    float reference;          /* 0: none */
    double min_span;          /* min_bout_s in detection samples */
    double hold;              /* half a cadence window, detection samples */
    int64_t end;              /* detection samples of the whole input once it ended, else
                                 INT64_MAX: a burst open there ends at end_s, not delay-corrected */
    double end_s;
    queue *acts, *burst_records, *bout_records;
    /* Every kept burst is also handed here (when set): onset and offset in seconds, and the
     * centre of mass of its envelope as a share of its duration (the exercise stage reads the
     * burst pattern from it). */
    void (*on_burst)(void *ctx, double onset, double offset, float centroid);
    void *on_burst_ctx;
    candidate *cand;          /* bursts being decided, and decided ones still in reach */
    int cand_cap;
    /* state */
    int cand_head, cand_n;
    float period;             /* detection samples; 0 = no rhythm */
    float rhythmic_period;    /* of the last rhythmic window, at rhythmic_center */
    double rhythmic_center;
    int in_bout;
    int64_t bout_first, bout_last;
    uint32_t bout_count;
    /* totals since reset */
    uint32_t total_activations, total_bouts, closed_activations;
    double active_s, cadence_sum;
} contractions;

/* Room for cand_cap candidates; with a measuring arena only sizes are counted. */
void contractions_layout(contractions *c, arena *a, int cand_cap);
void contractions_reset(contractions *c);
/* After the cadence window centred at detection sample `center` (period in detection samples,
 * 0 when the window was not rhythmic): takes every finished burst with its onset up to center
 * and decides those it can. Adds at most cand_cap records to each queue. */
void contractions_window(contractions *c, bursts *b, double center, float period);
/* End of input (after the last window): takes and decides the remaining bursts, closes the
 * bout. */
void contractions_finish(contractions *c, bursts *b);

#endif
