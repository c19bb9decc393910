#include "cli/store_render.h"

#include <array>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/iso8601.h"
#include "base/untrusted_json.h"

namespace rolecall::cli {
namespace {

// How long `f` has been (or was) failing: to `now` while open, else to its resolution.
std::optional<std::chrono::seconds> time_open(const store::StoredFinding& f,
                                              std::chrono::system_clock::time_point now) {
  auto opened = base::parse_iso8601(f.opened_at);
  if (!opened) return std::nullopt;
  auto end = f.open ? std::optional(now) : (f.resolved_at ? base::parse_iso8601(*f.resolved_at) : std::nullopt);
  if (!end || *end < *opened) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*end - *opened);
}

// "open", "resolved", "muted", "passing": where a finding stands now.
const char* state(const store::StoredFinding& f) {
  if (f.open) return "open";
  if (f.resolved_at) return "resolved";
  return f.status == Status::kMuted ? "muted" : "not failing";
}

std::string key_text(const store::FindingKey& k) {
  return fmt::format("{} {} {} {}", k.check_id, k.account_id, k.region.empty() ? "-" : k.region, k.resource_id);
}

// The diff's lists by their JSON names, in the order both views show them.
std::array<std::pair<std::string_view, const std::vector<store::StoredFinding>*>, 5> sections(
    const store::ScanDiff& diff) {
  return {{{"new", &diff.added},
           {"resolved", &diff.resolved},
           {"regressed", &diff.regressed},
           {"persisting", &diff.persisting},
           {"unjudged", &diff.unjudged}}};
}

}  // namespace

nlohmann::ordered_json scan_json(const store::ScanSummary& s) {
  return {{"id", s.id},
          {"started_at", s.started_at},
          {"finished_at", s.finished_at},
          {"caller", s.caller},
          {"scope", s.scope},
          {"checks", s.checks},
          {"complete", s.complete},
          {"counts",
           {{"PASS", s.counts.pass}, {"FAIL", s.counts.fail}, {"ERROR", s.counts.error}, {"MUTED", s.counts.muted}}}};
}

nlohmann::ordered_json stored_finding_json(const store::StoredFinding& f, std::chrono::system_clock::time_point now) {
  nlohmann::ordered_json j = {{"account_id", f.key.account_id},
                              {"region", f.key.region},
                              {"resource_type", f.resource_type},
                              {"resource_id", f.key.resource_id},
                              {"check_id", f.key.check_id},
                              {"status", to_string(f.status)},
                              {"severity", to_string(f.severity)},
                              {"state", state(f)},
                              {"message", f.message},
                              {"first_seen", f.first_seen},
                              {"opened_at", f.opened_at},
                              {"last_seen", f.last_seen},
                              {"resolved_at", f.resolved_at ? nlohmann::ordered_json(*f.resolved_at) : nullptr},
                              {"regressed", f.regressed}};
  const auto open_for = time_open(f, now);
  j["seconds_open"] = open_for ? nlohmann::ordered_json(open_for->count()) : nullptr;
  auto evidence = base::parse_untrusted_json(f.evidence_json.empty() ? "{}" : f.evidence_json, "stored evidence");
  j["evidence"] = evidence ? nlohmann::ordered_json::parse(evidence->dump()) : nlohmann::ordered_json(nullptr);
  return j;
}

void write_history_table(const std::vector<store::ScanSummary>& scans, const std::vector<store::TimeToFix>& fix,
                         std::ostream& out) {
  if (scans.empty()) {
    out << "No scans recorded yet: `rolecall scan --store` records one.\n";
    return;
  }
  out << fmt::format("{:>5}  {:<20}  {:>6}  {:>6}  {:>6}  {:>6}  {:<8}  {}\n", "SCAN", "STARTED", "PASS", "FAIL",
                     "ERROR", "MUTED", "COMPLETE", "SCOPE");
  for (const auto& s : scans) {
    out << fmt::format("{:>5}  {:<20}  {:>6}  {:>6}  {:>6}  {:>6}  {:<8}  {}\n", s.id, s.started_at, s.counts.pass,
                       s.counts.fail, s.counts.error, s.counts.muted, s.complete ? "yes" : "no", s.scope);
  }
  std::vector<std::string> trend;
  for (auto it = scans.rbegin(); it != scans.rend(); ++it) trend.push_back(std::to_string(it->counts.fail));
  out << "\nFAIL trend (oldest first): " << fmt::format("{}", fmt::join(trend, " -> ")) << '\n';
  if (fix.empty()) return;
  out << fmt::format("\n{:<28}  {:<8}  {:>8}  {:>10}  {:>10}\n", "TIME TO FIX: CHECK", "SEVERITY", "RESOLVED", "MEDIAN",
                     "P90");
  for (const auto& t : fix) {
    out << fmt::format("{:<28}  {:<8}  {:>8}  {:>10}  {:>10}\n", t.check_id, to_string(t.severity), t.resolved,
                       store::format_duration(t.median), store::format_duration(t.p90));
  }
}

nlohmann::ordered_json history_json(const std::vector<store::ScanSummary>& scans,
                                    const std::vector<store::TimeToFix>& fix) {
  nlohmann::ordered_json out = {{"scans", nlohmann::ordered_json::array()},
                                {"trend", nlohmann::ordered_json::array()},
                                {"time_to_fix", nlohmann::ordered_json::array()}};
  for (const auto& s : scans) out["scans"].push_back(scan_json(s));
  for (auto it = scans.rbegin(); it != scans.rend(); ++it) {
    out["trend"].push_back({{"scan", it->id}, {"started_at", it->started_at}, {"FAIL", it->counts.fail}});
  }
  for (const auto& t : fix) {
    out["time_to_fix"].push_back({{"check_id", t.check_id},
                                  {"severity", to_string(t.severity)},
                                  {"resolved", t.resolved},
                                  {"median_seconds", t.median.count()},
                                  {"p90_seconds", t.p90.count()}});
  }
  return out;
}

void write_diff_table(const store::ScanDiff& diff, std::ostream& out) {
  out << fmt::format("Scan {} ({}) -> scan {} ({})\n", diff.from.id, diff.from.started_at, diff.to.id,
                     diff.to.started_at);
  for (const auto& [name, list] : sections(diff)) {
    out << fmt::format("\n{} ({})\n", name == "unjudged" ? "not judged by the later scan" : name, list->size());
    for (const auto& f : *list) {
      out << fmt::format("  {:<8} {}: {}\n", to_string(f.severity), key_text(f.key), f.message);
    }
  }
}

nlohmann::ordered_json diff_json(const store::ScanDiff& diff, std::chrono::system_clock::time_point now) {
  nlohmann::ordered_json out = {{"from", scan_json(diff.from)}, {"to", scan_json(diff.to)}};
  for (const auto& [name, list] : sections(diff)) {
    auto& a = out[std::string(name)] = nlohmann::ordered_json::array();
    for (const auto& f : *list) a.push_back(stored_finding_json(f, now));
  }
  return out;
}

void write_findings_table(const std::vector<store::StoredFinding>& findings, std::chrono::system_clock::time_point now,
                          std::ostream& out) {
  if (findings.empty()) {
    out << "No findings match.\n";
    return;
  }
  out << fmt::format("{:<9}  {:<8}  {:<20}  {:<10}  {}\n", "STATE", "SEVERITY", "FIRST SEEN", "OPEN FOR",
                     "CHECK ACCOUNT REGION RESOURCE");
  for (const auto& f : findings) {
    const auto open_for = time_open(f, now);
    out << fmt::format("{:<9}  {:<8}  {:<20}  {:<10}  {}{}\n", state(f), to_string(f.severity), f.first_seen,
                       open_for ? store::format_duration(*open_for) : "-", key_text(f.key),
                       f.regressed ? " (regressed)" : "");
  }
}

}  // namespace rolecall::cli
