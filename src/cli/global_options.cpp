#include "cli/global_options.h"

#include <iostream>

namespace rolecall::cli {

aws::SessionOptions GlobalOptions::session_options() const {
  aws::SessionOptions s;
  if (!profiles.empty()) s.profile = profiles.front();
  if (!region.empty()) s.region = region;
  s.endpoint_url = endpoint_url;
  s.ca_bundle = ca_bundle;
  s.env = env;
  if (debug) s.debug_sink = [](std::string_view line) { std::cerr << line << '\n'; };
  return s;
}

ExitCode report_error(const Error& error) {
  std::cerr << "rolecall: error: " << error.describe() << '\n';
  switch (error.kind) {
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kParse: return ExitCode::kUsage;
    case ErrorKind::kCredentials:
    case ErrorKind::kAccessDenied: return ExitCode::kCredentials;
    default: return ExitCode::kPartial;
  }
}

}  // namespace rolecall::cli
