/* Choosing the reader for a path (CSV on standard input or a pipe, else libsndfile when it
 * knows the format, else CSV), and handing a recording a reader kept whole to a sink. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Frames handed to a sink per call when a reader could not stream them itself. */
#define SINK_CHUNK_FRAMES 65536

/* A recording a reader kept whole, to the sink in chunks; the frames are then freed. */
static int to_sink(const read_request *rq, recording *rec)
{
    const size_t ch = (size_t)rec->channels;
    int status = 0;
    for (size_t i = 0; status == 0 && i < rec->n_frames; i += SINK_CHUNK_FRAMES) {
        size_t n = rec->n_frames - i < SINK_CHUNK_FRAMES ? rec->n_frames - i : SINK_CHUNK_FRAMES;
        status = rq->sink(rq->sink_ctx, rec, rec->frames + i * ch, n);
    }
    free(rec->frames);
    rec->frames = NULL;
    return status;
}

int read_input(const read_request *rq, recording *rec)
{
    if (strcmp(rq->path, "-") == 0)
        return read_csv(stdin, rq, rec, 1);
    FILE *f = fopen(rq->path, "rb");
    if (!f) {
        cli_error("cannot open '%s': %s", rq->path, strerror(errno));
        return EXIT_DATA;
    }
    /* libsndfile opens the path itself and reads the start of it: of a pipe (/dev/stdin, a
     * FIFO, <(...)) those bytes would then be gone for the CSV reader. A pipe is CSV, as "-". */
    struct stat st;
    const int stream = fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode);
    int status = stream ? CLI_NOT_AUDIO : read_sndfile(rq, rec);
    if (status == CLI_NOT_AUDIO)
        status = read_csv(f, rq, rec, stream);
    fclose(f);
    if (status == 0 && rec->n_frames == 0) {
        cli_error("'%s' holds no samples", rq->name);
        status = EXIT_DATA;
    }
    if (status == 0 && rq->sink && rec->frames)
        status = to_sink(rq, rec);
    return status;
}
