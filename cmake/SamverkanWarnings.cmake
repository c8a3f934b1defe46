# Compiler warnings and sanitizers for every Samverkan target, applied through one function.
function(samverkan_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                         -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion
                         -Wno-sign-conversion -Wformat=2 -Wimplicit-fallthrough)
  if(SAMVERKAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SAMVERKAN_SANITIZE)
    set(sanitize_flags -fsanitize=${SAMVERKAN_SANITIZE})
    if(SAMVERKAN_SANITIZE MATCHES "undefined")
      # The vptr check needs the typeinfo of SOCI's internal classes, which libsoci does not export.
      list(APPEND sanitize_flags -fno-sanitize=vptr)
    endif()
    # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (std::regex) when
    # sanitizer instrumentation is on; the normal build keeps the warning.
    target_compile_options(${target} PRIVATE ${sanitize_flags} -fno-omit-frame-pointer -fno-sanitize-recover=all
                           -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE ${sanitize_flags})
  endif()
endfunction()
