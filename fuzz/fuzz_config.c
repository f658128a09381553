/*
 * Configuration, lifecycle and small entry points: a calfpump_config made of raw bytes (every
 * field arbitrary), get_size, create, init into exactly get_size bytes and into too few, a short
 * push through both handles, then the names, status texts and version on arbitrary values.
 * Input: sizeof(calfpump_config) bytes of config (byte 0 bit 0 clear: struct_size and version are
 * set right), 4 bytes of `size` for a too-small init, then a NUL-terminated name and frames.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    calfpump_config cfg;
    const int keep_header = size > 0 && !(data[0] & 1);
    size_t got;
    const uint8_t *raw = fz_bytes(&r, sizeof cfg, &got);
    memset(&cfg, 0, sizeof cfg); /* missing bytes read as 0 */
    if (got)
        memcpy(&cfg, raw, got);
    if (keep_header) {
        cfg.struct_size = sizeof cfg;
        cfg.version = CALFPUMP_CONFIG_VERSION;
    }
    const uint32_t small = fz_u32(&r);

    const size_t need = calfpump_get_size(&cfg);
    calfpump *h = NULL;
    const int rc = calfpump_create(&cfg, &h);
    FZ_CHECK(fz_valid_status(rc) && rc <= 0);
    FZ_CHECK((rc == CALFPUMP_OK) == (h != NULL));
    FZ_CHECK(rc == CALFPUMP_OK || rc == CALFPUMP_E_NOMEM || need == 0);
    FZ_CHECK(rc != CALFPUMP_OK || need > 0);

    calfpump *m = NULL;
    void *mem = NULL;
    if (need > 0 && need < (64u << 20)) {
        mem = malloc(need); /* exactly need bytes: AddressSanitizer sees anything beyond */
        FZ_CHECK(mem != NULL && (uintptr_t)mem % 16 == 0);
        FZ_CHECK(calfpump_init(mem, small % need, &cfg, &m) == CALFPUMP_E_NOMEM);
        FZ_CHECK(calfpump_init(mem, need, &cfg, &m) == CALFPUMP_OK && m != NULL);
    }

    /* A name: the bytes up to the next NUL (at most 64). */
    char name[65] = {0}; /* zeroed: the status below reads name[1] of an empty name too */
    fz_text(&r, name, sizeof name);
    const int p = calfpump_placement_from_name(name), s = calfpump_side_from_name(name);
    FZ_CHECK(p >= -1 && p < CALFPUMP_PLACEMENT_COUNT_);
    FZ_CHECK(s >= -1 && s <= CALFPUMP_SIDE_RIGHT);
    if (p >= 0)
        FZ_CHECK(calfpump_placement_name(p) != NULL);
    if (s >= 0)
        FZ_CHECK(calfpump_side_name(s) != NULL);
    const unsigned char *u = (const unsigned char *)name;
    const int v = (int)(int16_t)(uint16_t)(u[0] | u[1] << 8);
    FZ_CHECK(calfpump_strerror(v) != NULL && calfpump_strerror(-v) != NULL);
    FZ_CHECK((calfpump_placement_name(v) != NULL) == (v >= 0 && v < CALFPUMP_PLACEMENT_COUNT_));
    FZ_CHECK((calfpump_side_name(v) != NULL) == (v >= 0 && v <= CALFPUMP_SIDE_RIGHT));
    FZ_CHECK(calfpump_version() != NULL);
    FZ_CHECK(calfpump_version_number() == CALFPUMP_VERSION_NUMBER);
    for (int status = CALFPUMP_E_FFT - 1; status <= CALFPUMP_MORE + 1; status++)
        FZ_CHECK(calfpump_strerror(status) != NULL);

    /* The rest as raw frames through both handles: the same summary. */
    if (h && m) {
        const size_t ch = (size_t)cfg.channels;
        const size_t frames = r.n / (4 * ch);
        float *x = malloc((frames * ch + 1) * sizeof *x);
        if (!x)
            abort();
        for (size_t i = 0; i < frames * ch; i++)
            x[i] = fz_f32(&r);
        size_t used_h = 0, used_m = 0;
        const int rh = calfpump_push(h, x, frames, &used_h);
        const int rm = calfpump_push(m, x, frames, &used_m);
        FZ_CHECK(rh == rm && used_h == used_m);
        FZ_CHECK(rh == CALFPUMP_OK || rh == CALFPUMP_E_QUEUE_FULL);
        calfpump_summary sh, sm;
        FZ_CHECK(calfpump_get_summary(h, &sh) == CALFPUMP_OK);
        FZ_CHECK(calfpump_get_summary(m, &sm) == CALFPUMP_OK);
        FZ_CHECK(sh.frames == used_h && sm.frames == used_m && sh.gap_frames == sm.gap_frames);
        free(x);
    }
    calfpump_deinit(m);
    free(mem);
    calfpump_destroy(h);
    return 0;
}
