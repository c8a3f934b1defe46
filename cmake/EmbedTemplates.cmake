# Compiles a folder of *.mustache templates into a C++ source, so the binary never reads the
# source tree at run time.
#
# As a module:  include(EmbedTemplates) then
#   samverkan_embed_templates(TARGET DIR NAMESPACE FUNCTION)
# gives TARGET `const std::map<std::string, std::string_view>& NAMESPACE::FUNCTION()`:
# template name (file name without .mustache) → text. Also embeds *.css, *.json (texts, one file
# per language) and *.js files (same-origin scripts), named with their extension ("site.css").
# As a script (build time): cmake -DOUTPUT=... -DINPUT_DIR=... -DNAMESPACE=... -DFUNCTION=... -P EmbedTemplates.cmake
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED OUTPUT)
  file(GLOB files RELATIVE ${INPUT_DIR} ${INPUT_DIR}/*.mustache ${INPUT_DIR}/*.css ${INPUT_DIR}/*.json ${INPUT_DIR}/*.js)
  list(SORT files)
  set(body "")
  foreach(name IN LISTS files)
    if(NOT name MATCHES "^([a-z0-9_-]+)\\.(mustache|css|json|js)$")
      message(FATAL_ERROR "template file name must be name.mustache, name.css, name.json or name.js: ${name}")
    endif()
    if(NOT CMAKE_MATCH_2 STREQUAL "mustache")
      set(key "${name}")
    else()
      set(key "${CMAKE_MATCH_1}")
    endif()
    file(READ ${INPUT_DIR}/${name} text)
    string(FIND "${text}" ")samverkan_tpl\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${name} contains the raw string delimiter")
    endif()
    string(APPEND body "      {\"${key}\", R\"samverkan_tpl(${text})samverkan_tpl\"},\n")
  endforeach()
  file(WRITE ${OUTPUT}.tmp
"// Generated from ${INPUT_DIR} by cmake/EmbedTemplates.cmake. Do not edit.
#include <map>
#include <string>
#include <string_view>

namespace ${NAMESPACE} {

const std::map<std::string, std::string_view>& ${FUNCTION}();

const std::map<std::string, std::string_view>& ${FUNCTION}() {
  static const std::map<std::string, std::string_view> kTemplates = {
${body}  };
  return kTemplates;
}

}  // namespace ${NAMESPACE}
")
  file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
  return()
endif()

set(SAMVERKAN_EMBED_TEMPLATES_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

function(samverkan_embed_templates target dir namespace function)
  file(GLOB template_files CONFIGURE_DEPENDS ${dir}/*.mustache ${dir}/*.css ${dir}/*.json ${dir}/*.js)
  string(REPLACE "::" "_" stem "${namespace}_${function}")
  set(output ${CMAKE_CURRENT_BINARY_DIR}/generated/${stem}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DINPUT_DIR=${dir} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -P ${SAMVERKAN_EMBED_TEMPLATES_SCRIPT}
    DEPENDS ${template_files} ${SAMVERKAN_EMBED_TEMPLATES_SCRIPT}
    COMMENT "Embedding templates of ${namespace}")
  target_sources(${target} PRIVATE ${output})
endfunction()
