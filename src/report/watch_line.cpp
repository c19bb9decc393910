#include "report/watch_line.h"

#include <nlohmann/json.hpp>

namespace rolecall::report {

nlohmann::ordered_json watch_line_object(const VerdictChange& change, const std::string& at) {
  const Finding& f = change.finding;
  // Key ids are redacted in findings already; a line never carries more than a finding does.
  return {
      {"time", at},
      {"change", to_string(change.kind)},
      {"check_id", f.check_id},
      {"status", change.kind == VerdictChange::Kind::kGone ? nlohmann::ordered_json(nullptr)
                                                           : nlohmann::ordered_json(to_string(f.status))},
      {"before", change.before ? nlohmann::ordered_json(to_string(*change.before)) : nlohmann::ordered_json(nullptr)},
      {"severity", to_string(f.severity)},
      {"severity_before", change.severity_before ? nlohmann::ordered_json(to_string(*change.severity_before))
                                                 : nlohmann::ordered_json(nullptr)},
      {"account_id", f.account_id},
      {"region", f.region},
      {"resource_type", f.resource_type},
      {"resource_id", f.resource_id},
      {"message", f.message},
      {"triggers", change.triggers},
  };
}

std::string watch_line(const VerdictChange& change, const std::string& at) {
  return watch_line_object(change, at).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace rolecall::report
