#pragma once

namespace rolecall {
// The rolecall release this binary was built from, e.g. "0.1.0".
const char* version();
}  // namespace rolecall
