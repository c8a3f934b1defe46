# Compiler warnings and sanitizers for every Samverkan target, applied through one function.
function(samverkan_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                         -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion
                         -Wno-sign-conversion -Wformat=2 -Wimplicit-fallthrough)
  if(SAMVERKAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  set(sanitize ${SAMVERKAN_SANITIZE})
  if(SAMVERKAN_FUZZ)
    set(sanitize "address,undefined")  # the fuzz targets always run under ASan and UBSan
  endif()
  if(sanitize)
    set(sanitize_flags -fsanitize=${sanitize})
    if(sanitize MATCHES "undefined")
      # The vptr check needs the typeinfo of SOCI's internal classes, which libsoci does not export.
      list(APPEND sanitize_flags -fno-sanitize=vptr)
    endif()
    set(compile_flags ${sanitize_flags} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    if(SAMVERKAN_FUZZ)
      # Coverage instrumentation for libFuzzer in every library; the targets link -fsanitize=fuzzer.
      list(APPEND compile_flags -fsanitize=fuzzer-no-link)
    endif()
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (std::regex) when
      # sanitizer instrumentation is on; the normal build keeps the warning.
      list(APPEND compile_flags -Wno-maybe-uninitialized)
    endif()
    target_compile_options(${target} PRIVATE ${compile_flags})
    target_link_options(${target} PRIVATE ${sanitize_flags})
  endif()
endfunction()
