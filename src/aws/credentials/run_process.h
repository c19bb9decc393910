#pragma once
// Runs a shell command and captures its standard output, with a time limit.

#include <chrono>
#include <cstddef>
#include <string>

#include "rolecall/error.h"

namespace rolecall::aws {

// What a finished command produced.
struct ProcessOutput {
  int exit_code = 0;  // exit status, or 128 + signal number
  std::string stdout_text;
};

// Runs `command` via /bin/sh -c (stdin /dev/null, stderr inherited). Kills the process group
// and fails with kIo after `timeout`, or when output exceeds `max_output` bytes. Error messages
// never include the command's output.
Result<ProcessOutput> run_shell_command(const std::string& command, std::chrono::milliseconds timeout,
                                        std::size_t max_output = 1 << 20);

}  // namespace rolecall::aws
