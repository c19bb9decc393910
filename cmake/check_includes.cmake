# The module graph is the include graph: a module's declared rolecall_* dependencies are exactly the
# src/ modules its sources include. Used two ways:
#   include(cmake/check_includes.cmake) defines rolecall_check_includes() for the configure step;
#   cmake -DROLECALL_SOURCE_DIR=... -DROLECALL_MODULE_SPEC=... -P cmake/check_includes.cmake
#   runs the same check as the `module_includes` test, so an edit that breaks the rule fails ctest
#   without a re-configure.
# A spec is "name=dir,dir:dep,dep" per module, joined with '|' (';' would split the -D value).
# Includes are matched as `#include "<module>/...`: "rolecall/" (include/rolecall, the entry points
# and data types) and the module's own headers are always allowed.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.22)  # IN_LIST and continue() in script mode
endif()

# rolecall_check_includes(SOURCE_DIR SPEC): returns in OUT the errors found, one per line.
function(rolecall_check_includes source_dir spec out)
  string(REPLACE "|" ";" modules "${spec}")
  set(errors "")
  foreach(entry ${modules})
    string(REGEX MATCH "^([a-z_]+)=([^:]*):(.*)$" _ "${entry}")
    set(name ${CMAKE_MATCH_1})
    string(REPLACE "," ";" dirs "${CMAKE_MATCH_2}")
    string(REPLACE "," ";" allowed "${CMAKE_MATCH_3}")
    set(files "")
    foreach(d ${dirs})
      file(GLOB_RECURSE found ${source_dir}/${d}/*.h ${source_dir}/${d}/*.cpp)
      list(APPEND files ${found})
    endforeach()
    set(used "")
    foreach(f ${files})
      file(STRINGS ${f} lines REGEX "^#include \"[a-z_]+/")
      foreach(line ${lines})
        string(REGEX MATCH "^#include \"([a-z_]+)/" _ "${line}")
        set(module ${CMAKE_MATCH_1})
        if(module STREQUAL "rolecall" OR module STREQUAL name)
          continue()
        endif()
        if(NOT module IN_LIST allowed)
          file(RELATIVE_PATH rel ${source_dir} ${f})
          string(APPEND errors "${rel} (module ${name}) includes \"${module}/...\" but ${name} does not declare "
                               "rolecall_${module}; declare it if the layers allow it (docs/architecture.md)\n")
        endif()
        list(APPEND used ${module})
      endforeach()
    endforeach()
    foreach(module ${allowed})
      if(NOT module IN_LIST used)
        string(APPEND errors "module ${name} declares rolecall_${module} but includes nothing of it\n")
      endif()
    endforeach()
  endforeach()
  set(${out} "${errors}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  rolecall_check_includes("${ROLECALL_SOURCE_DIR}" "${ROLECALL_MODULE_SPEC}" errors)
  if(errors)
    message(FATAL_ERROR "module dependencies do not match the includes:\n${errors}")
  endif()
endif()
