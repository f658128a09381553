/* Names the CLI accepts and prints that the library has no table for. Each table is indexed by
 * the library's (or the CLI's) enum value. */
#include <string.h>

#include "cli.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const signal_names[] = {"accel", "emg"}; /* calfpump_signal */
static const char *const units_names[] = {"g", "m/s2"};     /* CLI_UNITS_* */
static const char *const kind_names[] = {"step", "stride", "burst"}; /* calfpump_kind */
static const char *const bout_kind_names[] = {"exercise", "walking", "running"};
/* --up-axis: index i is the config's up_axis i (1..3) or 3 - i (4..6 = -1..-3). */
static const char *const axis_names[] = {"none", "+x", "+y", "+z", "-x", "-y", "-z"};
static const char *const posture_names[] = {"unknown", "dependent", "horizontal", "elevated"};
static const char *const immobility_kind_names[] = {"alert", "break", "end"};
static const char *const activity_names[] = {"walking", "ankle_pumps", "heel_raises", "other"};

static const char *name_at(const char *const *table, int count, int i)
{
    return i >= 0 && i < count ? table[i] : NULL;
}

static int index_of(const char *const *table, int count, const char *name)
{
    for (int i = 0; i < count; i++)
        if (strcmp(table[i], name) == 0)
            return i;
    return -1;
}

const char *cli_signal_name(int signal)
{
    return name_at(signal_names, COUNT(signal_names), signal);
}

int cli_signal_from_name(const char *name)
{
    return index_of(signal_names, COUNT(signal_names), name);
}

const char *cli_units_name(int units) { return name_at(units_names, COUNT(units_names), units); }

int cli_units_from_name(const char *name)
{
    return index_of(units_names, COUNT(units_names), name);
}

const char *cli_kind_name(int kind) { return name_at(kind_names, COUNT(kind_names), kind); }

const char *cli_bout_kind_name(int kind)
{
    return name_at(bout_kind_names, COUNT(bout_kind_names), kind);
}

const char *cli_axis_name(int index) { return name_at(axis_names, COUNT(axis_names), index); }

int cli_axis_from_name(const char *name) { return index_of(axis_names, COUNT(axis_names), name); }

int cli_axis_value(int index) { return index <= 3 ? index : 3 - index; }

const char *cli_posture_name(int posture)
{
    return name_at(posture_names, COUNT(posture_names), posture);
}

const char *cli_immobility_kind_name(int kind)
{
    return name_at(immobility_kind_names, COUNT(immobility_kind_names), kind);
}

const char *cli_activity_name(int kind)
{
    return name_at(activity_names, COUNT(activity_names), kind);
}
