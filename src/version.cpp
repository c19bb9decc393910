#include "rolecall/version.h"

#include "rolecall/build_info.h"

namespace rolecall {
const char* version() { return kVersion; }
}  // namespace rolecall
