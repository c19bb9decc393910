#include "emulator/services/params.h"

#include <algorithm>
#include <charconv>

#include "base/ascii.h"

namespace rolecall::emulator {
namespace {

// Parses the decimal index after `prefix.` up to the next '.' (or end); 0 when malformed.
int index_after(std::string_view key, std::string_view prefix, std::string_view* rest) {
  if (key.size() <= prefix.size() + 1 || key.substr(0, prefix.size()) != prefix || key[prefix.size()] != '.') return 0;
  std::string_view tail = key.substr(prefix.size() + 1);
  auto dot = tail.find('.');
  std::string_view digits = tail.substr(0, dot);
  int n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || n <= 0) return 0;
  if (rest) *rest = dot == std::string_view::npos ? std::string_view{} : tail.substr(dot + 1);
  return n;
}

}  // namespace

Params::Params(std::vector<std::pair<std::string, std::string>> values) {
  for (auto& [k, v] : values) values_.insert_or_assign(std::move(k), std::move(v));
}

const std::string* Params::get(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::string Params::value(std::string_view name, std::string fallback) const {
  const std::string* v = get(name);
  return v ? *v : fallback;
}

std::vector<std::string> Params::list(std::string_view prefix) const {
  std::vector<std::pair<int, std::string>> items;
  std::string start = std::string(prefix) + ".";
  for (auto it = values_.lower_bound(start); it != values_.end() && it->first.starts_with(start); ++it) {
    std::string_view rest;
    int n = index_after(it->first, prefix, &rest);
    if (n > 0 && rest.empty()) items.emplace_back(n, it->second);
  }
  std::sort(items.begin(), items.end());
  std::vector<std::string> out;
  for (auto& [n, v] : items) out.push_back(std::move(v));
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Params::filters() const {
  std::map<int, std::pair<std::string, std::vector<std::pair<int, std::string>>>> by_index;
  for (auto it = values_.lower_bound("Filter."); it != values_.end() && it->first.starts_with("Filter."); ++it) {
    std::string_view rest;
    int n = index_after(it->first, "Filter", &rest);
    if (n == 0) continue;
    if (rest == "Name") {
      by_index[n].first = it->second;
    } else if (int m = index_after(rest, "Value", nullptr); m > 0) {
      by_index[n].second.emplace_back(m, it->second);
    }
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (auto& [n, entry] : by_index) {
    std::sort(entry.second.begin(), entry.second.end());
    std::vector<std::string> values;
    for (auto& [m, v] : entry.second) values.push_back(std::move(v));
    out.emplace_back(entry.first, std::move(values));
  }
  return out;
}

std::vector<std::string> Params::names() const {
  std::vector<std::string> out;
  out.reserve(values_.size());
  for (const auto& [name, value] : values_) out.push_back(name);
  return out;
}

bool Params::flag(std::string_view name) const {
  const std::string* v = get(name);
  if (!v || v->size() != 4) return false;
  return base::iequals(*v, "true");
}

}  // namespace rolecall::emulator
