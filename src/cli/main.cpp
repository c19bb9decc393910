// rolecall: audit, remediate and roll back EC2 IAM instance roles.
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/did_you_mean.h"
#include "report/report.h"
#include "rolecall/version.h"

int main(int argc, char** argv) {
  using namespace rolecall::cli;
  CLI::App app{
      "rolecall makes sure every EC2 instance reaches AWS through an IAM instance role and never through "
      "hard-coded access keys (CIS: \"Ensure IAM instance roles are used for AWS resource access from instances\").",
      "rolecall"};
  app.formatter(make_help_formatter());
  app.set_version_flag("--version", std::string("rolecall ") + rolecall::version());
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions global;
  global.env = &rolecall::base::Env::system();  // the one Env of the process: variables, files, clock
  app.add_option("--profile", global.profiles, "Use credentials from this named profile (repeatable for scan)")
      ->group("Global options");
  app.add_option("--region", global.region, "The region to use (default: AWS_REGION, AWS_DEFAULT_REGION, profile)")
      ->group("Global options");
  app.add_option("--endpoint-url", global.endpoint_url, "Override every service endpoint with this URL")
      ->group("Global options");
  app.add_option("--ca-bundle", global.ca_bundle, "CA certificate bundle to add when verifying TLS")
      ->group("Global options");
  app.add_option("--output", global.output, "Output format: " + rolecall::report::formats_help() + " (docs/reports.md)")
      ->check(CLI::IsMember(rolecall::report::formats()))
      ->group("Global options");
  app.add_option("--output-file", global.output_file,
                 "Write the report to this file instead of stdout, or to S3 as s3://BUCKET/KEY (docs/reports.md)")
      ->group("Global options");
  app.add_flag("--debug", global.debug,
               "Log every request and response, and each AssumeRole, to stderr (time-stamped, secrets redacted)")
      ->group("Global options");
  app.add_flag("--no-color", global.no_color, "Never colour the output")->group("Global options");
  app.add_flag("--no-cli-pager", global.no_cli_pager,
               "Never send output on a terminal through $AWS_PAGER, the profile's cli_pager, $PAGER or less -R "
               "(AWS_PAGER=\"\" too)")
      ->group("Global options");
  app.add_flag("--quiet", global.quiet, "No progress output on stderr")->group("Global options");
  app.add_option("--progress-every", global.progress_every,
                 "Progress as a line on stderr every SECONDS, with the time since the start, even when stderr is "
                 "not a terminal (CI jobs, cron, logs); a last line when the collection ends; --quiet wins")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.1, 86400.0))
      ->group("Global options");
  app.add_option("--mfa-code", global.mfa_code,
                 "MFA code for a role profile's mfa_serial (else asked on the terminal; sessions are cached)")
      ->group("Global options");

  std::map<CLI::App*, Action> actions;
  auto add = [&](Action (*reg)(CLI::App&, GlobalOptions&)) {
    std::size_t before = app.get_subcommands({}).size();
    Action action = reg(app, global);
    actions[app.get_subcommands({})[before]] = std::move(action);
  };
  add(register_apply);
  add(register_checks);
  add(register_collect);
  add(register_completion);
  add(register_config);
  add(register_demo);
  add(register_diff);
  add(register_findings);
  add(register_help);
  add(register_history);
  add(register_keys);
  add(register_plan);
  add(register_preflight);
  add(register_report);
  add(register_rollback);
  add(register_runs);
  add(register_scan);
  add(register_scan_files);
  add(register_watch);
  add(register_whoami);
  for (auto& [sub, action] : actions) sub->formatter(app.get_formatter());

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto explained = explain_parse_error(app, std::vector<std::string>(argv + 1, argv + argc));
    std::cerr << "rolecall: error: " << (explained ? *explained : std::string(e.what()))
              << "\nTo see help text, you can run:\n  rolecall --help\n"
              << "  rolecall <command> --help\n";
    return rolecall::to_int(rolecall::ExitCode::kUsage);
  }
  for (auto& [sub, action] : actions) {
    if (sub->parsed()) return rolecall::to_int(action());
  }
  return rolecall::to_int(rolecall::ExitCode::kUsage);
}
