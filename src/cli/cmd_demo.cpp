// rolecall demo: the first thing a new user runs. Starts the bundled emulator on a free loopback
// port with a generated estate (every failure kind present), scans it organization-wide, prints
// the report, writes every report format into a directory (printing the HTML report's path) and
// stops the emulator. Never touches real AWS.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "base/json_text.h"
#include "cli/commands.h"
#include "cli/scan_runner.h"
#include "emulator/emulator.h"
#include "report/report.h"

namespace rolecall::cli {
namespace {

struct DemoOptions {
  int accounts = 3;
  int regions = 2;
  int instances = 60;
  std::uint64_t seed = 7;
  std::string estate_out;
  std::string report_dir;
};

// $XDG_STATE_HOME/rolecall/demo-report, else ~/.local/state/rolecall/demo-report (XDG base dirs).
std::string default_report_dir(const base::Env& env) {
  const auto state = env.get("XDG_STATE_HOME");
  if (state && state->front() == '/') return (std::filesystem::path(*state) / "rolecall" / "demo-report").string();
  const auto home = env.get("HOME");
  std::error_code ec;
  std::filesystem::path base = home ? std::filesystem::path(*home) : std::filesystem::temp_directory_path(ec);
  return (base / ".local" / "state" / "rolecall" / "demo-report").string();
}

}  // namespace

Action register_demo(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "demo",
      "Scan a generated demo estate (several accounts and regions, every failure kind present) served by the "
      "bundled local AWS-compatible endpoint on 127.0.0.1. Never touches real AWS.");
  auto opts = std::make_shared<DemoOptions>();
  sub->add_option("--accounts", opts->accounts, "Accounts in the demo organization")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  sub->add_option("--regions", opts->regions, "Regions per account")->capture_default_str()->check(CLI::Range(1, 17));
  sub->add_option("--instances", opts->instances, "Instances in the whole estate")
      ->capture_default_str()
      ->check(CLI::Range(1, 200000));
  sub->add_option("--seed", opts->seed, "Seed of the estate generator")->capture_default_str();
  sub->add_option("--estate-out", opts->estate_out, "Also save the generated estate (JSON) to this file");
  sub->add_option("--report-dir", opts->report_dir,
                  "Write every report format (HTML, SARIF, JUnit, CSV, OCSF, ASFF, JSON) here "
                  "(default: $XDG_STATE_HOME/rolecall/demo-report or ~/.local/state/rolecall/demo-report)");
  return [&global, opts]() -> ExitCode {
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    emulator::EmulatorOptions eo;
    emulator::GeneratorSpec spec;
    spec.accounts = opts->accounts;
    spec.regions = opts->regions;
    spec.instances = opts->instances;
    spec.seed = opts->seed;
    eo.generate = spec;
    auto emu = emulator::Emulator::start(eo);
    if (!emu) return report_error(emu.error().with_context("starting the demo endpoint"));
    if (!global.quiet) {
      std::cerr << fmt::format("demo: emulator on {} serving {} account(s) x {} region(s), {} instance(s) (seed {})\n",
                               (*emu)->endpoint_url(), opts->accounts, opts->regions, opts->instances, opts->seed);
    }
    base::Env& env = *global.env;
    if (!opts->estate_out.empty()) {
      (void)env.write_file(opts->estate_out,
                           base::json_text((*emu)->dump_state(), 2) + "\n");  // best effort, as before
    }

    // The demo's credentials live in a private temporary directory, never in ~/.aws.
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec) / fmt::format("rolecall-demo-{}", ::getpid());
    if (auto made = env.create_directories(dir.string()); !made) return report_error(made.error());
    auto creds_path = dir / "credentials";
    (void)env.write_file(creds_path.string(), (*emu)->credentials_file_text(), base::Access::kOwnerOnly);

    aws::SessionOptions so = global.session_options();
    so.profile.reset();
    so.region = "us-east-1";
    so.endpoint_url = (*emu)->endpoint_url();
    // The demo sees only its own variables: never the user's profiles, keys or endpoints.
    base::SystemEnv demo_env({{"AWS_SHARED_CREDENTIALS_FILE", creds_path.string()},
                              {"AWS_CONFIG_FILE", (dir / "config").string()},
                              {"AWS_EC2_METADATA_DISABLED", "true"},
                              {"HOME", dir.string()}});
    so.env = &demo_env;
    auto session = aws::Session::create(so);
    ExitCode status;
    if (!session) {
      status = report_error(session.error());
    } else {
      ScanCommand command;
      command.scan.scope.org = true;  // the default profile is the organization's management account
      command.report_dir = opts->report_dir.empty() ? default_report_dir(env) : opts->report_dir;
      const auto html = std::filesystem::path(command.report_dir) / report::report_file_name("html");
      std::filesystem::remove(html, ec);  // a previous demo's page must not pass for this one's
      status = run_scan_command(**session, command, global);
      // Findings are the point of the demo: only a broken run is a failure.
      if (status == ExitCode::kFindings || status == ExitCode::kOk) status = ExitCode::kOk;
      if (std::filesystem::exists(html, ec)) {
        // After the summary on stdout, unless stdout carries a machine-readable report.
        const bool to_stdout = global.output == "table" && global.output_file.empty();
        (to_stdout ? std::cout : std::cerr)
            << "\nHTML report: " << std::filesystem::absolute(html, ec).string() << '\n';
      }
    }
    // Close the client's keep-alive connections first: the endpoint's workers wait out an open
    // connection's keep-alive (5 s) before they can stop.
    if (session) session->reset();
    (*emu)->stop();
    std::filesystem::remove_all(dir, ec);
    return status;
  };
}

}  // namespace rolecall::cli
