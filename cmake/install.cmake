# `cmake --install` and the Debian package (CPack): the two binaries, man pages generated from the
# help text, bash and zsh completion, and the docs, where a Debian user looks for them.
include(GNUInstallDirs)

# The man pages and completions come from the built rolecall itself, so they say what --help says.
set(ROLECALL_GENERATED_DOCS ${CMAKE_BINARY_DIR}/generated/share)
add_custom_command(
  OUTPUT ${ROLECALL_GENERATED_DOCS}/docs.stamp
  COMMAND ${CMAKE_COMMAND} -DROLECALL=$<TARGET_FILE:rolecall> -DOUT=${ROLECALL_GENERATED_DOCS}
          -P ${CMAKE_SOURCE_DIR}/cmake/generate_docs.cmake
  DEPENDS rolecall ${CMAKE_SOURCE_DIR}/cmake/generate_docs.cmake
  COMMENT "Generating man pages and shell completions from rolecall's help"
  VERBATIM)
add_custom_target(rolecall_docs ALL DEPENDS ${ROLECALL_GENERATED_DOCS}/docs.stamp)

install(TARGETS rolecall rolecall-emulator RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${ROLECALL_GENERATED_DOCS}/man1 DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${ROLECALL_GENERATED_DOCS}/completion/rolecall
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${ROLECALL_GENERATED_DOCS}/completion/_rolecall
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md" PATTERN "*.json")

# cpack -G DEB in the build directory: build/rolecall_<version>_<arch>.deb. Dependencies come
# from dpkg-shlibdeps (the libraries the binaries link), so the package installs with apt.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rolecall)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR rolecall)
set(CPACK_PACKAGE_CONTACT "rolecall maintainers <rolecall@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Audit and fix EC2 instances so they use IAM instance roles, not access keys")
set(CPACK_PACKAGE_DESCRIPTION
    "rolecall checks that every EC2 instance in an AWS estate reaches AWS through an IAM instance role and never "
    "through hard-coded access keys (the CIS recommendation), and fixes instances with a journaled, reversible plan. "
    "Includes rolecall-emulator, a local AWS-compatible endpoint for trying it safely.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "awscli")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
