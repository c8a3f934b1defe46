# The platform as a Debian package (CPack, DEB), built with `cpack -G DEB` in a build tree
# (scripts/package-check.sh builds, inspects and installs it):
#   /usr/bin/samverkan                         the binary
#   /usr/share/samverkan/xsd/                   its schemas (the unit points SAMVERKAN_XSD_DIR at them)
#   /usr/lib/systemd/system/samverkan.service   the systemd unit, hardened
#   /etc/samverkan/samverkan.env                serve's options (a conffile); the cooperation file
#                                               /etc/samverkan/cooperation.xml is the operator's
#   /usr/share/doc/samverkan/                   the README, the guides (docs/) and the example
#                                               cooperations
# and a `samverkan` system user made by postinst. Only the `runtime` component is packaged:
# headers and libraries for developers stay with `cmake --install`.
set(SAMVERKAN_PACKAGE_PREFIX /usr)
set(SAMVERKAN_PACKAGE_BINARY ${SAMVERKAN_PACKAGE_PREFIX}/${CMAKE_INSTALL_BINDIR}/samverkan)
set(SAMVERKAN_PACKAGE_XSD_DIR ${SAMVERKAN_PACKAGE_PREFIX}/${CMAKE_INSTALL_DATADIR}/samverkan/xsd)
configure_file(${CMAKE_CURRENT_LIST_DIR}/samverkan.service ${CMAKE_CURRENT_BINARY_DIR}/packaging/samverkan.service
               @ONLY)

install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/samverkan.service
        DESTINATION lib/systemd/system COMPONENT runtime EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/samverkan.env
        DESTINATION /etc/samverkan COMPONENT runtime EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime EXCLUDE_FROM_ALL)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT runtime EXCLUDE_FROM_ALL
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        COMPONENT runtime EXCLUDE_FROM_ALL
        FILES_MATCHING PATTERN "cooperation.xml" PATTERN "eservices/*.xml" PATTERN "publish.txt"
        PATTERN "secrets" EXCLUDE PATTERN "spool" EXCLUDE PATTERN "sdk" EXCLUDE PATTERN "consumer" EXCLUDE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME samverkan)
set(CPACK_PACKAGE_VENDOR "Samverkan")
set(CPACK_PACKAGE_CONTACT "Samverkan <samverkan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${SAMVERKAN_PACKAGE_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME samverkan)
set(CPACK_DEBIAN_RUNTIME_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries' packages from dpkg-shlibdeps, plus what the maintainer scripts and the
# unit use.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "adduser, tzdata, fonts-dejavu-core, ca-certificates")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/debian/postinst ${CMAKE_CURRENT_LIST_DIR}/debian/prerm
    ${CMAKE_CURRENT_LIST_DIR}/debian/postrm ${CMAKE_CURRENT_LIST_DIR}/debian/conffiles)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
