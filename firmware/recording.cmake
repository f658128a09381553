# calfpump_recording(<out_var>): the rule that writes the streaming test program's recording
# (recording.h) into the current binary directory; <out_var> names the generated source.
function(calfpump_recording out_var)
    set(_src ${CMAKE_CURRENT_BINARY_DIR}/recording.c)
    add_custom_command(OUTPUT ${_src}
        COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/firmware/make_recording.py ${_src}
            ${PROJECT_SOURCE_DIR}/../shared/data ${PROJECT_SOURCE_DIR}
        DEPENDS ${PROJECT_SOURCE_DIR}/firmware/make_recording.py
            ${PROJECT_SOURCE_DIR}/examples/make_walk.py
        COMMENT "Recording for the streaming test program")
    set(${out_var} ${_src} PARENT_SCOPE)
endfunction()
