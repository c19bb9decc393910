// rolecall-emulator: serve an estate over the real AWS wire protocols on 127.0.0.1.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <pthread.h>
#include <CLI/CLI.hpp>

#include "base/json_text.h"
#include "emulator/emulator.h"

namespace {

using rolecall::emulator::EmulatorOptions;

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rolecall-emulator: a local AWS-compatible endpoint (EC2, IAM, STS, Organizations)"};
  int port = 0;
  std::string estate_file;
  std::string generate;
  std::string truth_out;
  std::string credentials_out;
  std::string trail_out;
  std::string trail_bucket;
  std::vector<std::string> bucket_dirs;
  std::string latency;
  std::string throttle = "off";
  std::string record_calls = "off";
  std::string imds = "off";
  std::string event_queue;
  std::string faults;
  std::string admin_token;
  bool verbose = false;
  int threads = EmulatorOptions{}.threads;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)")->required()->check(CLI::Range(0, 65535));
  app.add_option("--estate", estate_file, "estate JSON file (docs/estate-schema.md)");
  app.add_option("--generate", generate, "generate an estate: accounts=A,regions=R,instances=N,seed=S");
  app.add_option("--truth-out", truth_out, "write the estate's ground truth here (as GET /_emulator/truth)");
  app.add_option("--trail-out", trail_out,
                 "write the estate's CloudTrail events as trail log files (gzip, AWSLogs/... layout) under this "
                 "directory before serving");
  app.add_option("--trail-bucket", trail_bucket,
                 "serve the same trail log files from this S3 bucket (s3:ListObjectsV2, s3:GetObject; owned by the "
                 "first account, path-style)");
  app.add_option("--bucket-dir", bucket_dirs,
                 "serve every file under DIR as an object of S3 bucket NAME (NAME=DIR, repeatable; benchmarks)");
  app.add_option("--credentials-out", credentials_out, "write an AWS shared-credentials file here");
  app.add_option("--latency-ms", latency, "added latency per request: MEAN[:JITTER]");
  app.add_option("--throttle", throttle, "token-bucket throttling")->check(CLI::IsMember({"on", "off"}));
  app.add_option("--record-calls", record_calls, "record calls made with long-term keys as CloudTrail events")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--event-queue", event_queue,
                 "create SQS queue ACCOUNT_INDEX:NAME[:REGION] (default region us-east-1) and send it every recorded "
                 "mutating call as EventBridge's \"AWS API Call via CloudTrail\" event (with --record-calls on)");
  app.add_option("--imds", imds,
                 "serve each instance's metadata service (IMDSv2, its role's credentials) under /_imds/<instance-id>/")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--faults", faults, "fault injection, e.g. internal=0.05,unavailable=0.02,reset=0.01,seed=7");
  app.add_option("--admin-token", admin_token, "enables /_emulator/ with this X-Emulator-Token");
  app.add_option("--threads", threads, "most connections served at once (a thread each, started as they arrive)")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  app.add_flag("--verbose", verbose, "log one line per request on stderr (never secrets)");
  CLI11_PARSE(app, argc, argv);

  EmulatorOptions options;
  options.port = port;
  options.throttle = throttle == "on";
  options.record_calls = record_calls == "on";
  options.imds = imds == "on";
  options.event_queue = event_queue;
  if (!event_queue.empty() && !options.record_calls) {
    std::cerr << "rolecall-emulator: --event-queue needs --record-calls on\n";
    return 2;
  }
  options.admin_token = admin_token;
  options.threads = threads;
  if (verbose) options.log = [](const std::string& line) { std::cerr << line << '\n'; };
  if (estate_file.empty() == generate.empty()) {
    std::cerr << "rolecall-emulator: give exactly one of --estate FILE or --generate SPEC\n";
    return 2;
  }
  if (!estate_file.empty()) {
    std::ifstream in(estate_file);
    if (!in) {
      std::cerr << fmt::format("rolecall-emulator: cannot read estate file '{}'\n", estate_file);
      return 2;
    }
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded()) {
      std::cerr << fmt::format("rolecall-emulator: estate file '{}' is not valid JSON\n", estate_file);
      return 2;
    }
    options.estate = std::move(doc);
  } else {
    auto spec = rolecall::emulator::parse_generator_spec(generate);
    if (!spec) {
      std::cerr << "rolecall-emulator: --generate: " << spec.error().message << '\n';
      return 2;
    }
    options.generate = *spec;
  }
  if (!latency.empty()) {
    auto spec = rolecall::emulator::parse_latency_spec(latency);
    if (!spec) {
      std::cerr << "rolecall-emulator: " << spec.error().message << '\n';
      return 2;
    }
    options.latency = *spec;
  }
  options.trail_bucket = trail_bucket;
  for (const auto& spec : bucket_dirs) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      std::cerr << "rolecall-emulator: --bucket-dir " << spec << ": expected NAME=DIR\n";
      return 2;
    }
    options.bucket_dirs.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
  }
  if (!faults.empty()) {
    auto spec = rolecall::emulator::parse_fault_spec(faults);
    if (!spec) {
      std::cerr << "rolecall-emulator: " << spec.error().message << '\n';
      return 2;
    }
    options.faults = *spec;
  }

  // Block SIGTERM/SIGINT in every thread; the main thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto emulator = rolecall::emulator::Emulator::start(options);
  if (!emulator) {
    std::cerr << "rolecall-emulator: " << emulator.error().message << '\n';
    return 1;
  }
  if (!truth_out.empty() && !write_file(truth_out, rolecall::base::json_text((*emulator)->truth(), 2) + "\n")) {
    std::cerr << fmt::format("rolecall-emulator: cannot write '{}'\n", truth_out);
    return 1;
  }
  if (!credentials_out.empty() && !write_file(credentials_out, (*emulator)->credentials_file_text())) {
    std::cerr << fmt::format("rolecall-emulator: cannot write '{}'\n", credentials_out);
    return 1;
  }
  if (!trail_out.empty()) {
    auto written = (*emulator)->write_trail_files(trail_out);
    if (!written) {
      std::cerr << "rolecall-emulator: --trail-out: " << written.error().message << '\n';
      return 1;
    }
  }
  std::cout << "listening on " << (*emulator)->endpoint_url() << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  (*emulator)->stop();
  return 0;
}
