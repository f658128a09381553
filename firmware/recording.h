/* The recording the streaming test program analyses: generated at build time by
 * make_recording.py (a file from ../shared/data, else a generated walk); never committed. */
#ifndef CALFPUMP_FIRMWARE_RECORDING_H
#define CALFPUMP_FIRMWARE_RECORDING_H

#include <stddef.h>

extern const char recording_name[];
extern const float recording_rate_hz;
extern const int recording_channels;
extern const int recording_placement; /* calfpump_placement */
extern const size_t recording_frames;
extern const float recording_data[];  /* recording_frames * recording_channels, interleaved */

#endif
