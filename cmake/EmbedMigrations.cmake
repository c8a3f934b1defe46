# Writes a C++ source holding every migrations/NNNN_name.sql file, in version order.
# Called at build time: cmake -DOUTPUT=... -DINPUT_DIR=... -P EmbedMigrations.cmake
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
  string(APPEND body "  {${version_number}, \"${label}\", R\"samverkan_sql(${sql})samverkan_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from libcore/migrations by cmake/EmbedMigrations.cmake. Do not edit.
#include \"samverkan/storage/migrations.hpp\"

namespace samverkan::storage {

const std::vector<Migration>& embedded_migrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace samverkan::storage
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
