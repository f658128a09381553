/* Minimal Cortex-M4F start-up for the bare-metal programs: vector table, .data/.bss set-up,
 * FPU on, main(), exit through semihosting. No C library start files (no heap, no stdio). */
#include "semihost.h"

#include <stdint.h>
#include <string.h>

extern uint32_t _stack_top, _data_load, _data_start, _data_end, _bss_start, _bss_end;
int main(void);
void reset_handler(void);

static void fault_handler(void)
{
    semihost_write("fault\n");
    semihost_exit(3);
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)&_stack_top, reset_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, fault_handler};

#define CPACR (*(volatile uint32_t *)0xE000ED88u)

void reset_handler(void)
{
    CPACR |= 0xFu << 20; /* full access to coprocessors 10 and 11: the FPU, before any use */
    __asm__ volatile("dsb\n\tisb");
    memcpy(&_data_start, &_data_load, (size_t)((char *)&_data_end - (char *)&_data_start));
    memset(&_bss_start, 0, (size_t)((char *)&_bss_end - (char *)&_bss_start));
    semihost_exit(main());
}
