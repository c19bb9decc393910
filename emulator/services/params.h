#pragma once
// Query-protocol request parameters (EC2, IAM, STS).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rolecall::emulator {

// Query-protocol parameters with the EC2 (`Name.N`) and IAM (`Name.member.N`) list conventions.
class Params {
 public:
  Params() = default;
  explicit Params(std::vector<std::pair<std::string, std::string>> values);
  // The value of `name`, or nullptr.
  const std::string* get(std::string_view name) const;
  // The value of `name`, or `fallback`.
  std::string value(std::string_view name, std::string fallback = {}) const;
  // `prefix.1`, `prefix.2`, ... in numeric order (EC2 lists; IAM lists pass "X.member").
  std::vector<std::string> list(std::string_view prefix) const;
  // EC2 filters: Filter.N.Name -> values (Filter.N.Value.M).
  std::vector<std::pair<std::string, std::vector<std::string>>> filters() const;
  // Every parameter name, sorted.
  std::vector<std::string> names() const;
  // True when the EC2 boolean parameter is "true" (case-insensitive).
  bool flag(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace rolecall::emulator
