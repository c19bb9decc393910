#pragma once
// The request parameters each Query-protocol operation defines (EC2, IAM, STS), generated from
// botocore's service models by scripts/gen_emulator_model.py into inputs.cpp, and the check that
// refuses (EC2) or records (IAM/STS) a parameter the API does not define, and lists the required
// members a request lacks.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "emulator/services/params.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::model {

// A member the operation's input requires ("Tags.member.#.Key" inside the list element
// "Tags.member.#"): required only where its enclosing structure is sent.
struct RequiredMember {
  const char* pattern;          // serialized name, `#` for list indexes; present when sent or a prefix of one sent
  std::size_t parent_segments;  // leading segments of `pattern` naming the enclosing structure (0: the request)
  const char* shown;            // AWS's name for it in an error, the same `#`s ("tags.#.member.key")
};

// One operation's input: parameter-name patterns, `#` standing for a list index.
struct OperationInputs {
  const char* service;    // "ec2", "iam", "sts"
  const char* operation;  // "DescribeInstances"
  std::vector<const char*> parameters;
  std::vector<RequiredMember> required;
};

// The generated table (inputs.cpp).
const std::vector<OperationInputs>& generated_inputs();

// The patterns `operation` of `service` defines; nullptr when the generated model lacks it.
const std::unordered_set<std::string>* inputs(std::string_view service, std::string_view operation);

// The required members of `operation` of `service`; nullptr when the generated model lacks it.
const std::vector<RequiredMember>* required_members(std::string_view service, std::string_view operation);

// `name` with every dotted segment made only of digits replaced by `#` ("Filter.1.Value.2" ->
// "Filter.#.Value.#").
std::string pattern_of(std::string_view name);

// What a request carries beyond its operation's model.
struct ParameterCheck {
  bool modelled = true;              // false: the generated model lacks the operation
  std::vector<std::string> unknown;  // parameter names the model does not define, sorted
  std::vector<std::string> missing;  // required members not sent, as AWS names them, in model order
};

// Checks every parameter of `params` against `operation`'s model. Action, Version and the SigV4
// query-authentication parameters (X-Amz-*) are part of every request and always allowed. A
// required member is missing when neither it nor anything under it is sent; a nested one only
// where its enclosing structure (or list element) is sent, its `#`s filled with that element's.
ParameterCheck check_parameters(std::string_view service, std::string_view operation, const Params& params);

// AWS's answer to a request without the required members `missing` (non-empty): EC2
// `MissingParameter` naming the first, IAM/STS one `ValidationError` listing each ("Value null at
// 'roleName' failed to satisfy constraint: Member must not be null").
ApiError missing_member_error(Service service, const std::vector<std::string>& missing);

}  // namespace rolecall::emulator::model
