/*
 * The CLI's CSV reader (libcalfpump/cli/read_csv.c, libcsv underneath) on arbitrary text, then
 * the analysis the CLI runs on what it read.
 * Input: the 3 request bytes of fz_request() (--channel, --rate, --signal/--units), then the
 * CSV file itself, read through a FILE on the input's bytes.
 * Oracles (fz_check_read): a documented exit status, a message exactly when reading failed, a
 * recording of 1 or 3 channels that the library takes (or rejects for its rate) and in which no
 * frame is lost.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    read_request rq;
    fz_request(&r, &rq);
    size_t len;
    const uint8_t *text = fz_bytes(&r, r.n, &len);
    /* A copy: fmemopen takes a writable buffer, and exactly len bytes of it are the file. */
    char *copy = malloc(len ? len : 1);
    FZ_CHECK(copy != NULL);
    if (len)
        memcpy(copy, text, len);
    FILE *f = fmemopen(copy, len, "r");
    FZ_CHECK(f != NULL);
    recording rec = {0};
    const int status = read_csv(f, &rq, &rec, 0);
    fclose(f);
    fz_check_read(status, &rq, &rec, 0, FZ_MAX_ANALYSED);
    recording_free(&rec);
    free(copy);
    return 0;
}
