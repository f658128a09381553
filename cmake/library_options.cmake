# The library's build options, shared by the project and the Python package's own build
# (bindings/CMakeLists.txt configured by python/setup.py).
set(CALFPUMP_FFT fftw3 CACHE STRING
    "FFT backend, named by licence: fftw3 (GPL), kissfft (BSD-3-Clause), builtin (no dependency)")
set_property(CACHE CALFPUMP_FFT PROPERTY STRINGS fftw3 kissfft builtin)
option(CALFPUMP_EMBEDDED
    "Firmware build: the analysis core only (caller memory, no heap/stdio), static, builtin FFT" OFF)
# A firmware image that needs neither can leave the exercise analytics or the EMG path out
# (flash); configs that ask for them then get CALFPUMP_E_UNSUPPORTED.
option(CALFPUMP_ANALYTICS "Build the exercise analytics (OFF only with CALFPUMP_EMBEDDED)" ON)
option(CALFPUMP_EMG "Build the surface-EMG path (OFF only with CALFPUMP_EMBEDDED)" ON)
