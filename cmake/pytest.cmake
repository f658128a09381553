# calfpump_add_pytest(NAME <test> PATHS <files or folders> LABELS <labels> TIMEOUT <s>
#                     [ENVIRONMENT <VAR=value>...])
# A ctest running `${Python3_EXECUTABLE} -m pytest` on PATHS; none (with a note) when that Python
# has no pytest.
function(calfpump_add_pytest)
    cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;TIMEOUT" "PATHS;LABELS;ENVIRONMENT")
    execute_process(COMMAND ${Python3_EXECUTABLE} -c "import pytest"
        RESULT_VARIABLE no_pytest OUTPUT_QUIET ERROR_QUIET)
    if(NOT no_pytest EQUAL 0)
        message(STATUS "pytest not found for ${Python3_EXECUTABLE}: no '${arg_NAME}' ctest")
        return()
    endif()
    add_test(NAME ${arg_NAME}
        COMMAND ${Python3_EXECUTABLE} -m pytest -q -p no:cacheprovider ${arg_PATHS})
    set_tests_properties(${arg_NAME} PROPERTIES LABELS "${arg_LABELS}" TIMEOUT ${arg_TIMEOUT}
        ENVIRONMENT "${arg_ENVIRONMENT}")
endfunction()
