/* Names the CLI accepts that the library has no table for (its enums' names are the library's:
 * calfpump_*_name). Each table is indexed by the CLI's value. */
#include <string.h>

#include "cli.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const units_names[] = {"g", "m/s2", "mg"}; /* CLI_UNITS_* */
/* --up-axis: index i is the config's up_axis i (1..3) or 3 - i (4..6 = -1..-3). */
static const char *const axis_names[] = {"none", "+x", "+y", "+z", "-x", "-y", "-z"};

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

const char *cli_units_name(int units) { return name_at(units_names, COUNT(units_names), units); }

int cli_units_from_name(const char *name)
{
    return index_of(units_names, COUNT(units_names), name);
}

const char *cli_axis_name(int index) { return name_at(axis_names, COUNT(axis_names), index); }

int cli_axis_from_name(const char *name) { return index_of(axis_names, COUNT(axis_names), name); }

int cli_axis_value(int index) { return index <= 3 ? index : 3 - index; }

