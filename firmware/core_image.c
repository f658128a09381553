/* The core behind the smallest complete firmware loop (see the README's vendor section): one
 * handle in a static block, a sensor FIFO pushed as it fills, every queue polled. Built only to
 * measure what the library costs in flash; its input is a volatile register stand-in. */
#include "calfpump.h"

#define FIFO_FRAMES 4

static unsigned char state[12 * 1024] __attribute__((aligned(64)));
static volatile float sensor_register; /* stands in for the accelerometer's data register */

static void poll_all(calfpump *h)
{
    calfpump_activation a[4];
    calfpump_cadence c[4];
    calfpump_bout b[4];
    size_t n;
    while (calfpump_poll_activations(h, a, 4, &n) == CALFPUMP_MORE)
        ;
    while (calfpump_poll_cadence(h, c, 4, &n) == CALFPUMP_MORE)
        ;
    while (calfpump_poll_bouts(h, b, 4, &n) == CALFPUMP_MORE)
        ;
}

int main(void)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.queue_capacity = 4;
    calfpump *h;
    if (calfpump_get_size(&cfg) > sizeof state ||
        calfpump_init(state, sizeof state, &cfg, &h) != CALFPUMP_OK)
        return 1;
    float fifo[FIFO_FRAMES * 3];
    for (int block = 0; block < 1000; block++) {
        for (int i = 0; i < FIFO_FRAMES * 3; i++)
            fifo[i] = sensor_register;
        size_t done = 0, used;
        while (done < FIFO_FRAMES) {
            calfpump_push(h, fifo + 3 * done, FIFO_FRAMES - done, &used);
            done += used;
            poll_all(h);
        }
    }
    while (calfpump_flush(h) == CALFPUMP_E_QUEUE_FULL)
        poll_all(h);
    poll_all(h);
    calfpump_summary s;
    calfpump_get_summary(h, &s);
    calfpump_deinit(h);
    return (int)(s.frames != 1000 * FIFO_FRAMES);
}
