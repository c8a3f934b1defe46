# Installing a library as a component of the samverkan package:
#
#   samverkan_install_component(samverkan-eservices eservices
#     DESCRIPTION "Shared citizen e-services" REQUIRES samverkan-core libmagic LIBS "")
#
# exports the target as samverkan::<component> in its own export set (so that
# find_package(samverkan COMPONENTS <component>) loads it and its dependencies alone; see
# cmake/samverkanConfig.cmake.in), installs its public headers, and writes a pkg-config file
# <target>.pc (REQUIRES: other pkg-config packages; LIBS: further -l flags the static library
# needs that have no pkg-config file, e.g. Poco's).
set(SAMVERKAN_PC_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/samverkan.pc.in)

function(samverkan_install_component target component)
  cmake_parse_arguments(arg "" "DESCRIPTION" "REQUIRES;LIBS" ${ARGN})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${component} OUTPUT_NAME ${target})
  string(SUBSTRING ${component} 0 1 first)
  string(TOUPPER ${first} first)
  string(SUBSTRING ${component} 1 -1 rest)
  set(export_set samverkan${first}${rest}Targets)
  install(TARGETS ${target} EXPORT ${export_set}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  get_target_property(source_dir ${target} SOURCE_DIR)
  install(DIRECTORY ${source_dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT ${export_set} NAMESPACE samverkan:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/samverkan)

  # The .pc file finds its prefix relative to itself, so the installed tree can be moved.
  file(RELATIVE_PATH pc_to_prefix ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
  set(pc_name ${target})
  set(pc_description "${arg_DESCRIPTION}")
  list(JOIN arg_REQUIRES " " pc_requires)
  list(JOIN arg_LIBS " " pc_libs)
  configure_file(${SAMVERKAN_PC_TEMPLATE} ${PROJECT_BINARY_DIR}/pkgconfig/${target}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/${target}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
