/*
 * Batch entry point: calfpump_analyze and the result accessors, on a heap handle and on a handle
 * in caller memory (get_size + init + deinit). Oracles: the result invariants of fuzz_common.h;
 * a second analyze on the same handle and the caller-memory handle give exactly the same.
 */
#include "fuzz_common.h"

static int analyze(calfpump *h, const float *x, size_t n, results *out)
{
    const int rc = driver_batch(h, x, n, out);
    FZ_CHECK(rc == CALFPUMP_OK || rc == CALFPUMP_E_NOMEM); /* all a valid handle may return */
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_reader r = {data, size};
    calfpump_config cfg;
    fz_config(&r, &cfg);
    (void)fz_u32(&r); /* fuzz_push's chunking seed: the layouts are shared */
    size_t n = 0;
    float *x = fz_signal(&r, &cfg, &n);

    calfpump *h = NULL;
    const int rc = calfpump_create(&cfg, &h);
    FZ_CHECK(fz_valid_status(rc) && rc <= 0);
    const size_t need = calfpump_get_size(&cfg);
    FZ_CHECK((need > 0) == (rc == CALFPUMP_OK));
    if (rc != CALFPUMP_OK) {
        free(x);
        return 0;
    }
    results a = {0}, b = {0}, c = {0};
    char why[256];
    if (analyze(h, x, n, &a) == CALFPUMP_OK) {
        fz_check_results(&a, n, cfg.sample_rate_hz);
        FZ_CHECK(analyze(h, x, n, &b) == CALFPUMP_OK);
        FZ_CHECK(!results_differ(&a, &b, why, sizeof why));

        /* Exactly `need` bytes: AddressSanitizer catches any use beyond them. */
        void *mem = malloc(need);
        FZ_CHECK(mem != NULL && (uintptr_t)mem % 16 == 0);
        calfpump *m = NULL;
        FZ_CHECK(calfpump_init(mem, need, &cfg, &m) == CALFPUMP_OK);
        FZ_CHECK(analyze(m, x, n, &c) == CALFPUMP_OK);
        FZ_CHECK(!results_differ(&a, &c, why, sizeof why));
        calfpump_deinit(m);
        free(mem);
    }
    results_free(&a);
    results_free(&b);
    results_free(&c);
    calfpump_destroy(h);
    free(x);
    return 0;
}
