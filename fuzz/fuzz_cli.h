/*
 * What the harnesses of the CLI's readers (fuzz_csv, fuzz_sndfile) share: the read request drawn
 * from the input, the reader's contract, and the analysis the CLI runs on what was read.
 */
#ifndef CALFPUMP_FUZZ_CLI_H
#define CALFPUMP_FUZZ_CLI_H

#include "cli.h"
#include "fuzz_input.h"

/* Frames analysed at most, to keep one run short (a timestamped CSV grids to up to 100 times
 * its rows). */
#define FZ_MAX_ANALYSED 100000

/*
 * Request, 3 bytes:
 *   0 --channel: index into a table of specs (mostly none; names, numbers, bad specs)
 *   1 --rate: index into a table (mostly not given; usual, edge and bad rates, each a value the
 *     CLI's option parser lets through)
 *   2 bit 0: --signal emg (other default channels), bit 1: --units m/s2
 */
void fz_request(fz_reader *r, read_request *rq);

/* Messages cli_error printed since the last call. */
unsigned fz_messages(void);

/*
 * A reader returned `status` for rq and filled rec: it failed with a message (EXIT_DATA or
 * EXIT_USAGE), or returned a recording the library must take or reject with a documented status.
 * Runs the analysis the CLI would (when the recording has at most max_frames frames) and checks
 * that no sample was lost: every frame is counted, every non-finite frame as a gap.
 * allow_not_audio: CLI_NOT_AUDIO is a valid answer (libsndfile did not know the format).
 */
void fz_check_read(int status, const read_request *rq, const recording *rec, int allow_not_audio,
                   size_t max_frames);

#endif /* CALFPUMP_FUZZ_CLI_H */
