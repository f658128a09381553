/* Conditioning: frames at the input rate -> one orientation-independent analysis sample per
 * `factor` frames. Each channel is box-averaged over the block (anti-alias and decimate in one
 * step), then three channels become the vector magnitude; one channel is used as it is. When
 * asked, the block's largest frame magnitude and its place are kept too: a foot contact's impact
 * lasts a few milliseconds, and the average would smear it into the swing before it. */
#ifndef CALFPUMP_CONDITION_H
#define CALFPUMP_CONDITION_H

#include "ring.h"

#include <stddef.h>
#include <stdint.h>

/* What the frames of a block add up to. */
typedef struct cond_block {
    float sum[3];
    float peak2;       /* largest squared frame magnitude */
    int peak_at;       /* its frame in the block */
    int gaps;          /* non-finite frames */
} cond_block;

typedef struct condition {
    int channels;
    int factor;        /* frames per analysis sample */
    int peaks;         /* 1: track the largest frame magnitude */
    int n;             /* frames in the current block */
    cond_block open;   /* the current block */
    float hold[3];     /* last finite frame: the gap policy's stand-in */
    float axis[3];     /* the last block's per-axis averages (3 channels): the gravity
                          direction for posture and exercise analytics */
} condition;

void condition_setup(condition *c, int channels, int factor, int peaks);
void condition_reset(condition *c);
/* Takes n interleaved frames, at most what completes the current block (factor - c->n).
 * Returns 1 when they complete it, with the sample in *out (gap set when any frame of the block
 * was non-finite). Counts non-finite frames into *gap_frames. */
int condition_frames(condition *c, const float *frames, size_t n, ring_sample *out,
                     uint64_t *gap_frames);
/* Takes `blocks` whole blocks of frames, the open block being empty, and appends their samples
 * to the ring: streaming without a call per analysis sample. Counts non-finite frames into
 * *gap_frames. */
void condition_blocks(condition *c, const float *frames, size_t blocks, ring *r,
                      uint64_t *gap_frames);
/* Ends the stream: returns 1 with the average of a partial block, if there is one. */
int condition_finish(condition *c, ring_sample *out);

#endif
