#include "emulator/services/securityhub/operations.h"

#include "emulator/services/securityhub/handlers.h"

namespace rolecall::emulator::securityhub {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"BatchImportFindings", true, batch_import_findings},
      {"GetFindings", false, get_findings},
  };
  return ops;
}

std::string_view route(std::string_view method, std::string_view path) {
  // botocore securityhub service-2.json: requestUri of each operation.
  struct Route {
    std::string_view method;
    std::string_view path;
    std::string_view name;
  };
  static constexpr Route kRoutes[] = {
      {"POST", "/findings/import", "BatchImportFindings"},
      {"POST", "/findings", "GetFindings"},
  };
  for (const auto& r : kRoutes) {
    if (r.method == method && r.path == path) return r.name;
  }
  return {};
}

}  // namespace rolecall::emulator::securityhub
