# Toolchain: Debian's gcc-arm-none-eabi + libnewlib-arm-none-eabi for a Cortex-M4F (single-
# precision FPU, hard-float ABI), optimised for size. Use with the firmware build:
#   cmake -S . -B build-m4f -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi-cortex-m4f.cmake \
#         -DCALFPUMP_EMBEDDED=ON -DCALFPUMP_FFT=builtin
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
find_program(CMAKE_OBJCOPY arm-none-eabi-objcopy)
find_program(CMAKE_SIZE arm-none-eabi-size)
find_program(CMAKE_NM arm-none-eabi-nm)
# No operating system to link a test program against while configuring.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CALFPUMP_M4F_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
# Sections per function/object so that the final link drops whatever is not called.
set(CMAKE_C_FLAGS_INIT "${CALFPUMP_M4F_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${CALFPUMP_M4F_FLAGS} -Wl,--gc-sections")
set(CMAKE_BUILD_TYPE MinSizeRel CACHE STRING "Build type (MinSizeRel: -Os -DNDEBUG)")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
