#pragma once
// The Organizations operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::organizations {

// organization.cpp
HandlerResult describe_organization(RequestContext& ctx);  // DescribeOrganization
HandlerResult list_accounts(RequestContext& ctx);          // ListAccounts

}  // namespace rolecall::emulator::organizations
