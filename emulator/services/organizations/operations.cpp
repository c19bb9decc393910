#include "emulator/services/organizations/operations.h"

#include "emulator/services/organizations/handlers.h"

namespace rolecall::emulator::organizations {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"DescribeOrganization", false, describe_organization},
      {"ListAccounts", false, list_accounts},
  };
  return ops;
}

}  // namespace rolecall::emulator::organizations
