# Compiler warnings and sanitizers for every Samverkan target, applied through one function.
function(samverkan_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                         -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion
                         -Wno-sign-conversion -Wformat=2 -Wimplicit-fallthrough)
  if(SAMVERKAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(SAMVERKAN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${SAMVERKAN_SANITIZE} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${SAMVERKAN_SANITIZE})
  endif()
endfunction()
