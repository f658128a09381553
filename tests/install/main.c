/* A small user of an installed libcalfpump: analyse 40 s of a synthetic walk, print a summary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <calfpump.h>

int main(void)
{
    const double rate = 100.0, pi = 3.14159265358979323846;
    const size_t n = 4000;
    float *x = malloc(3 * n * sizeof *x);
    if (!x)
        return 1;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate, walking = t > 5.0 && t < 35.0;
        double ph = 2.0 * pi * 1.8 * t;
        x[3 * i + 0] = (float)(walking * 0.12 * sin(ph + 1.0));
        x[3 * i + 1] = 0.0f;
        x[3 * i + 2] = (float)(1.0 + walking * 0.25 * (sin(ph) + 0.4 * sin(2.0 * ph + 0.6)));
    }

    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.placement = calfpump_placement_from_name("lower_back");
    calfpump *h = NULL;
    calfpump_result *r = NULL;
    int rc = calfpump_create(&cfg, &h);
    if (rc == CALFPUMP_OK)
        rc = calfpump_analyze(h, x, n, &r);
    if (rc != CALFPUMP_OK) {
        fprintf(stderr, "calfpump: %s\n", calfpump_strerror(rc));
        return 1;
    }
    size_t n_act = 0;
    calfpump_result_activations(r, &n_act);
    const calfpump_summary *s = calfpump_result_summary(r);
    printf("version: %s\n", calfpump_version());
    printf("version_number: %d (header %d)\n", calfpump_version_number(), CALFPUMP_VERSION_NUMBER);
    printf("placement: %s\n", calfpump_placement_name(cfg.placement));
    const int frames_ok = s && s->frames == n;
    if (s)
        printf("frames: %llu activations: %zu\n", (unsigned long long)s->frames, n_act);
    calfpump_result_free(r);
    calfpump_destroy(h);
    free(x);
    puts(frames_ok ? "ok" : "wrong frame count");
    return frames_ok ? 0 : 1;
}
