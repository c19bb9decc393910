#include "checks/cis.h"

namespace rolecall::checks {

std::string cis_numbers_text(const CisFoundations& cis) {
  std::string out;
  const auto& n = cis.numbers;
  for (std::size_t i = 0; i < n.size();) {
    std::size_t j = i;
    while (j + 1 < n.size() && n[j + 1].id == n[i].id) ++j;
    if (!out.empty()) out += ", ";
    out += std::string(n[i].id) + " (" + std::string(n[i].version);
    if (j > i) out += "-" + std::string(n[j].version);
    out += ")";
    i = j + 1;
  }
  return out;
}

std::string cis_text(const CisFoundations& cis) {
  return "CIS recommendation: " + std::string(kCisProfile) + "; CIS AWS Foundations: " + std::string(cis.level) + ", " +
         cis_numbers_text(cis);
}

}  // namespace rolecall::checks
