# Writes a C++ source holding every NNNN_name.sql file of INPUT_DIR, in version order, as the
# body of NAMESPACE::FUNCTION() (declared in the module's header).
# Called at build time: cmake -DOUTPUT=... -DINPUT_DIR=... -DNAMESPACE=... -DFUNCTION=... -P EmbedMigrations.cmake
file(GLOB files RELATIVE ${INPUT_DIR} ${INPUT_DIR}/*.sql)
list(SORT files)
set(body "")
foreach(name IN LISTS files)
  if(NOT name MATCHES "^([0-9][0-9][0-9][0-9])_([a-z0-9_]+)\\.sql$")
    message(FATAL_ERROR "migration file name must be NNNN_name.sql: ${name}")
  endif()
  set(version ${CMAKE_MATCH_1})
  set(label ${CMAKE_MATCH_2})
  math(EXPR version_number "${version}")
  file(READ ${INPUT_DIR}/${name} sql)
  string(APPEND body "    {${version_number}, \"${label}\", R\"samverkan_sql(${sql})samverkan_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from ${INPUT_DIR} by cmake/EmbedMigrations.cmake. Do not edit.
#include <vector>

#include \"samverkan/storage/migrations.hpp\"

namespace ${NAMESPACE} {

const std::vector<samverkan::storage::Migration>& ${FUNCTION}();

const std::vector<samverkan::storage::Migration>& ${FUNCTION}() {
  static const std::vector<samverkan::storage::Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
