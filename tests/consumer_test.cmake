# Installs the built tree into a fresh prefix and builds examples/consumer against it, once with
# find_package(samverkan COMPONENTS ...) and once with pkg-config alone, and runs both; builds an
# SDK example with the client's pkg-config file.
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
# A throwaway signing key and certificate for the mailbox part.
execute_process(COMMAND openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Consumer test/O=Consumer test/C=SE"
                        -keyout ${WORK_DIR}/key.pem -out ${WORK_DIR}/certificate.pem
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "openssl could not make the test key: ${rc}")
endif()
set(consumer_arguments ${SOURCE_DIR}/examples/hoglandet/cooperation.xml
                       ${SOURCE_DIR}/examples/hoglandet/eservices/felanmalan-gata-park.xml
                       ${WORK_DIR}/key.pem ${WORK_DIR}/certificate.pem)

# What the consumer must print, whichever way it was built.
function(check_consumer_output what rc out err)
  message(STATUS "${what} printed:\n${out}")
  foreach(expected "Höglandets IT" "0604 Aneby" "appeal deadline for a notice posted 2026-12-03: 2026-12-28"
                   "case number: KS 2026/142 \\(diary KS, number 142\\)" "e-service definition: felanmalan-gata-park"
                   "signed delivery: [0-9]+ bytes, signed by .*Consumer test, with a signature")
    if(NOT out MATCHES "${expected}")
      message(FATAL_ERROR "${what} did not print '${expected}' (exit ${rc}): ${err}")
    endif()
  endforeach()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} exited ${rc}: ${err}")
  endif()
endfunction()

execute_process(COMMAND ${WORK_DIR}/build/samverkan-consumer ${consumer_arguments}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
check_consumer_output("the consumer (find_package)" "${rc}" "${out}" "${err}")

# The same program built with pkg-config alone (no CMake), and the SDK's client with its own.
file(GLOB pc_dirs ${WORK_DIR}/prefix/lib*/pkgconfig ${WORK_DIR}/prefix/lib/*/pkgconfig)
list(JOIN pc_dirs ":" pc_path)
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
set(sanitize_flag "")
if(SANITIZE)
  set(sanitize_flag "-fsanitize=${SANITIZE}")
endif()
foreach(build IN ITEMS
        "main.cpp samverkan-casehandling samverkan-mailbox samverkan-eservices consumer-pc"
        "../sdk/register_case.cpp samverkan-client register-case-pc")
  separate_arguments(parts UNIX_COMMAND "${build}")
  list(POP_FRONT parts source)
  list(POP_BACK parts output)
  execute_process(COMMAND pkg-config --cflags --libs ${parts} RESULT_VARIABLE rc OUTPUT_VARIABLE flags
                  ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config ${parts} failed: ${err}")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  execute_process(COMMAND c++ -std=c++20 ${sanitize_flag} ${SOURCE_DIR}/examples/consumer/${source}
                          -o ${WORK_DIR}/${output} ${flags}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building ${source} with pkg-config ${parts} failed: ${err}")
  endif()
endforeach()
execute_process(COMMAND ${WORK_DIR}/consumer-pc ${consumer_arguments}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
check_consumer_output("the consumer (pkg-config)" "${rc}" "${out}" "${err}")
