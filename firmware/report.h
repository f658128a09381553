/* Where the streaming test program's lines go: semihosting on the target, stdout on the host. */
#ifndef CALFPUMP_FIRMWARE_REPORT_H
#define CALFPUMP_FIRMWARE_REPORT_H

void report_text(const char *text);

#endif
