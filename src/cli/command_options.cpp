#include "cli/command_options.h"

#include <algorithm>
#include <iostream>

#include "cli/terminal.h"
#include "remediate/journal.h"

namespace rolecall::cli {

void add_scope_options(CLI::App& sub, inventory::ScopeOptions& scope, const std::string& accounts_help,
                       const std::string& org_help) {
  sub.add_option("--accounts", scope.accounts_file,
                 accounts_help + "; only the listed accounts: your own only when listed");
  sub.add_flag("--org", scope.org, org_help);
  sub.add_option("--assume-role", scope.assume_role, "Role name to assume in each account")->capture_default_str();
  sub.add_option("--external-id", scope.external_id, "External id for AssumeRole");
}

void add_journal_option(CLI::App& sub, std::string& path) {
  sub.add_option("--journal", path,
                 "Journal database (default: $ROLECALL_JOURNAL, $XDG_STATE_HOME/rolecall/journal.db)");
}

std::string journal_path(const std::string& flag, const base::Env& env) {
  if (!flag.empty()) return flag;
  return remediate::Journal::default_path(env);
}

void set_change_request(ChangeRequest& request, const std::string& journal_flag, const inventory::ScopeOptions& scope,
                        bool yes, const GlobalOptions& global) {
  request.session = global.session_options();
  request.journal_path = journal_path(journal_flag, *global.env);
  request.scope = scope;
  request.scope.profiles = global.profiles;
  request.yes = yes;
  request.confirm = confirm;
  request.show = [](const std::string& text) { std::cerr << text; };
}

CLI::Option* add_list_option(CLI::App& sub, const std::string& name, std::vector<std::string>& list,
                             const std::string& help) {
  return sub
      .add_option_function<std::vector<std::string>>(
          name,
          [&list](const std::vector<std::string>& items) {
            list = items;
            std::erase(list, std::string());  // CLI11 keeps a value that is empty as a whole
          },
          help)
      ->delimiter(',');
}

}  // namespace rolecall::cli
