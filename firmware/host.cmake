# Firmware tests in the host build (included from the top-level CMakeLists.txt):
#   - builds the Cortex-M4F firmware (CALFPUMP_EMBEDDED, builtin FFT) as an external project in
#     <build>/firmware-m4f with cmake/arm-none-eabi-cortex-m4f.cmake, and its smallest variant
#     (no exercise analytics, no EMG path) in <build>/firmware-m4f_minimal;
#   - firmware_qemu(_minimal): runs its streaming program under qemu-system-arm (mps2-an386) and
#     asserts that its results equal this host build's run of the same program on the same
#     recording;
#   - firmware_image(_minimal): no heap, stdio or threads in the firmware images, no writable
#     static data and no global symbol but calfpump_* in the core library (nm), and their sizes;
#   - firmware_cost: instructions per input frame on the Cortex-M4F (QEMU -icount), printed.
# Skipped (with a message) when arm-none-eabi-gcc or qemu-system-arm is not installed.
find_program(CALFPUMP_ARM_GCC arm-none-eabi-gcc)
find_program(CALFPUMP_ARM_NM arm-none-eabi-nm)
find_program(CALFPUMP_ARM_SIZE arm-none-eabi-size)
find_program(CALFPUMP_QEMU_ARM qemu-system-arm)
if(NOT CALFPUMP_ARM_GCC OR NOT CALFPUMP_ARM_NM OR NOT CALFPUMP_ARM_SIZE OR NOT CALFPUMP_QEMU_ARM
   OR NOT Python3_EXECUTABLE)
    message(STATUS "arm-none-eabi-gcc, qemu-system-arm or python3 not found: no firmware tests")
    return()
endif()

include(ExternalProject)
# Two firmware builds: the full core, and the smallest one (exercise analytics and EMG path left
# out: CALFPUMP_ANALYTICS=OFF, CALFPUMP_EMG=OFF), whose image is the flash an accelerometer-only
# product pays. Both must stream like the host.
set(_m4f ${PROJECT_BINARY_DIR}/firmware-m4f)
set(_variants "" _minimal)
set(_variant_args_ "")
set(_variant_args__minimal -DCALFPUMP_ANALYTICS=OFF -DCALFPUMP_EMG=OFF)
# The flash the minimal core may take (the firmware issue's 24 KB goal); the full one has none.
set(_max_flash_ "")
set(_max_flash__minimal 24576)
foreach(_v IN LISTS _variants)
    ExternalProject_Add(calfpump_firmware${_v}
        SOURCE_DIR ${PROJECT_SOURCE_DIR}
        BINARY_DIR ${_m4f}${_v}
        CMAKE_ARGS
            -DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/arm-none-eabi-cortex-m4f.cmake
            -DCALFPUMP_EMBEDDED=ON -DCALFPUMP_FFT=builtin
            -DPython3_EXECUTABLE=${Python3_EXECUTABLE} ${_variant_args_${_v}}
        BUILD_ALWAYS ON
        INSTALL_COMMAND "")
endforeach()

# The same streaming program on the host, against this build's library and FFT backend.
include(${CMAKE_CURRENT_LIST_DIR}/recording.cmake)
calfpump_recording(_recording)
add_executable(calfpump_stream_host ${CMAKE_CURRENT_LIST_DIR}/stream.c
    ${CMAKE_CURRENT_LIST_DIR}/report_stdio.c ${_recording})
target_include_directories(calfpump_stream_host PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(calfpump_stream_host PRIVATE calfpump_static)

foreach(_v IN LISTS _variants)
    add_test(NAME firmware_qemu${_v}
        COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_qemu.sh ${CALFPUMP_QEMU_ARM}
            ${_m4f}${_v}/firmware/calfpump_stream.elf $<TARGET_FILE:calfpump_stream_host>
            ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/compare_stream.py)
    set_tests_properties(firmware_qemu${_v} PROPERTIES LABELS firmware TIMEOUT 300)
    add_test(NAME firmware_image${_v}
        COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check_image.sh ${CALFPUMP_ARM_NM}
            ${CALFPUMP_ARM_SIZE} ${_m4f}${_v}/firmware/calfpump_core.elf
            ${_m4f}${_v}/firmware/calfpump_stream.elf ${_m4f}${_v}/libcalfpump/libcalfpump.a
            ${_max_flash_${_v}})
    set_tests_properties(firmware_image${_v} PROPERTIES LABELS firmware TIMEOUT 60)
endforeach()
add_test(NAME firmware_cost
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/qemu.sh ${CALFPUMP_QEMU_ARM}
        ${_m4f}/firmware/calfpump_cost.elf -icount shift=0)
set_tests_properties(firmware_cost PROPERTIES LABELS firmware TIMEOUT 120)
