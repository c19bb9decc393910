# rolecall_module(NAME DEPS ...): a static library from every .cpp under src/NAME/.
function(rolecall_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
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

# rolecall_tests(NAME [EXTRA libs...]): one GoogleTest binary from every .cpp under tests/NAME/.
function(rolecall_tests name)
  cmake_parse_arguments(T "" "" "EXTRA" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/${name}/*.cpp)
  if(NOT srcs)
    return()
  endif()
  add_executable(rolecall_tests_${name} ${srcs} ${CMAKE_SOURCE_DIR}/tests/support/test_main.cpp)
  target_include_directories(rolecall_tests_${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(rolecall_tests_${name} PRIVATE rolecall_core ${T_EXTRA} GTest::gtest GTest::gmock)
  target_compile_definitions(rolecall_tests_${name} PRIVATE
    ROLECALL_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    ROLECALL_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared"
    ROLECALL_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(rolecall_tests_${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "ROLECALL_BINARY_DIR=${CMAKE_BINARY_DIR}")
endfunction()
