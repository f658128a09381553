/* The EMG path of a handle: frames -> emg_condition -> bursts (detection envelope) and the ring
 * (amplitude envelope, ~20 Hz) -> the cadence engine's windows, checked for a subharmonic ->
 * contractions -> activation, burst and bout records. calfpump.c owns the ring, the cadence
 * engine and the queues and calls these by signal type; everything EMG-only lives here. */
#ifndef CALFPUMP_EMG_PATH_H
#define CALFPUMP_EMG_PATH_H

#include "arena.h"
#include "bursts.h"
#include "cadence.h"
#include "calfpump.h"
#include "contractions.h"
#include "emg_condition.h"
#include "queue.h"
#include "ring.h"

#include <stddef.h>
#include <stdint.h>

typedef struct emg_path {
    int det_factor;     /* input frames per detection sample (~1 kHz) */
    double per_det;     /* detection samples per analysis sample */
    int lag_min;        /* analysis samples: the shortest period the cadence engine reads */
    emg_condition cond;
    bursts bursts;
    contractions contractions;
    queue records;      /* calfpump_burst, one per activation */
} emg_path;

/* Activation (and burst, and bout) records one cadence window can add, from the cadence plan:
 * analysis rate fs, and window, hop and the longest period lag_max in analysis samples. */
size_t emg_path_reserve(double fs, int window, int hop, int lag_max);
/* Takes the path's memory from the arena: the burst records queue (`records` of them) and the
 * stages'. With a measuring arena only sizes are counted. Only EMG handles have the path. */
void emg_path_layout(emg_path *e, arena *a, const calfpump_config *c, double fs, int window,
                     int hop, int lag_max, size_t records);
/* Settings once the handle exists: the analysis decimation factor and window, the cadence
 * engine's shortest period, and the queues the contractions go to. */
void emg_path_setup(emg_path *e, const calfpump_config *c, int factor, int window, int lag_min,
                    queue *acts, queue *bout_records);
void emg_path_reset(emg_path *e);
/* The next frame completes an analysis sample. */
int emg_path_completes_sample(const emg_path *e);
/* One frame; 1 with an analysis sample in *v, *gap. */
int emg_path_frame(emg_path *e, const float *frame, float *v, uint8_t *gap,
                   uint64_t *gap_frames);
/* After the cadence engine ran window w over ring samples [start, end): checks its period for a
 * subharmonic (its rate follows) and hands the window to the contractions. */
void emg_path_window(emg_path *e, const ring *r, cadence_window *w, int64_t start, int64_t end);
/* End of input: 1 with the last, partial analysis sample; bursts still open end here. */
int emg_path_finish_input(emg_path *e, float *v, uint8_t *gap);
/* After the last window: the remaining bursts are decided. */
void emg_path_finish(emg_path *e);
/* Activations, steps, bouts, active time and mean cadence of the summary. */
void emg_path_summary(const emg_path *e, calfpump_summary *out);

#endif
