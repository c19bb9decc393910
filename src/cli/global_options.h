#pragma once
// Options every subcommand understands, named as the AWS CLI names them.

#include <optional>
#include <string>
#include <vector>

#include "aws/session.h"

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

  // The single --profile, or nullopt; several are an error for commands that take one.
  std::optional<std::string> profile() const {
    return profiles.empty() ? std::nullopt : std::optional<std::string>(profiles.front());
  }
  // Session options from these flags (debug output goes to stderr).
  aws::SessionOptions session_options() const;
};

// Process exit statuses shared by every command (docs/exit-codes.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCredentials = 3;
inline constexpr int kExitPartial = 4;

// Prints "rolecall: error: <message>" on stderr and returns the exit status for `error`'s kind.
int report_error(const Error& error);

}  // namespace rolecall::cli
