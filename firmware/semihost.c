#include "semihost.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Semihosting call: operation in r0, argument in r1, BKPT 0xAB traps to the host. */
static int semihost_call(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_write(const char *text)
{
    semihost_call(SYS_WRITE0, text);
}

_Noreturn void semihost_exit(int status)
{
    /* SYS_EXIT_EXTENDED passes the status on (plain SYS_EXIT cannot on 32-bit targets). */
    const int block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
    semihost_call(SYS_EXIT_EXTENDED, block);
    for (;;)
        ;
}
