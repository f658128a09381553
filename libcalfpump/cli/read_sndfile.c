/* Recordings in any format libsndfile reads (WAV, FLAC, ...; any number of channels). The rate
 * comes from the file unless --rate is given. Integer formats read as full scale = 1.0, so use a
 * float format for values beyond +-1 g. */
#include <pthread.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Frames read per libsndfile call. */
#define CHUNK_FRAMES 4096

/* An audio file's channels are named "0", "1", ...: chosen by number. */
static int choose_channels(const SF_INFO *info, const read_request *rq,
                           int idx[CLI_MAX_CHANNELS], recording *rec)
{
    enum { NAME_SIZE = 12 };
    const size_t n = (size_t)info->channels;
    char **names = malloc(n * sizeof *names);
    char *text = malloc(n * NAME_SIZE);
    int status = EXIT_DATA;
    if (names && text) {
        for (int i = 0; i < info->channels; i++) {
            names[i] = text + (size_t)i * NAME_SIZE;
            snprintf(names[i], NAME_SIZE, "%d", i);
        }
        status = select_channels(rq->channel, names, n, -1, "channel", rq, idx, rec);
    } else {
        cli_error("out of memory");
    }
    free(names);
    free(text);
    return status;
}

static int read_frames(SNDFILE *sf, const SF_INFO *info, const read_request *rq,
                       recording *rec)
{
    const int n_in = info->channels;
    int idx[CLI_MAX_CHANNELS];
    int status = choose_channels(info, rq, idx, rec);
    if (status)
        return status;

    const size_t ch = (size_t)rec->channels;
    float *chunk = malloc(CHUNK_FRAMES * (size_t)n_in * sizeof *chunk);
    float *frames = NULL; /* the whole recording, or one chunk of it for a sink */
    size_t cap = 0;
    sf_count_t got;
    rec->rate_hz = given(rq->rate_hz) ? rq->rate_hz : info->samplerate;
    rec->t0 = 0.0;
    if (!chunk) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    while (status == 0 && (got = sf_readf_float(sf, chunk, CHUNK_FRAMES)) > 0) {
        size_t at = rq->sink ? 0 : rec->n_frames;
        float *grown = grow_array(frames, &cap, (at + (size_t)got) * ch, sizeof *frames);
        if (!grown) {
            status = EXIT_DATA;
            break;
        }
        frames = grown;
        for (sf_count_t i = 0; i < got; i++)
            for (size_t k = 0; k < ch; k++)
                frames[(at + (size_t)i) * ch + k] = chunk[i * n_in + idx[k]] * rq->scale;
        rec->n_frames += (size_t)got;
        if (rq->sink)
            status = rq->sink(rq->sink_ctx, rec, frames, (size_t)got);
    }
    free(chunk);
    if (rq->sink)
        free(frames);
    else
        rec->frames = frames;
    if (status == 0 && sf_error(sf)) {
        cli_error("'%s': %s", rq->name, sf_strerror(sf));
        return EXIT_DATA;
    }
    return status;
}

/* libsndfile opens a file whose header promises more than it holds (a recording cut short, a
 * copy broken off) and reads what there is; only its log says so, in a line such as
 * "data : 72000 (should be 39904)". That line is passed on as a warning. */
static void warn_damaged(SNDFILE *sf, const char *name)
{
    char log[4096];
    sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
    for (const char *line = log; *line;) {
        const size_t len = strcspn(line, "\n");
        const char *hit = strstr(line, "should be");
        if (hit && hit < line + len) {
            cli_warning("'%s': the file is damaged or cut short (libsndfile: %.*s); analysing "
                        "the frames it holds",
                        name, (int)len, line);
            return;
        }
        line += len + (line[len] == '\n');
    }
}

/* Where a file comes from: a path, or libsndfile's virtual I/O over memory. */
typedef struct source {
    const char *path;
    struct SF_VIRTUAL_IO *io;
    void *user;
} source;

/* Opens, reads and closes. libsndfile keeps the error of a failed open in globals: one open at a
 * time, as batch reads on several threads (and most of its files are CSV, which fail here). */
static int read_source(const source *src, const read_request *rq, recording *rec)
{
    static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
    SF_INFO info = {0};
    pthread_mutex_lock(&open_lock);
    SNDFILE *sf = src->io ? sf_open_virtual(src->io, SFM_READ, &info, src->user)
                          : sf_open(src->path, SFM_READ, &info);
    const int not_audio = !sf && sf_error(NULL) == SF_ERR_UNRECOGNISED_FORMAT;
    if (!sf && !not_audio)
        cli_error("'%s': %s", rq->name, sf_strerror(NULL));
    pthread_mutex_unlock(&open_lock);
    if (!sf)
        return not_audio ? CLI_NOT_AUDIO : EXIT_DATA;
    /* A file without a header libsndfile knows, named *.au, *.snd, *.vox or *.gsm, is opened as
     * headerless audio guessed from the name (8 kHz mu-law, ...): a CSV so named would be
     * analysed as such. Such a file tells no rate: it goes to the CSV reader, which refuses
     * what is not text. */
    if ((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_RAW) {
        sf_close(sf);
        return CLI_NOT_AUDIO;
    }
    warn_damaged(sf, rq->name);
    int status = read_frames(sf, &info, rq, rec);
    sf_close(sf);
    return status;
}

int read_sndfile(const read_request *rq, recording *rec)
{
    return read_source(&(source){rq->path, NULL, NULL}, rq, rec);
}

int read_sndfile_virtual(struct SF_VIRTUAL_IO *io, void *user, const read_request *rq,
                         recording *rec)
{
    return read_source(&(source){NULL, io, user}, rq, rec);
}
