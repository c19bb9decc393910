#include "emulator/services/cloudtrail/operations.h"

#include "emulator/services/cloudtrail/handlers.h"

namespace rolecall::emulator::cloudtrail {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"LookupEvents", false, lookup_events},
  };
  return ops;
}

}  // namespace rolecall::emulator::cloudtrail
