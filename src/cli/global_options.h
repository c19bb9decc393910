#pragma once
// Options every subcommand understands, named as the AWS CLI names them.

#include <optional>
#include <string>
#include <vector>

#include "aws/session.h"
#include "rolecall/exit_code.h"

namespace rolecall::cli {

// Parsed global options.
struct GlobalOptions {
  std::vector<std::string> profiles;  // --profile (repeatable where a command scans several)
  std::string region;                 // --region
  std::string endpoint_url;           // --endpoint-url
  std::string ca_bundle;              // --ca-bundle
  std::string output = "table";       // --output
  std::string output_file;            // --output-file
  bool debug = false;                 // --debug
  bool no_color = false;              // --no-color
  bool quiet = false;                 // --quiet
  double progress_every = 0;          // --progress-every SECONDS: progress lines even without a terminal
  bool no_cli_pager = false;          // --no-cli-pager
  std::string mfa_code;               // --mfa-code: the code for a role profile's mfa_serial
  base::Env* env = nullptr;           // the process's Env, set once by main and passed down from here

  // The single --profile, or nullopt; several are an error for commands that take one.
  std::optional<std::string> profile() const {
    return profiles.empty() ? std::nullopt : std::optional<std::string>(profiles.front());
  }
  // Session options from these flags and `env` (debug output goes to stderr).
  aws::SessionOptions session_options() const;
  // The regions a command covers: `listed` (its --regions) when given, else --region alone when
  // given (as AWS CLI and Prowler users expect), else none (every enabled region).
  std::vector<std::string> regions_or_region(const std::vector<std::string>& listed) const {
    return listed.empty() && !region.empty() ? std::vector<std::string>{region} : listed;
  }
  // kInvalidArgument when --output-file cannot be written (its directory is missing, or it names a
  // directory): checked before the work, so a long scan does not end in "cannot write".
  Result<void> check_output_file() const;
};

// Prints "rolecall: error: <message>" on stderr (with a hint when no endpoint answered) and returns
// exit_code_for(error.kind) (rolecall/exit_code.h).
ExitCode report_error(const Error& error);

}  // namespace rolecall::cli
