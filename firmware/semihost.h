/* ARM semihosting (the debugger's or QEMU's console): the bare-metal programs' only output. */
#ifndef CALFPUMP_FIRMWARE_SEMIHOST_H
#define CALFPUMP_FIRMWARE_SEMIHOST_H

/* Writes a NUL-terminated string to the host's console. */
void semihost_write(const char *text);
/* Ends the program (QEMU exits with this status). */
_Noreturn void semihost_exit(int status);

#endif
