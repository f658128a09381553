/* What other library files (not users) may ask of a handle. */
#ifndef CALFPUMP_HANDLE_H
#define CALFPUMP_HANDLE_H

#include "calfpump.h"

int handle_channels(const calfpump *h);

#endif
