/* Texts: status messages, version string, names of the enums. */
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
        return "sample rate not finite or out of range (analysis: 8..1000 Hz, EMG: 500..10000 Hz; "
               "resampling: 8..10000 Hz)";
    case CALFPUMP_E_CHANNELS:
        return "channel count not supported (accelerometer: 1 or 3; EMG: 1..16, emg_channel "
               "one of them)";
    case CALFPUMP_E_NOMEM: return "out of memory, or the memory given is too small";
    case CALFPUMP_E_QUEUE_FULL: return "result queue full: poll results, then push the rest";
    case CALFPUMP_E_STATE:
        return "call not allowed in this state (push after flush: reset first; while a flush "
               "that returned CALFPUMP_E_QUEUE_FULL is pending: poll, then flush again)";
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
static const char *const signal_names[] = {"accel", "emg"};
static const char *const kind_names[] = {"step", "stride", "burst"};
static const char *const bout_kind_names[] = {"exercise", "walking", "running"};
static const char *const posture_names[] = {"unknown", "dependent", "horizontal", "elevated"};
static const char *const immobility_kind_names[] = {"alert", "break", "end"};
static const char *const activity_names[] = {"walking", "ankle_pumps", "heel_raises", "other"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *name_at(const char *const *names, int n, int value)
{
    return value >= 0 && value < n ? names[value] : NULL;
}

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
    return name_at(placement_names, CALFPUMP_PLACEMENT_COUNT_, placement);
}

int calfpump_placement_from_name(const char *name)
{
    return index_of(placement_names, CALFPUMP_PLACEMENT_COUNT_, name);
}

const char *calfpump_side_name(int side)
{
    return name_at(side_names, COUNT(side_names), side);
}

int calfpump_side_from_name(const char *name)
{
    return index_of(side_names, COUNT(side_names), name);
}

const char *calfpump_signal_name(int signal)
{
    return name_at(signal_names, COUNT(signal_names), signal);
}

int calfpump_signal_from_name(const char *name)
{
    return index_of(signal_names, COUNT(signal_names), name);
}

const char *calfpump_kind_name(int kind)
{
    return name_at(kind_names, COUNT(kind_names), kind);
}

const char *calfpump_bout_kind_name(int bout_kind)
{
    return name_at(bout_kind_names, COUNT(bout_kind_names), bout_kind);
}

const char *calfpump_posture_name(int posture)
{
    return name_at(posture_names, COUNT(posture_names), posture);
}

const char *calfpump_immobility_kind_name(int immobility_kind)
{
    return name_at(immobility_kind_names, COUNT(immobility_kind_names), immobility_kind);
}

const char *calfpump_activity_name(int activity)
{
    return name_at(activity_names, COUNT(activity_names), activity);
}
