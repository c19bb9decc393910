#include "emulator/services/model/model.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rolecall::emulator::model {
namespace {

struct Entry {
  std::unordered_set<std::string> parameters;
  const std::vector<RequiredMember>* required = nullptr;
};

using Index = std::map<std::pair<std::string, std::string>, Entry, std::less<>>;

const Index& index() {
  static const Index built = [] {
    Index out;
    for (const auto& op : generated_inputs()) {
      auto& entry = out[{op.service, op.operation}];
      for (const char* p : op.parameters) entry.parameters.emplace(p);
      entry.required = &op.required;
    }
    return out;
  }();
  return built;
}

const Entry* find(std::string_view service, std::string_view operation) {
  auto it = index().find(std::pair<std::string, std::string>(service, operation));
  return it == index().end() ? nullptr : &it->second;
}

std::vector<std::string_view> split(std::string_view name) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    std::size_t dot = name.find('.', start);
    out.push_back(name.substr(start, dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool is_index(std::string_view segment) {
  return !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string joined(const std::vector<std::string_view>& segments, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += '.';
    out += segments[i];
  }
  return out;
}

// The enclosing structures of `member` the request sends, as the segments of a sent name
// (every list element of the pattern once); one empty instance for a top-level member.
std::set<std::vector<std::string_view>> parents_sent(const RequiredMember& member,
                                                     const std::vector<std::string_view>& pattern,
                                                     const std::vector<std::vector<std::string_view>>& sent) {
  std::size_t k = member.parent_segments;
  std::set<std::vector<std::string_view>> out;
  if (k == 0) {
    out.emplace();
    return out;
  }
  for (const auto& name : sent) {
    if (name.size() <= k) continue;
    bool inside = true;
    for (std::size_t i = 0; i < k && inside; ++i)
      inside = pattern[i] == "#" ? is_index(name[i]) : name[i] == pattern[i];
    if (inside) out.emplace(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(k));
  }
  return out;
}

// `shown` with its `#`s replaced, in order, by the indexes `parent` has where `pattern` has `#`.
std::string shown_for(const RequiredMember& member, const std::vector<std::string_view>& pattern,
                      const std::vector<std::string_view>& parent) {
  std::vector<std::string_view> indexes;
  for (std::size_t i = 0; i < parent.size(); ++i)
    if (pattern[i] == "#") indexes.push_back(parent[i]);
  std::vector<std::string_view> shown = split(member.shown);
  std::size_t next = 0;
  for (auto& segment : shown)
    if (segment == "#" && next < indexes.size()) segment = indexes[next++];
  return joined(shown, 0, shown.size());
}

std::vector<std::string> missing_members(const std::vector<RequiredMember>& required, const Params& params) {
  std::vector<std::string> missing;
  if (required.empty()) return missing;
  std::vector<std::string> names = params.names();
  std::vector<std::vector<std::string_view>> sent;
  sent.reserve(names.size());
  for (const std::string& name : names) sent.push_back(split(name));
  for (const RequiredMember& member : required) {
    std::vector<std::string_view> pattern = split(member.pattern);
    for (const auto& parent : parents_sent(member, pattern, sent)) {
      std::string target = joined(parent, 0, parent.size());
      std::string leaf = joined(pattern, parent.size(), pattern.size());
      target = target.empty() ? leaf : target + "." + leaf;
      bool present = std::any_of(names.begin(), names.end(), [&](const std::string& name) {
        return name == target ||
               (name.starts_with(target) && name.size() > target.size() && name[target.size()] == '.');
      });
      if (!present) missing.push_back(shown_for(member, pattern, parent));
    }
  }
  return missing;
}

bool always_allowed(std::string_view name) {
  return name == "Action" || name == "Version" || name.starts_with("X-Amz-");
}

}  // namespace

const std::unordered_set<std::string>* inputs(std::string_view service, std::string_view operation) {
  const Entry* entry = find(service, operation);
  return entry ? &entry->parameters : nullptr;
}

const std::vector<RequiredMember>* required_members(std::string_view service, std::string_view operation) {
  const Entry* entry = find(service, operation);
  return entry ? entry->required : nullptr;
}

std::string pattern_of(std::string_view name) {
  std::vector<std::string_view> segments = split(name);
  for (auto& segment : segments)
    if (is_index(segment)) segment = "#";
  return joined(segments, 0, segments.size());
}

ParameterCheck check_parameters(std::string_view service, std::string_view operation, const Params& params) {
  ParameterCheck check;
  const Entry* entry = find(service, operation);
  if (!entry) {
    check.modelled = false;
    return check;
  }
  for (const std::string& name : params.names()) {
    if (always_allowed(name) || entry->parameters.contains(pattern_of(name))) continue;
    check.unknown.push_back(name);
  }
  check.missing = missing_members(*entry->required, params);
  return check;
}

ApiError missing_member_error(Service service, const std::vector<std::string>& missing) {
  if (service == Service::kEc2)
    return {400, "MissingParameter", fmt::format("The request must contain the parameter {}", missing.front()), true};
  std::vector<std::string> each;
  each.reserve(missing.size());
  for (const std::string& member : missing)
    each.push_back(fmt::format("Value null at '{}' failed to satisfy constraint: Member must not be null", member));
  return {400, "ValidationError",
          fmt::format("{} validation error{} detected: {}", missing.size(), missing.size() == 1 ? "" : "s",
                      fmt::join(each, "; ")),
          true};
}

}  // namespace rolecall::emulator::model
