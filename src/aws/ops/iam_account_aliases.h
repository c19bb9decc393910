#pragma once
// iam:ListAccountAliases: the account's alias, which rolecall shows as the account's name when
// Organizations cannot name it.

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:ListAccountAliases result (an account has at most one alias, so one page).
struct ListAccountAliasesResponse {
  std::string alias;  // the first AccountAliases member; empty when the account has none
};
// The ServiceCall for iam:ListAccountAliases.
ServiceCall list_account_aliases_call();
// Parses a ListAccountAliases XML body.
Result<ListAccountAliasesResponse> parse_list_account_aliases(std::string_view body);
// Calls iam:ListAccountAliases.
void list_account_aliases(AwsCaller& caller, ops::OpCallback<ListAccountAliasesResponse> done);

}  // namespace rolecall::aws::iam
