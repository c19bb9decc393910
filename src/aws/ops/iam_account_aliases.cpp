#include "aws/ops/iam_account_aliases.h"

#include "aws/ops/query_xml.h"

namespace rolecall::aws::iam {

ServiceCall list_account_aliases_call() { return make_call("ListAccountAliases", {}); }

Result<ListAccountAliasesResponse> parse_list_account_aliases(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListAccountAliases", "ListAccountAliases");
  if (!xml) return fail(xml.error());
  ListAccountAliasesResponse out;
  for (pugi::xml_node m : xml::members(xml->result(), "AccountAliases")) {
    out.alias = m.text().get();
    break;
  }
  return out;
}

void list_account_aliases(AwsCaller& caller, ops::OpCallback<ListAccountAliasesResponse> done) {
  ops::run_op<ListAccountAliasesResponse>(caller, list_account_aliases_call(), parse_list_account_aliases,
                                          std::move(done));
}

}  // namespace rolecall::aws::iam
