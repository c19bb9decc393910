// IAM and STS Query-protocol responses (XML from an endpoint, untrusted): every IAM/STS response
// parser, and the error-body parser, on the same input (each checks its root element first).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/ops/iam_access_keys.h"
#include "aws/ops/iam_authorization_details.h"
#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_policies.h"
#include "aws/ops/iam_roles.h"
#include "aws/ops/iam_simulate.h"
#include "aws/ops/sts.h"
#include "aws/protocol/errors.h"

namespace iam = rolecall::aws::iam;
namespace sts = rolecall::aws::sts;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)iam::parse_get_account_authorization_details(body);
  (void)iam::parse_get_instance_profile(body);
  (void)iam::parse_list_instance_profiles(body);
  (void)iam::parse_create_instance_profile(body);
  (void)iam::parse_add_role_to_instance_profile(body);
  (void)iam::parse_get_policy_version(body);
  (void)iam::parse_get_role(body);
  (void)iam::parse_list_roles(body);
  (void)iam::parse_list_attached_role_policies(body);
  (void)iam::parse_list_role_policies(body);
  (void)iam::parse_get_role_policy(body);
  (void)iam::parse_simulate_principal_policy(body);
  (void)iam::parse_get_access_key_last_used(body);
  (void)iam::parse_list_access_keys(body);
  (void)iam::parse_list_users(body);
  (void)sts::parse_get_caller_identity(body);
  (void)sts::parse_assume_role(body);
  (void)sts::parse_assume_role_with_web_identity(body);
  (void)rolecall::aws::parse_query_error(403, body);
  return 0;
}
