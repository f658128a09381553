/* Texts: status messages, version string, placement and side names. */
#include "calfpump.h"

#include "fft.h"

#include <string.h>

const char *calfpump_strerror(int status)
{
    switch (status) {
    case CALFPUMP_OK: return "success";
    case CALFPUMP_MORE: return "output array full: more results are waiting, poll again";
    case CALFPUMP_E_NULL: return "a required pointer argument is NULL";
    case CALFPUMP_E_ARG: return "a parameter is outside its documented range";
    case CALFPUMP_E_RATE:
        return "sample rate must be finite and within 8..1000 Hz (EMG: 500..10000 Hz)";
    case CALFPUMP_E_CHANNELS:
        return "channel count not supported (accelerometer: 1 or 3; EMG: 1..16, emg_channel "
               "one of them)";
    case CALFPUMP_E_NOMEM: return "out of memory, or the memory given is too small";
    case CALFPUMP_E_QUEUE_FULL: return "result queue full: poll results, then push the rest";
    case CALFPUMP_E_STATE: return "call not allowed in this state (push after flush needs reset)";
    case CALFPUMP_E_VERSION: return "config struct size or version unknown to this library";
    case CALFPUMP_E_UNSUPPORTED: return "signal type or feature not supported by this build";
    case CALFPUMP_E_TIME: return "timestamps must be finite, non-decreasing and span a countable time";
    case CALFPUMP_E_FFT: return "the FFT backend could not be set up";
    default: return "unknown status code";
    }
}

#define VERSION_TEXT_MAX 64

const char *calfpump_version(void)
{
    /* The backend is chosen at configure time (CALFPUMP_FFT_NAME is its fft_backend_name()),
     * so the text is built from constants only. */
    static const char text[] = CALFPUMP_VERSION_STRING " (fft: " CALFPUMP_FFT_NAME ")";
    return text;
}

int calfpump_version_number(void)
{
    return CALFPUMP_VERSION_NUMBER;
}

static const char *const placement_names[CALFPUMP_PLACEMENT_COUNT_] = {
    "unknown", "foot", "shank", "thigh", "lower_back", "wrist",
    "pocket_front", "pocket_back", "hand", "armband", "bag", "neck"};

static const char *const side_names[] = {"unknown", "left", "right"};

static int index_of(const char *const *names, int n, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *calfpump_placement_name(int placement)
{
    return placement >= 0 && placement < CALFPUMP_PLACEMENT_COUNT_ ? placement_names[placement]
                                                                  : NULL;
}

int calfpump_placement_from_name(const char *name)
{
    return index_of(placement_names, CALFPUMP_PLACEMENT_COUNT_, name);
}

const char *calfpump_side_name(int side)
{
    return side >= 0 && side <= CALFPUMP_SIDE_RIGHT ? side_names[side] : NULL;
}

int calfpump_side_from_name(const char *name)
{
    return index_of(side_names, CALFPUMP_SIDE_RIGHT + 1, name);
}
