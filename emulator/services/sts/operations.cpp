#include "emulator/services/sts/operations.h"

#include "emulator/services/sts/handlers.h"

namespace rolecall::emulator::sts {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"GetCallerIdentity", false, get_caller_identity},
      {"AssumeRole", true, assume_role},
      {"AssumeRoleWithWebIdentity", true, assume_role_with_web_identity},
      {"GetAccessKeyInfo", false, get_access_key_info},
  };
  return ops;
}

}  // namespace rolecall::emulator::sts
