/*
 * Streaming entry points: create, a false start (push without polling, maybe flush) undone by
 * reset, push in chunks the input decides, poll with small arrays after every push (handling
 * CALFPUMP_E_QUEUE_FULL), flush, summary, push after flush, reset, destroy.
 * Oracles: the result invariants of fuzz_common.h, and calfpump_analyze on a second handle, which
 * must return exactly what the stream returned.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    calfpump_config cfg;
    fz_config(&r, &cfg);
    const uint32_t seed = fz_u32(&r);
    size_t n = 0;
    float *x = fz_signal(&r, &cfg, &n);

    calfpump *h = NULL;
    int rc = calfpump_create(&cfg, &h);
    FZ_CHECK(fz_valid_status(rc) && rc <= 0);
    if (rc != CALFPUMP_OK) {
        FZ_CHECK(h == NULL);
        free(x);
        return 0;
    }
    const size_t ch = (size_t)cfg.channels;
    const size_t max_chunk = 1 + seed % 2048, poll_cap = 1 + (seed >> 16) % 4;
    results s = {0}, b = {0}, again = {0};

    /* A false start: part of the input pushed without polling (the queues may fill), perhaps
     * flushed, then reset. Nothing of it may show in what follows. */
    size_t used = 0;
    rc = calfpump_push(h, x, n ? (seed >> 11) % (n + 1) : 0, &used);
    FZ_CHECK(rc == CALFPUMP_OK || rc == CALFPUMP_E_QUEUE_FULL);
    if (seed & (1u << 31)) {
        rc = calfpump_flush(h);
        FZ_CHECK(rc == CALFPUMP_OK || rc == CALFPUMP_E_QUEUE_FULL);
    }
    FZ_CHECK(calfpump_reset(h) == CALFPUMP_OK);

    driver_stream(h, x, n, ch, seed, max_chunk, poll_cap, &s);
    fz_check_results(&s, n, cfg.sample_rate_hz);
    if (n)
        FZ_CHECK(calfpump_push(h, x, 1, &used) == CALFPUMP_E_STATE);
    /* Flushing a flushed handle changes nothing. */
    FZ_CHECK(calfpump_flush(h) == CALFPUMP_OK);
    driver_drain(h, poll_cap, &s);
    calfpump_summary again_summary;
    FZ_CHECK(calfpump_get_summary(h, &again_summary) == CALFPUMP_OK);
    FZ_CHECK(again_summary.frames == s.summary.frames &&
             again_summary.activations == s.summary.activations &&
             again_summary.bouts == s.summary.bouts &&
             again_summary.active_s == s.summary.active_s);
    fz_check_results(&s, n, cfg.sample_rate_hz);

    /* Batch on a fresh handle gives exactly what the stream gave. */
    calfpump *g = NULL;
    FZ_CHECK(calfpump_create(&cfg, &g) == CALFPUMP_OK);
    FZ_CHECK(driver_batch(g, x, n, &b) == CALFPUMP_OK);
    char why[256];
    if (results_differ(&s, &b, why, sizeof why)) {
        fprintf(stderr, "stream and batch differ: %s\n", why);
        abort();
    }

    /* After reset the handle streams again. */
    FZ_CHECK(calfpump_reset(h) == CALFPUMP_OK);
    const size_t n2 = n < 500 ? n : 500;
    driver_stream(h, x, n2, ch, seed ^ 0x5bd1e995u, max_chunk, poll_cap, &again);
    FZ_CHECK(again.summary.frames == n2);

    results_free(&s);
    results_free(&b);
    results_free(&again);
    calfpump_destroy(g);
    calfpump_destroy(h);
    free(x);
    return 0;
}
