// posix_spawn + poll: no fork in a threaded process, no deadlock on a full pipe.
#include "aws/credentials/run_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace rolecall::aws {

namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Waits for `pid`, retrying on EINTR; returns the exit code (128 + signal when killed).
int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<ProcessOutput> run_shell_command(const std::string& command, std::chrono::milliseconds timeout,
                                        std::size_t max_output) {
  std::array<int, 2> pipe_fds{};
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    return fail(ErrorKind::kIo, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  Fd read_end{pipe_fds[0]};
  Fd write_end{pipe_fds[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, STDOUT_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // own group, so a timeout kills children too
  posix_spawnattr_setpgroup(&attr, 0);

  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  std::array<char*, 4> argv{sh.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return fail(ErrorKind::kIo, fmt::format("cannot start /bin/sh: {}", std::strerror(rc)));
  write_end.reset();

  ProcessOutput out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buffer{};
  std::string failure;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = fmt::format("timed out after {} ms", timeout.count());
      break;
    }
    pollfd p{read_end.fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      failure = fmt::format("poll failed: {}", std::strerror(errno));
      break;
    }
    if (ready == 0) continue;  // the deadline check above ends the loop
    ssize_t n = ::read(read_end.fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      failure = fmt::format("reading its output failed: {}", std::strerror(errno));
      break;
    }
    if (n == 0) break;  // end of output
    out.stdout_text.append(buffer.data(), static_cast<std::size_t>(n));
    if (out.stdout_text.size() > max_output) {
      failure = fmt::format("output exceeds {} bytes", max_output);
      break;
    }
  }
  if (!failure.empty()) {
    ::kill(-pid, SIGKILL);
    wait_for(pid);
    return fail(ErrorKind::kIo, failure);
  }
  out.exit_code = wait_for(pid);
  return out;
}

}  // namespace rolecall::aws
