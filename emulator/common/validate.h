#pragma once
// Shape checks for ids and names in estates and requests (hand-written: cheap, and no std::regex).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::emulator {

// [a-z]{2}(-[a-z]+)+-[0-9]+, e.g. "us-east-1".
bool is_region_name(std::string_view text);
// Exactly 12 digits.
bool is_account_id(std::string_view text);
// `prefix` followed by exactly `digits` (or `alt_digits` when non-zero) lowercase hex digits.
bool is_hex_id(std::string_view text, std::string_view prefix, std::size_t digits, std::size_t alt_digits = 0);
// 16..128 upper-case letters and digits.
bool is_access_key_id(std::string_view text);
// IAM name characters [A-Za-z0-9_+=,.@-], length in [min, max].
bool is_iam_name(std::string_view text, std::size_t min = 1, std::size_t max = 128);
// Standard base64 with padding (empty allowed).
bool is_base64(std::string_view text);
// o- followed by 10..32 lowercase letters or digits.
bool is_organization_id(std::string_view text);
// A launch template version as Auto Scaling names one: "$Default", "$Latest" or a number >= 1.
bool is_launch_template_version(std::string_view text);

// arn:<partition>:iam::<account>:<kind><path><name> split into its parts.
struct IamArn {
  std::string partition;
  std::string account;
  std::string kind;  // "user", "role", ...
  std::string path;  // "/" or "/a/b/"
  std::string name;
};
// Parses an IAM ARN of `kind` ("user", "role"; empty = either of those); nullopt when malformed.
std::optional<IamArn> parse_iam_arn(std::string_view arn, std::string_view kind = {});

}  // namespace rolecall::emulator
