# samverkan_embed_migrations(TARGET DIR NAMESPACE FUNCTION)
# Compiles every DIR/NNNN_name.sql into TARGET as `NAMESPACE::FUNCTION()`, which returns them
# in version order (see libcore/include/samverkan/storage/migrations.hpp). Each module owns a
# version range: libcore 1-999, eservices 1000-1999, casehandling 2000-2999, mailbox 3000-3999, hiring 4000-4999;
# the server's platform_migrations() joins them and refuses overlaps.
function(samverkan_embed_migrations target dir namespace function)
  file(GLOB migration_files CONFIGURE_DEPENDS ${dir}/*.sql)
  string(REPLACE "::" "_" stem "${namespace}_${function}")
  set(output ${CMAKE_CURRENT_BINARY_DIR}/generated/${stem}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DINPUT_DIR=${dir} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${migration_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding SQL migrations of ${namespace}")
  target_sources(${target} PRIVATE ${output})
endfunction()
