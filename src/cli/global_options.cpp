#include "cli/global_options.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <mutex>

#include <fmt/format.h>

#include "aws/s3_location.h"
#include "base/iso8601.h"

namespace rolecall::cli {
namespace {

// One --debug record on stderr, every line stamped with the injected clock's time (ISO 8601 UTC,
// milliseconds) to show where a run spends its time; one write under a lock, so records from
// different threads never interleave.
void write_debug_record(const base::Clock& clock, std::string_view record) {
  const std::string stamp = base::format_iso8601_millis(clock.now());
  if (record.ends_with('\n')) record.remove_suffix(1);
  std::string out;
  out.reserve(record.size() + 32);
  std::size_t start = 0;
  do {
    std::size_t end = record.find('\n', start);
    if (end == std::string_view::npos) end = record.size();
    out.append(stamp).append(" ").append(record.substr(start, end - start)).append("\n");
    start = end + 1;
  } while (start <= record.size());
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::cerr << out << std::flush;
}

}  // namespace

aws::SessionOptions GlobalOptions::session_options() const {
  aws::SessionOptions s;
  if (!profiles.empty()) s.profile = profiles.front();
  if (!region.empty()) s.region = region;
  s.endpoint_url = endpoint_url;
  s.ca_bundle = ca_bundle;
  s.env = env;
  // An mfa_serial profile's code: --mfa-code, else asked on the terminal as the AWS CLI asks,
  // else (unattended) a credentials error. Only called when no cached session is valid.
  s.mfa_code = [code = mfa_code](const std::string& serial) -> Result<std::string> {
    if (!code.empty()) return code;
    if (::isatty(STDIN_FILENO) == 0 || ::isatty(STDERR_FILENO) == 0) {
      return fail(ErrorKind::kCredentials,
                  fmt::format("an MFA code for {} is needed and there is no terminal to ask on: pass --mfa-code, "
                              "or run once interactively (the session is cached in ~/.aws/cli/cache)",
                              serial));
    }
    std::cerr << "Enter MFA code for " << serial << ": " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line) || line.empty()) {
      return fail(ErrorKind::kCredentials, fmt::format("no MFA code entered for {}", serial));
    }
    return line;
  };
  if (debug) s.debug_sink = [clock = &env->clock()](std::string_view record) { write_debug_record(*clock, record); };
  return s;
}

Result<void> GlobalOptions::check_output_file() const {
  if (output_file.empty()) return {};
  // An object's URL is checked here; its bucket where a command has credentials (check_s3_output).
  if (aws::is_s3_url(output_file)) {
    if (auto object = aws::parse_s3_object_url(output_file, "--output-file"); !object) return fail(object.error());
    return {};
  }
  if (env->file_type(output_file) == base::FileType::kDirectory) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("--output-file {} is a directory", output_file));
  }
  std::string dir = std::filesystem::path(output_file).parent_path().string();
  if (dir.empty()) dir = ".";
  if (env->file_type(dir) != base::FileType::kDirectory) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("--output-file {}: directory {} does not exist", output_file, dir));
  }
  // A directory this user cannot write in, a read-only file system: found now, not after the work.
  if (auto writable = env->check_writable(output_file); !writable) {
    return fail(ErrorKind::kInvalidArgument, "--output-file: " + writable.error().message);
  }
  return {};
}

ExitCode report_error(const Error& error) {
  std::cerr << "rolecall: error: " << error.describe() << '\n';
  if (error.kind == ErrorKind::kNetwork) {
    std::cerr << "rolecall: no answer from that endpoint (connection, DNS or TLS): check --endpoint-url or "
                 "AWS_ENDPOINT_URL*, --region, the network and proxy, and --ca-bundle\n";
  }
  return exit_code_for(error.kind);
}

}  // namespace rolecall::cli
