/*
 * The CLI's audio reader (libcalfpump/cli/read_sndfile.c) on an arbitrary file held in memory,
 * through libsndfile's virtual I/O (read_sndfile_virtual), then the analysis the CLI runs.
 * Input: the 3 request bytes of fz_request() (--channel, --rate, --signal/--units), then the
 * file (WAV, AU, AIFF, ... whatever libsndfile makes of it).
 * Oracles (fz_check_read): CLI_NOT_AUDIO for a format libsndfile does not know, else a documented
 * exit status with a message exactly on failure, and a recording of 1 or 3 channels that the
 * library takes (or rejects for its rate) without losing a frame.
 */
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_cli.h"

/* A read-only file in memory. */
typedef struct memfile {
    const uint8_t *data;
    sf_count_t len, pos;
} memfile;

static sf_count_t mem_len(void *user)
{
    return ((memfile *)user)->len;
}

/* lseek's rules: any offset at or after 0, also past the end. */
static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    memfile *m = user;
    const sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
    if ((whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) ||
        (offset < 0 && base + offset < 0) || (offset > 0 && base > INT64_MAX - offset))
        return -1;
    m->pos = base + offset;
    return m->pos;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
    memfile *m = user;
    if (count <= 0 || m->pos >= m->len)
        return 0;
    const sf_count_t n = count < m->len - m->pos ? count : m->len - m->pos;
    memcpy(ptr, m->data + m->pos, (size_t)n);
    m->pos += n;
    return n;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
    (void)ptr;
    (void)count;
    (void)user;
    return 0; /* opened for reading only */
}

static sf_count_t mem_tell(void *user)
{
    return ((memfile *)user)->pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    read_request rq;
    fz_request(&r, &rq);
    size_t len;
    memfile m = {.data = fz_bytes(&r, r.n, &len)};
    m.len = (sf_count_t)len;
    SF_VIRTUAL_IO io = {mem_len, mem_seek, mem_read, mem_write, mem_tell};
    recording rec = {0};
    const int status = read_sndfile_virtual(&io, &m, &rq, &rec);
    fz_check_read(status, &rq, &rec, 1, FZ_MAX_ANALYSED);
    recording_free(&rec);
    return 0;
}
