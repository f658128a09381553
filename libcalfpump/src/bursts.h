/* Bursts: onset and offset of muscle activity in the EMG detection envelope, without a rest
 * recording.
 *
 * Noise floor: the envelope is averaged over 50 ms blocks; the floor of a block is the 10th
 * percentile of the block means within FLOOR_REACH_S (4 s) either side of it (minimum
 * statistics, Martin 2001): gait and exercise leave some quiet moments every few seconds, which
 * is all it needs (a contraction held longer than about 7 s becomes the floor: it is split into
 * its first and last ~3 s), and looking ahead as well as back gives a burst at the very start a
 * floor too. Blocks without data take no part: mostly gap frames (held flat), or digital
 * silence (no frame took a new value: a sensor sending zeros, a constant) measure nothing of the
 * noise. With fewer than FLOOR_MIN_BLOCKS measured blocks in reach there is no floor and no
 * burst starts. A loud block takes no part beyond its rank: one glitch does not raise the floor
 * around it. The
 * thresholds are multiples of the floor, so the detector does not depend on the signal's scale.
 * Double threshold with hysteresis (after Hodges & Bui 1996, Bonato et al. 1998): a burst starts
 * where the envelope reaches ON_RATIO x floor; its onset is moved back to where the envelope rose
 * above OFF_RATIO x floor; it ends where the envelope falls below OFF_RATIO x floor and does
 * not come back above BRIDGE_RATIO x floor within MIN_GAP_S (shorter dips are merged into the
 * burst; noise hovering around OFF_RATIO after a burst does not stretch it). Bursts shorter
 * than MIN_BURST_S are dropped as spikes, and bursts reaching ARTEFACT_RATIO x floor as a
 * glitch's ringing. At the end of input a burst still open ends with the input: onsets and
 * offsets always pair up. Everything is decided sample by sample, so any chunking of the input
 * gives the same bursts. */
#ifndef CALFPUMP_BURSTS_H
#define CALFPUMP_BURSTS_H

#include "arena.h"
#include "emg_condition.h"

#include <stdint.h>

#define BLOCK_S 0.05
#define FLOOR_REACH_S 4.0
#define MIN_BURST_S 0.04
#define MIN_GAP_S 0.05
/* How far behind the input a burst is finished at the latest (beyond its own length), and how
 * close two finished bursts' onsets can be: for sizing what waits for the next stage. */
#define BURSTS_LOOKAHEAD_S (FLOOR_REACH_S + 2 * BLOCK_S + MIN_GAP_S)
#define BURSTS_MIN_SPACING_S (MIN_BURST_S + MIN_GAP_S)

/* One burst, in detection samples. */
typedef struct burst {
    int64_t onset, offset; /* first sample of the burst, first sample after it */
    float peak, mean;      /* of the amplitude envelope */
    double area;           /* sum of the amplitude envelope over the burst */
    double weight, moment; /* sum of the detection envelope above the noise floor, and of it
                              x (sample - onset): the burst's centre of mass lies
                              moment / weight samples after the onset */
} burst;

typedef struct bursts {
    /* settings, detection samples */
    int block, reach;       /* floor block length; blocks either side in the floor estimate */
    int min_len, min_gap, back_max;
    /* history: envelopes by absolute index, block means by block index */
    float *det, *amp;
    int64_t mask, end;
    float *means;
    int64_t means_mask, n_blocks; /* complete blocks; NaN: a block without data */
    double block_sum;
    int block_n, block_gaps, block_moved;
    float *sorted;          /* scratch for the percentile */
    int64_t next;           /* next sample to classify */
    float on, off, bridge, glitch; /* multiples of the floor (ARTEFACT_RATIO: glitch) */
    /* the burst being followed */
    int active;
    burst cur;
    int64_t below;          /* first sample of the current run below `off`; -1: none */
    int artefact;           /* the burst went ARTEFACT_RATIO above the floor */
    float run_peak;
    double run_sum, run_weight, run_moment;
    int64_t last_offset;
    /* finished bursts, oldest first: a FIFO the contraction stage empties */
    burst *done;
    int done_cap, done_head, done_n;
} bursts;

/* Sizes from the detection rate; `done_cap` finished bursts can wait. With a measuring arena
 * only sizes are counted. */
void bursts_layout(bursts *b, arena *a, double det_rate_hz, int done_cap);
void bursts_reset(bursts *b);
void bursts_sample(bursts *b, const emg_sample *s);
/* End of input: classifies what is left and closes an open burst. */
void bursts_finish(bursts *b);
/* Every burst starting before this detection sample has finished (a later one may still be
 * found, with its onset moved back, or be open). */
int64_t bursts_settled(const bursts *b);
/* The oldest finished burst (NULL if none), and taking it away. */
const burst *bursts_peek(const bursts *b);
void bursts_pop(bursts *b);

#endif
