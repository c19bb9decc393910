#pragma once
// AWS Query protocol request encoding (EC2 and IAM/STS list styles).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rolecall::aws {

// Ordered request parameters; encoding sorts nothing, the order here is the order sent.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded body: "Action=X&Version=Y&Name.1=v" with RFC 3986 escaping.
std::string encode_form(const QueryParams& params);

// The form body of a Query-protocol request: Action=`action`&Version=`version`, then `params`.
std::string encode_query_body(std::string_view action, std::string_view version, const QueryParams& params);

// Decodes a form body or query string into parameters; fails (returns false) on bad escapes.
bool decode_form(std::string_view body, QueryParams& out);

// EC2 list style: `prefix.1`, `prefix.2`, ... (e.g. "InstanceId.1").
void add_ec2_list(QueryParams& params, const std::string& prefix, const std::vector<std::string>& values);

// EC2 filter: Filter.N.Name and Filter.N.Value.M, N chosen after any existing filters.
void add_ec2_filter(QueryParams& params, const std::string& name, const std::vector<std::string>& values);

// IAM/STS list style: `prefix.member.1`, `prefix.member.2`, ... (e.g. "ActionNames.member.1").
void add_member_list(QueryParams& params, const std::string& prefix, const std::vector<std::string>& values);

}  // namespace rolecall::aws
