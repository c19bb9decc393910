// `rolecall scan --from FILE` on AWS CLI output (describe-instances, get-account-authorization-
// details, list-instance-profiles JSON an auditor was handed): untrusted. The input is the one
// file of an in-memory environment, loaded through the real entry point.

#include <cstddef>
#include <cstdint>
#include <string>

#include "inventory/offline_load.h"
#include "support/fake_env.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rolecall::testing::FakeEnv env;
  env.add_file("/in/aws-cli-output.json", std::string(reinterpret_cast<const char*>(data), size));
  (void)rolecall::inventory::load_offline(env, {"/in/aws-cli-output.json"}, "us-east-1");
  return 0;
}
