#include "emulator/services/model/model.h"

#include <algorithm>
#include <map>
#include <utility>

namespace rolecall::emulator::model {
namespace {

using Index = std::map<std::pair<std::string, std::string>, std::unordered_set<std::string>, std::less<>>;

const Index& index() {
  static const Index built = [] {
    Index out;
    for (const auto& op : generated_inputs()) {
      auto& set = out[{op.service, op.operation}];
      for (const char* p : op.parameters) set.emplace(p);
    }
    return out;
  }();
  return built;
}

bool always_allowed(std::string_view name) {
  return name == "Action" || name == "Version" || name.starts_with("X-Amz-");
}

}  // namespace

const std::unordered_set<std::string>* inputs(std::string_view service, std::string_view operation) {
  auto it = index().find(std::pair<std::string, std::string>(service, operation));
  return it == index().end() ? nullptr : &it->second;
}

std::string pattern_of(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t start = 0;;) {
    std::size_t dot = name.find('.', start);
    std::string_view segment = name.substr(start, dot - start);  // to the end when dot is npos
    bool digits =
        !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (start > 0) out += '.';
    out += digits ? std::string_view("#") : segment;
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

ParameterCheck check_parameters(std::string_view service, std::string_view operation, const Params& params) {
  ParameterCheck check;
  const auto* allowed = inputs(service, operation);
  if (!allowed) {
    check.modelled = false;
    return check;
  }
  for (const std::string& name : params.names()) {
    if (always_allowed(name) || allowed->contains(pattern_of(name))) continue;
    check.unknown.push_back(name);
  }
  return check;
}

}  // namespace rolecall::emulator::model
