#include "report/view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "base/parallel_for.h"
#include "base/thread_count.h"

namespace rolecall::report {
namespace {

// As many threads as judging uses (checks/run_checks.cpp); below one block, the calling thread alone.
constexpr unsigned kMaxContextThreads = 8;

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Instances by "account/id" (ids are unique per account; the key makes no cross-account assumption).
std::unordered_map<std::string, const Instance*> index_instances(const Inventory& inventory) {
  std::unordered_map<std::string, const Instance*> index;
  for (const auto& region : inventory.regions) {
    for (const auto& instance : region.instances) index.emplace(instance.account_id + '/' + instance.id, &instance);
  }
  return index;
}

const Instance* find_instance(const std::unordered_map<std::string, const Instance*>& index, const Finding& f) {
  if (f.resource_type != "instance") return nullptr;
  auto it = index.find(f.account_id + '/' + f.resource_id);
  return it == index.end() ? nullptr : it->second;
}

template <typename T>
bool allows(const std::vector<T>& allowed, const T& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

Result<ReportFilters> parse_filters(const std::vector<std::string>& statuses,
                                    const std::vector<std::string>& severities,
                                    const std::vector<std::string>& accounts, const std::vector<std::string>& tags) {
  ReportFilters filters;
  for (const auto& text : statuses) {
    bool known = false;
    for (Status s : {Status::kPass, Status::kFail, Status::kError, Status::kMuted}) {
      if (upper(text) == to_string(s)) {
        if (std::find(filters.statuses.begin(), filters.statuses.end(), s) == filters.statuses.end()) {
          filters.statuses.push_back(s);
        }
        known = true;
      }
    }
    if (!known)
      return std::unexpected(
          Error::invalid_argument("--status: unknown status '" + text + "' (PASS, FAIL, ERROR or MUTED)"));
  }
  for (const auto& text : severities) {
    const bool at_least = text.starts_with(">=");
    Severity severity = Severity::kInfo;
    if (!parse_severity(at_least ? text.substr(2) : text, severity)) {
      return std::unexpected(Error::invalid_argument("--severity: unknown severity '" + text +
                                                     "' (info, low, medium, high, critical, or >=one of them)"));
    }
    for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
      const bool wanted = at_least ? s >= severity : s == severity;
      if (wanted && std::find(filters.severities.begin(), filters.severities.end(), s) == filters.severities.end()) {
        filters.severities.push_back(s);
      }
    }
  }
  std::sort(filters.severities.begin(), filters.severities.end());
  filters.accounts = accounts;
  for (const auto& text : tags) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      return std::unexpected(Error::invalid_argument("--tag: expected KEY=VALUE, got '" + text + "'"));
    }
    filters.tags.emplace_back(text.substr(0, eq), text.substr(eq + 1));
  }
  return filters;
}

void add_context(ScanResult& result, const Inventory& inventory, const std::vector<std::string>& tag_keys) {
  for (const auto& [id, account] : inventory.accounts) {
    if (!account.account_name.empty()) result.account_names[id] = account.account_name;
  }
  result.context_tags = tag_keys;
  const auto instances = index_instances(inventory);
  std::unordered_map<std::string, const LaunchTemplate*> templates;
  for (const auto& region : inventory.regions) {
    for (const auto& lt : region.launch_templates) templates.emplace(lt.account_id + '/' + lt.id, &lt);
  }
  auto fill = [&](Finding& f) {
    if (const Instance* instance = find_instance(instances, f)) {
      f.resource_name = instance->tag("Name");
      f.tag_values.clear();
      for (const auto& key : tag_keys) f.tag_values.push_back(instance->tag(key));
      return;
    }
    f.tag_values.assign(tag_keys.size(), std::string());
    if (f.resource_type == "launch-template") {
      // resource_id is "lt-...:<version>".
      auto it = templates.find(f.account_id + '/' + f.resource_id.substr(0, f.resource_id.find(':')));
      if (it != templates.end()) f.resource_name = it->second->name;
    }
  };
  // Each finding is filled from the shared, read-only indexes alone: half a million of them (a
  // 100,000-instance full scan) in blocks over every core, where one thread took a third of a
  // second after judging.
  constexpr std::size_t kBlock = 4096;
  auto& findings = result.findings;
  const std::size_t blocks = (findings.size() + kBlock - 1) / kBlock;
  base::parallel_for(blocks, base::default_thread_count(kMaxContextThreads), [&](std::size_t block, unsigned) {
    const std::size_t end = std::min(findings.size(), (block + 1) * kBlock);
    for (std::size_t i = block * kBlock; i < end; ++i) fill(findings[i]);
  });
}

void apply_filters(ScanResult& result, const ReportFilters& filters, const Inventory& inventory) {
  result.filters = filters;
  if (filters.empty()) return;
  const auto instances = index_instances(inventory);
  auto shown = [&](const Finding& f) {
    if (!allows(filters.statuses, f.status) || !allows(filters.severities, f.severity) ||
        !allows(filters.accounts, f.account_id)) {
      return false;
    }
    if (filters.tags.empty()) return true;
    const Instance* instance = find_instance(instances, f);
    if (instance == nullptr) return false;
    return std::all_of(filters.tags.begin(), filters.tags.end(), [&](const auto& tag) {
      return std::any_of(instance->tags.begin(), instance->tags.end(),
                         [&](const Tag& t) { return t.key == tag.first && t.value == tag.second; });
    });
  };
  auto kept = std::stable_partition(result.findings.begin(), result.findings.end(), shown);
  for (auto it = kept; it != result.findings.end(); ++it) {
    ++result.hidden;
    if (it->status == Status::kError) ++result.hidden_errors;
  }
  result.findings.erase(kept, result.findings.end());
}

std::string filters_text(const ReportFilters& filters) {
  std::vector<std::string> parts;
  auto add = [&](const char* flag, const std::vector<std::string>& values) {
    if (!values.empty()) parts.push_back(fmt::format("{} {}", flag, fmt::join(values, ",")));
  };
  std::vector<std::string> statuses, severities, tags;
  for (Status s : filters.statuses) statuses.emplace_back(to_string(s));
  for (Severity s : filters.severities) severities.emplace_back(to_string(s));
  add("--status", statuses);
  add("--severity", severities);
  add("--account", filters.accounts);
  for (const auto& [key, value] : filters.tags) parts.push_back(fmt::format("--tag {}={}", key, value));
  return fmt::format("{}", fmt::join(parts, " "));
}

const std::string& account_name(const ScanResult& result, const std::string& account_id) {
  static const std::string kNone;
  auto it = result.account_names.find(account_id);
  return it == result.account_names.end() ? kNone : it->second;
}

}  // namespace rolecall::report
