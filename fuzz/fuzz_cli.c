/* The shared part of the readers' harnesses; see fuzz_cli.h. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "fuzz_cli.h"

static unsigned messages;

/* The CLI's main.c prints these; a harness formats each (so that AddressSanitizer checks every
 * argument a message reads) and counts it, without flooding the fuzzer's output. */
void cli_error(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    const int w = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    FZ_CHECK(w > 0);
    messages++;
}

unsigned fz_messages(void)
{
    const unsigned n = messages;
    messages = 0;
    return n;
}

void fz_request(fz_reader *r, read_request *rq)
{
    static const char *const specs[] = {
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "ax,ay,az", "amag", "0", "1", "2",
        "1,2,3", "t", "az,ay,ax", "x,y", ",,", "99999999999999999999", "emg_so", "-1", "1,1,1",
        "0,0,0", "ax,ay", "3", "a,b,c,d",
    };
    /* The CLI's option parser passes any finite number that fits a float. */
    static const double rates[] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 100.0, 50.0, 8.0,
                                   1000.0, 7.99, 1000.5, 0.0, -100.0, 1e-300, 1e30, 3.4e38,
                                   0.001, 64.0, 12.5};
    *rq = (read_request){0}; /* fields not drawn (sink: read whole) keep their defaults */
    rq->path = "<fuzz>";
    rq->name = "<fuzz>";
    rq->channel = specs[fz_index(r, sizeof specs / sizeof specs[0])];
    rq->rate_hz = rates[fz_index(r, sizeof rates / sizeof rates[0])];
    const uint8_t flags = fz_u8(r);
    rq->signal = (flags & 1) ? CALFPUMP_SIGNAL_EMG : CALFPUMP_SIGNAL_ACCEL;
    rq->scale = (flags & 2) ? (float)(1.0 / 9.80665) : 1.0f;
}

void fz_check_read(int status, const read_request *rq, const recording *rec, int allow_not_audio,
                   size_t max_frames)
{
    const unsigned msgs = fz_messages();
    if (status == CLI_NOT_AUDIO) {
        FZ_CHECK(allow_not_audio && msgs == 0);
        return;
    }
    FZ_CHECK(status == 0 || status == EXIT_DATA || status == EXIT_USAGE);
    FZ_CHECK((status != 0) == (msgs > 0)); /* a failure says why; a success says nothing */
    if (status != 0)
        return;

    /* The library analyses 1 or 3 channels: a reader returns nothing else. */
    FZ_CHECK(rec->channels == 1 || rec->channels == 3);
    for (int k = 0; k < CLI_MAX_CHANNELS; k++)
        FZ_CHECK((rec->channel_names[k] != NULL) == (k < rec->channels));
    FZ_CHECK(rec->n_frames == 0 || rec->frames != NULL);
    if (given(rq->rate_hz))
        FZ_CHECK(rec->rate_hz == rq->rate_hz);
    FZ_CHECK(isfinite(rec->t0));
    if (rec->n_frames == 0 || rec->n_frames > max_frames)
        return; /* the CLI refuses an empty recording itself */

    /* What the CLI does next: the batch analysis at the recording's rate. */
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = rec->rate_hz;
    cfg.channels = rec->channels;
    cfg.signal = rq->signal;
    cfg.analytics = 1; /* as the CLI */
    calfpump *h = NULL;
    const int rc = calfpump_create(&cfg, &h);
    if (rq->signal == CALFPUMP_SIGNAL_ACCEL) {
        const int rate_ok = rec->rate_hz >= CALFPUMP_MIN_RATE_HZ &&
                            rec->rate_hz <= CALFPUMP_MAX_RATE_HZ;
        FZ_CHECK(rc == (rate_ok ? CALFPUMP_OK : CALFPUMP_E_RATE));
    } else {
        /* EMG: its own rates and channel counts, or not built in. */
        FZ_CHECK(rc == CALFPUMP_OK || rc == CALFPUMP_E_RATE || rc == CALFPUMP_E_CHANNELS ||
                 rc == CALFPUMP_E_UNSUPPORTED);
    }
    if (rc != CALFPUMP_OK)
        return;
    calfpump_result *res = NULL;
    FZ_CHECK(calfpump_analyze(h, rec->frames, rec->n_frames, &res) == CALFPUMP_OK);
    const calfpump_summary *s = calfpump_result_summary(res);
    uint64_t gaps = 0;
    const size_t ch = (size_t)rec->channels;
    for (size_t i = 0; i < rec->n_frames; i++) {
        int finite = 1;
        for (size_t k = 0; k < ch; k++)
            finite &= isfinite(rec->frames[i * ch + k]) != 0;
        gaps += !finite;
    }
    FZ_CHECK(s->frames == rec->n_frames && s->gap_frames == gaps);
    calfpump_result_free(res);
    calfpump_destroy(h);
}
