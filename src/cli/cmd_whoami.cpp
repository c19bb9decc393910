// rolecall whoami: the resolved identity, account, region and which credential provider answered.
#include <iostream>

#include <nlohmann/json.hpp>

#include "aws/ops/sts.h"
#include "base/json_text.h"
#include "base/sync.h"
#include "cli/commands.h"
#include "cli/terminal.h"

namespace rolecall::cli {

Action register_whoami(CLI::App& app, GlobalOptions& global) {
  app.add_subcommand("whoami",
                     "Show who rolecall is running as: the identity (sts:GetCallerIdentity), account, region and "
                     "which credential provider answered. The first command to run to check set-up.");
  return [&global]() -> ExitCode {
    if (global.profiles.size() > 1) return report_error(Error::invalid_argument("whoami takes one --profile"));
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    auto provider = (*session)->credentials();
    auto creds = provider->resolve();
    if (!creds) return report_error(creds.error());
    auto client = (*session)->client(provider, "whoami");
    auto who = base::run_sync<aws::sts::GetCallerIdentityResponse>((*session)->loop(), [&](auto done) {
      aws::sts::get_caller_identity(*client, {(*session)->region().region}, std::move(done));
    });
    if (!who) return report_error(who.error());
    auto written = write_output(global, "whoami", [&](std::ostream& out) {
      if (global.output == "json") {
        nlohmann::json j = {{"Account", who->account},
                            {"Arn", who->arn},
                            {"UserId", who->user_id},
                            {"Region", (*session)->region().region},
                            {"RegionSource", (*session)->region().source},
                            {"CredentialProvider", creds->provider},
                            {"AccessKeyId", creds->redacted_key_id()}};
        out << base::json_text(j, 2) << '\n';
      } else {
        out << "Account:     " << who->account << '\n'
            << "Identity:    " << who->arn << '\n'
            << "UserId:      " << who->user_id << '\n'
            << "Region:      " << (*session)->region().region << "  (from " << (*session)->region().source << ")\n"
            << "Credentials: " << creds->provider << ", key " << creds->redacted_key_id()
            << (creds->temporary() ? " (temporary)" : "") << '\n';
      }
    });
    return written ? ExitCode::kOk : report_error(written.error());
  };
}

}  // namespace rolecall::cli
