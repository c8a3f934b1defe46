# Installs the built tree into a fresh prefix and builds examples/consumer against it.
file(REMOVE_RECURSE ${WORK_DIR})
# A sanitizer build installs an instrumented library; the consumer must link the runtime too.
set(sanitize_link "")
if(SANITIZE)
  set(sanitize_link "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/consumer -B ${WORK_DIR}/build
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                        ${sanitize_link}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer against the installed package failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/build/samverkan-consumer ${SOURCE_DIR}/examples/hoglandet/cooperation.xml
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "consumer printed:\n${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "Höglandets IT" OR NOT out MATCHES "0604 Aneby")
  message(FATAL_ERROR "the consumer did not run as expected (exit ${rc})")
endif()
