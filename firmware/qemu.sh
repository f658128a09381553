#!/usr/bin/env bash
# qemu.sh QEMU ELF [QEMU OPTIONS...]: runs a bare-metal program on QEMU's mps2-an386 (Cortex-M4)
# with its semihosting output on stdout; the exit status is the program's (SYS_EXIT_EXTENDED).
set -euo pipefail
qemu=$1 elf=$2
shift 2
exec timeout 120 "$qemu" -M mps2-an386 -nographic -monitor none -serial none \
    -chardev stdio,id=semihost -semihosting-config enable=on,target=native,chardev=semihost \
    "$@" -kernel "$elf"
