#include <algorithm>
#include <cctype>

#include "base/ascii.h"

#include "rolecall/findings.h"

namespace rolecall {

const char* to_string(Status status) {
  switch (status) {
    case Status::kPass: return "PASS";
    case Status::kFail: return "FAIL";
    case Status::kError: return "ERROR";
    case Status::kMuted: return "MUTED";
  }
  return "ERROR";
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "medium";
}

bool parse_severity(const std::string& text, Severity& out) {
  const std::string lower = base::to_lower(text);
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    if (lower == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

}  // namespace rolecall
