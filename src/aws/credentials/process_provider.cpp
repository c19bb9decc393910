// credential_process: neither the command nor its output appears in errors (both may carry
// secrets).
#include "aws/credentials/process_provider.h"

#include <fmt/format.h>

#include "aws/credentials/credentials_json.h"
#include "aws/credentials/run_process.h"

namespace rolecall::aws {

ProcessProvider::ProcessProvider(std::string command, std::string profile, std::chrono::milliseconds timeout)
    : command_(std::move(command)), profile_(std::move(profile)), timeout_(timeout) {}

Result<Credentials> ProcessProvider::resolve() {
  std::string what = fmt::format("credential_process of profile {}", profile_);
  if (command_.find_first_not_of(" \t") == std::string::npos) {
    return fail(ErrorKind::kCredentials, fmt::format("{} is empty", what));
  }
  auto run = run_shell_command(command_, timeout_);
  if (!run) return fail(ErrorKind::kCredentials, fmt::format("{}: {}", what, run.error().message));
  if (run->exit_code != 0) {
    return fail(ErrorKind::kCredentials, fmt::format("{} exited with status {}", what, run->exit_code));
  }
  auto creds = parse_credentials_json(run->stdout_text, CredentialsDocument::kProcess, what);
  if (!creds) return fail(creds.error());
  creds->provider = fmt::format("credential-process (profile {})", profile_);
  return creds;
}

}  // namespace rolecall::aws
