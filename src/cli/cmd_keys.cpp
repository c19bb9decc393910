// rolecall keys --key-id ID...: key intelligence on access key ids the user names (owner account,
// user, status, creation, last use), looked up with the caller's own credentials; no secret is
// ever asked for, sent or used.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "rolecall/keys.h"

namespace rolecall::cli {
namespace {

nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json key_json(const KeyLookup& k) {
  const KeyIntel& i = k.intel;
  return {{"key_id_redacted", k.key_id_redacted},
          {"status", to_string(i.state)},
          {"owner_account", or_null(i.owner_account)},
          {"in_scope", i.in_scope},
          {"user", or_null(i.user)},
          {"created", or_null(i.created)},
          {"last_used", or_null(i.last_used)},
          {"service", or_null(i.service)},
          {"region", or_null(i.region)},
          {"error", i.error ? nlohmann::json(i.error->describe()) : nlohmann::json(nullptr)},
          {"found_at", k.found_at}};
}

// A key is unknown because a call failed, not because a report named a key no user in scope holds.
bool lookup_failed(const KeyLookup& k) {
  return k.intel.state == KeyState::kUnknown && !(k.intel.error && k.intel.error->kind == ErrorKind::kNotFound);
}

std::string dash(const std::string& s) { return s.empty() ? "-" : s; }

void print_table(const KeyLookupResult& result, std::ostream& out) {
  constexpr const char* kRow = "{:<10}  {:<30}  {:<12}  {:<20}  {:<20}  {:<20}  {:<14}  {}\n";
  out << fmt::format(kRow, "KEY", "STATUS", "OWNER", "USER", "CREATED", "LAST USED", "SERVICE", "REGION");
  for (const auto& k : result.keys) {
    const KeyIntel& i = k.intel;
    out << fmt::format(kRow, k.key_id_redacted, to_string(i.state), dash(i.owner_account), dash(i.user),
                       dash(i.created), dash(i.last_used), dash(i.service), dash(i.region));
  }
  for (const auto& k : result.keys) {
    if (!k.found_at.empty()) {
      out << fmt::format("{}: found at {}\n", k.key_id_redacted, fmt::join(k.found_at, ", "));
    }
    if (k.intel.error) {
      out << fmt::format("{}: {}: {}\n", k.key_id_redacted, lookup_failed(k) ? "lookup failed" : "not resolved",
                         k.intel.error->describe());
    }
  }
}

}  // namespace

Action register_keys(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "keys",
      "Tell whose access keys these are and whether they are live, without ever using a secret: for each --key-id, "
      "the owning account (sts:GetAccessKeyInfo) and, when that account is in scope, the user, status, creation and "
      "last use (iam:GetAccessKeyLastUsed, iam:ListAccessKeys), else 'deleted' or 'another account, not in scope' "
      "(--output table or json). --key-report takes `rolecall scan-files --output json` reports: their key ids are "
      "redacted, so each is recognised by its SHA-256 among the keys of the in-scope users (iam:ListUsers). Exit "
      "status: 0 every key looked up, 2 usage, 3 credentials, 4 a lookup failed.");
  auto key_ids = std::make_shared<std::vector<std::string>>();
  auto scope = std::make_shared<ScopeOptions>();
  auto key_reports = std::make_shared<std::vector<std::string>>();
  // One of the two is needed: look_up_keys says so (a usage error) when neither is given.
  sub->add_option("--key-id", *key_ids, "Access key id to look up (AKIA..., repeatable; shown redacted)")
      ->type_name("ID");
  sub->add_option("--key-report", *key_reports,
                  "A `rolecall scan-files --output json` report whose long-term keys to look up (repeatable)")
      ->type_name("FILE");
  add_scope_options(*sub, *scope, "File of account ids (one per line) whose keys count as in scope (via --assume-role)",
                    "Count every active account of the organization as in scope");
  return [&global, key_ids, key_reports, scope]() -> ExitCode {
    if (global.output != "table" && global.output != "json") {
      return report_error(Error::invalid_argument("keys writes --output table or json, not " + global.output));
    }
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    KeyLookupOptions options;
    options.scope = *scope;
    options.scope.profiles = global.profiles;
    options.key_ids = *key_ids;
    options.key_reports = *key_reports;
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    auto result = look_up_keys(**session, options);
    if (!result) return report_error(result.error());
    auto written = write_output(global, "keys", [&](std::ostream& out) {
      if (global.output == "json") {
        nlohmann::json keys = nlohmann::json::array();
        for (const auto& k : result->keys) keys.push_back(key_json(k));
        out << base::json_text(nlohmann::json{{"keys", keys}}, 2) << '\n';
      } else {
        print_table(*result, out);
      }
    });
    if (!written) return report_error(written.error());
    for (const auto& e : result->errors) {
      std::cerr << "rolecall: warning: " << e.account_id << ": " << e.error.describe() << '\n';
    }
    bool failed = !result->errors.empty();
    for (const auto& k : result->keys) failed = failed || lookup_failed(k);
    return failed ? ExitCode::kPartial : ExitCode::kOk;
  };
}

}  // namespace rolecall::cli
