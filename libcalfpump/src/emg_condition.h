/* EMG conditioning: raw surface EMG at the input rate -> two activity envelopes.
 *
 * One channel of each frame is taken; the first finite sample is subtracted (a DC offset such as
 * an ADC's mid-scale would otherwise make the band-pass ring at the start). Then:
 *   band-pass   4th-order Butterworth high-pass and low-pass (default 20-450 Hz, the band of
 *               surface EMG, De Luca et al. 2010), the top clipped to 0.45 x the rate;
 *   notch       optional, at the mains frequency (RBJ biquad, Q = 20);
 *   detection   Teager-Kaiser energy psi[n] = x[n]^2 - x[n-1] x[n+1], rectified, 50 Hz low-pass,
 *               square root: TKEO sharpens onsets against background noise (Li et al. 2007,
 *               Solnik et al. 2010); the root keeps the thresholds in amplitude ratios;
 *   amplitude   the rectified band-passed signal, 50 Hz low-pass: peak and mean of a burst, in
 *               the input's unit.
 * Both envelopes are box-averaged over `det_factor` frames (about 1 kHz: the burst detector's
 * rate), and the amplitude envelope also over `factor` frames (about 20 Hz: the cadence rate,
 * the same analysis signal the accelerometer path gives the cadence engine). */
#ifndef CALFPUMP_EMG_CONDITION_H
#define CALFPUMP_EMG_CONDITION_H

#include <stdint.h>

#define EMG_MAX_SECTIONS 5 /* two high-pass, two low-pass, one notch */

typedef struct biquad {
    double b0, b1, b2, a1, a2;
    double z1, z2; /* transposed direct form II state */
} biquad;

typedef struct emg_condition {
    int channels, channel;
    int det_factor, factor;
    int n_sections;
    biquad band[EMG_MAX_SECTIONS];
    biquad env_det, env_amp;
    double delay_s;       /* group delay of the chain at low frequencies, s */
    /* state */
    int started;
    double offset;        /* first finite sample */
    double hold;          /* last finite sample: the gap policy's stand-in */
    float last;           /* last finite raw sample */
    double x1, x2;        /* the two previous band-passed samples (TKEO needs one ahead) */
    int n_det, n_cad, gaps_det, gaps_cad, moves_det;
    double sum_det, sum_amp, sum_cad;
} emg_condition;

/* Samples the conditioning hands on. */
typedef struct emg_sample {
    float det;   /* detection envelope */
    float amp;   /* amplitude envelope */
    uint8_t gap; /* more than half of the block's frames were not finite */
    uint8_t flat; /* no frame of the block took a new value (a gap, or digital silence) */
} emg_sample;

enum { EMG_DET_READY = 1, EMG_CAD_READY = 2 };

void emg_condition_setup(emg_condition *c, int channels, int channel, double rate_hz,
                         int det_factor, int factor, double band_low, double band_high,
                         double mains_hz);
void emg_condition_reset(emg_condition *c);
/* Takes one frame; returns EMG_DET_READY and/or EMG_CAD_READY when it completes a detection
 * block (*det) or a cadence block (*cad, *cad_gap). Counts non-finite frames into *gap_frames. */
int emg_condition_frame(emg_condition *c, const float *frame, emg_sample *det, float *cad,
                        uint8_t *cad_gap, uint64_t *gap_frames);
/* Ends the stream: the partial blocks, if any (same flags as emg_condition_frame). */
int emg_condition_finish(emg_condition *c, emg_sample *det, float *cad, uint8_t *cad_gap);

#endif
