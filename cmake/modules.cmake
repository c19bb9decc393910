include(${CMAKE_CURRENT_LIST_DIR}/check_includes.cmake)

# rolecall_declare_includes(NAME DIRS dir... DEPS dep...): records that the sources under DIRS may
# include exactly the modules among DEPS that are rolecall_* targets (checked by
# rolecall_verify_module_includes).
function(rolecall_declare_includes name)
  cmake_parse_arguments(D "" "" "DIRS;DEPS" ${ARGN})
  set(modules "")
  foreach(dep ${D_DEPS})
    if(dep MATCHES "^rolecall_([a-z_]+)$")
      list(APPEND modules ${CMAKE_MATCH_1})
    endif()
  endforeach()
  string(REPLACE ";" "," dirs "${D_DIRS}")
  string(REPLACE ";" "," modules "${modules}")
  set_property(GLOBAL APPEND PROPERTY ROLECALL_MODULE_SPEC "${name}=${dirs}:${modules}")
endfunction()

# rolecall_verify_module_includes(): fails the configure step when a module's includes and its
# declared dependencies differ, and (with tests) adds the `module_includes` test that checks the
# same on every ctest run.
function(rolecall_verify_module_includes)
  get_property(spec GLOBAL PROPERTY ROLECALL_MODULE_SPEC)
  string(REPLACE ";" "|" spec "${spec}")
  rolecall_check_includes("${CMAKE_SOURCE_DIR}" "${spec}" errors)
  if(errors)
    message(FATAL_ERROR "module dependencies do not match the includes:\n${errors}")
  endif()
  if(ROLECALL_BUILD_TESTS)
    add_test(NAME module_includes
             COMMAND ${CMAKE_COMMAND} -DROLECALL_SOURCE_DIR=${CMAKE_SOURCE_DIR} "-DROLECALL_MODULE_SPEC=${spec}"
                     -P ${CMAKE_SOURCE_DIR}/cmake/check_includes.cmake)
  endif()
endfunction()

# rolecall_module(NAME DEPS ...): a static library from every .cpp under src/NAME/; the rolecall_*
# among DEPS must be exactly the modules src/NAME includes.
function(rolecall_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  rolecall_declare_includes(${name} DIRS src/${name} DEPS ${M_DEPS})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(NOT srcs)
    # A module with no sources yet still carries its include paths and dependencies.
    add_library(rolecall_${name} INTERFACE)
    target_include_directories(rolecall_${name} INTERFACE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src
                                                          ${CMAKE_BINARY_DIR}/generated)
    target_link_libraries(rolecall_${name} INTERFACE ${M_DEPS})
    return()
  endif()
  add_library(rolecall_${name} STATIC ${srcs})
  target_include_directories(rolecall_${name} PUBLIC ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src
                                                     ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(rolecall_${name} PUBLIC ${M_DEPS})
endfunction()

# rolecall_add_tests(): one GoogleTest binary per directory under tests/ that holds *_test.cpp
# files (tests/aws/sigv4/ -> rolecall_tests_aws_sigv4), so one broken area does not stop the rest.
function(rolecall_add_tests)
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*_test.cpp)
  set(dirs "")
  foreach(f ${all})
    get_filename_component(d ${f} DIRECTORY)
    list(APPEND dirs ${d})
  endforeach()
  list(REMOVE_DUPLICATES dirs)
  foreach(d ${dirs})
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR}/tests ${d})
    string(REPLACE "/" "_" name ${rel})
    file(GLOB srcs CONFIGURE_DEPENDS ${d}/*.cpp)
    # tests/support's own tests get the shared main once, like every other area.
    list(FILTER srcs EXCLUDE REGEX "/tests/support/test_main\\.cpp$")
    add_executable(rolecall_tests_${name} ${srcs} ${CMAKE_SOURCE_DIR}/tests/support/test_main.cpp)
    target_include_directories(rolecall_tests_${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR})
    if(rel MATCHES "^emulator(_[a-z_]+)?(/|$)")
      # The emulator's own tests link only the emulator (and through it base and aws): proof that
      # it needs nothing from the scanner it is the oracle for.
      target_link_libraries(rolecall_tests_${name} PRIVATE rolecall_emulator_lib GTest::gtest GTest::gmock)
    else()
      target_link_libraries(rolecall_tests_${name} PRIVATE rolecall_core GTest::gtest GTest::gmock)
      # Pure-library areas do not link the emulator, so an emulator in progress cannot break them.
      if(NOT rel MATCHES "^(base|aws|secrets|checks|config|report)(/|$)")
        target_link_libraries(rolecall_tests_${name} PRIVATE rolecall_emulator_lib)
      endif()
    endif()
    target_compile_definitions(rolecall_tests_${name} PRIVATE
      ROLECALL_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
      ROLECALL_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared"
      ROLECALL_BINARY_DIR="${CMAKE_BINARY_DIR}")
    gtest_discover_tests(rolecall_tests_${name} DISCOVERY_TIMEOUT 60)
  endforeach()
endfunction()
