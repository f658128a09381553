/* Choosing the reader for a path (CSV on standard input or a pipe, else libsndfile when it
 * knows the format, else CSV), and handing a recording a reader kept whole to a sink. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* path opened for reading: a regular file, or a pipe (/dev/stdin, <(...), a FIFO) in blocking
 * mode, *pipe set. A FIFO that nobody writes to yet would block open() with no word: it is
 * opened without waiting, and when it has no writer, that is said before waiting for one. A
 * folder, device or socket is refused (/dev/zero would be read for ever). NULL after a
 * message. */
static FILE *open_input(const read_request *rq, int *pipe)
{
    int fd = open(rq->path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        cli_error("cannot open '%s': %s", rq->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    *pipe = S_ISFIFO(st.st_mode);
    if (!S_ISREG(st.st_mode) && !*pipe) {
        cli_error("'%s' is %s: give a recording's file, a pipe or '-'", rq->name,
                  S_ISDIR(st.st_mode) ? "a folder (calfpump batch analyses folders)"
                                      : "not a regular file (a device or socket)");
        close(fd);
        return NULL;
    }
    char c;
    ssize_t got = -1;
    if (*pipe) {
        /* Without a writer a read at once finds the end (EAGAIN: one is there). A named FIFO
         * waits for its writer; an unnamed pipe (<(...) whose writer is done) has none to
         * come: it is read as it is, empty. */
        got = read(fd, &c, 1);
        char *named = got == 0 ? realpath(rq->path, NULL) : NULL;
        if (named) {
            fprintf(stderr, "calfpump: '%s' is a FIFO that nothing writes to yet: waiting for "
                            "a writer (Ctrl-C to stop)\n", rq->name);
            free(named);
            /* poll, not a second open: what a writer sends meanwhile stays in this reader's
             * pipe. It wakes at the first data, or when a writer left without any. */
            struct pollfd wait = {fd, POLLIN, 0};
            while (poll(&wait, 1, -1) < 0 && errno == EINTR)
                ;
            got = -1;
        }
    }
    FILE *f = fd >= 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0
                  ? fdopen(fd, "rb") : NULL;
    if (!f) {
        cli_error("cannot read '%s': %s", rq->name, strerror(errno));
        if (fd >= 0)
            close(fd);
    } else if (got == 1) {
        ungetc((unsigned char)c, f);
    }
    return f;
}

int read_input(const read_request *rq, recording *rec)
{
    if (strcmp(rq->path, "-") == 0)
        return read_csv(stdin, rq, rec, 1);
    int stream;
    FILE *f = open_input(rq, &stream);
    if (!f)
        return EXIT_DATA;
    /* libsndfile opens the path itself and reads the start of it: of a pipe (/dev/stdin, a
     * FIFO, <(...)) those bytes would then be gone for the CSV reader. A pipe is CSV, as "-". */
    int status = CLI_NOT_AUDIO;
    if (!stream) {
        /* libsndfile takes UTF-16's mark for an MPEG frame: told here, before it tries. */
        unsigned char start[4];
        const size_t got = fread(start, 1, sizeof start, f);
        rewind(f);
        status = refuse_utf16(rq, start, got);
        if (status == 0)
            status = read_sndfile(rq, rec);
    }
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
