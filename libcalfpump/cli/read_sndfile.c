/* Recordings in any format libsndfile reads (WAV, FLAC, ...; any number of channels). The rate
 * comes from the file unless --rate is given. Integer formats read as full scale = 1.0, so use a
 * float format for values beyond +-1 g. */
#include <sndfile.h>
#include <stdlib.h>

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
    size_t cap = 0;
    sf_count_t got;
    if (!chunk) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    while ((got = sf_readf_float(sf, chunk, CHUNK_FRAMES)) > 0) {
        float *frames = grow_array(rec->frames, &cap, (rec->n_frames + (size_t)got) * ch,
                                   sizeof *frames);
        if (!frames) {
            free(chunk);
            return EXIT_DATA;
        }
        rec->frames = frames;
        for (sf_count_t i = 0; i < got; i++, rec->n_frames++)
            for (size_t k = 0; k < ch; k++)
                frames[rec->n_frames * ch + k] = chunk[i * n_in + idx[k]] * rq->scale;
    }
    free(chunk);
    if (sf_error(sf)) {
        cli_error("'%s': %s", rq->name, sf_strerror(sf));
        return EXIT_DATA;
    }
    rec->rate_hz = given(rq->rate_hz) ? rq->rate_hz : info->samplerate;
    rec->t0 = 0.0;
    return 0;
}

/* A file sf_open* returned (NULL: the open failed), read and closed. */
static int read_opened(SNDFILE *sf, const SF_INFO *info, const read_request *rq,
                       recording *rec)
{
    if (!sf) {
        if (sf_error(NULL) == SF_ERR_UNRECOGNISED_FORMAT)
            return CLI_NOT_AUDIO;
        cli_error("'%s': %s", rq->name, sf_strerror(NULL));
        return EXIT_DATA;
    }
    int status = read_frames(sf, info, rq, rec);
    sf_close(sf);
    return status;
}

int read_sndfile(const read_request *rq, recording *rec)
{
    SF_INFO info = {0};
    return read_opened(sf_open(rq->path, SFM_READ, &info), &info, rq, rec);
}

int read_sndfile_virtual(struct SF_VIRTUAL_IO *io, void *user, const read_request *rq,
                         recording *rec)
{
    SF_INFO info = {0};
    return read_opened(sf_open_virtual(io, SFM_READ, &info, user), &info, rq, rec);
}
