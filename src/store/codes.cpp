#include "store/codes.h"

#include <array>
#include <utility>

namespace rolecall::store {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 4> kStatuses{
    {{Status::kPass, "PASS"}, {Status::kFail, "FAIL"}, {Status::kError, "ERROR"}, {Status::kMuted, "MUTED"}}};
constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{{Severity::kInfo, "info"},
                                                                            {Severity::kLow, "low"},
                                                                            {Severity::kMedium, "medium"},
                                                                            {Severity::kHigh, "high"},
                                                                            {Severity::kCritical, "critical"}}};

// The code of `value` in `table` / the value of `code`: one lookup for both tables.
template <typename T, std::size_t N>
std::string_view code_of(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, code] : table) {
    if (v == value) return code;
  }
  return table[0].second;
}
template <typename T, std::size_t N>
std::optional<T> value_of(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view code) {
  for (const auto& [v, c] : table) {
    if (c == code) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view status_code(Status status) { return code_of(kStatuses, status); }
std::optional<Status> parse_status_code(std::string_view code) { return value_of(kStatuses, code); }
std::string_view severity_code(Severity severity) { return code_of(kSeverities, severity); }
std::optional<Severity> parse_severity_code(std::string_view code) { return value_of(kSeverities, code); }

}  // namespace rolecall::store
