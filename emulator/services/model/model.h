#pragma once
// The request parameters each Query-protocol operation defines (EC2, IAM, STS), generated from
// botocore's service models by scripts/gen_emulator_model.py into inputs.cpp, and the check that
// refuses (EC2) or records (IAM/STS) a parameter the API does not define.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "emulator/services/params.h"

namespace rolecall::emulator::model {

// One operation's input: parameter-name patterns, `#` standing for a list index.
struct OperationInputs {
  const char* service;    // "ec2", "iam", "sts"
  const char* operation;  // "DescribeInstances"
  std::vector<const char*> parameters;
};

// The generated table (inputs.cpp).
const std::vector<OperationInputs>& generated_inputs();

// The patterns `operation` of `service` defines; nullptr when the generated model lacks it.
const std::unordered_set<std::string>* inputs(std::string_view service, std::string_view operation);

// `name` with every dotted segment made only of digits replaced by `#` ("Filter.1.Value.2" ->
// "Filter.#.Value.#").
std::string pattern_of(std::string_view name);

// What a request carries beyond its operation's model.
struct ParameterCheck {
  bool modelled = true;              // false: the generated model lacks the operation
  std::vector<std::string> unknown;  // parameter names the model does not define, sorted
};

// Checks every parameter of `params` against `operation`'s model. Action, Version and the SigV4
// query-authentication parameters (X-Amz-*) are part of every request and always allowed.
ParameterCheck check_parameters(std::string_view service, std::string_view operation, const Params& params);

}  // namespace rolecall::emulator::model
