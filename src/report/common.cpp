// Shared helpers of the report formats.
#include "report/common.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>

#include "base/iso8601.h"
#include "base/sha256.h"
#include "checks/registry.h"
#include "report/view.h"
#include "rolecall/build_info.h"

namespace rolecall::report {

const checks::CheckInfo* check_info(const std::string& check_id) {
  const checks::Check* c = checks::find_check(check_id);
  return c == nullptr ? nullptr : &c->info();
}

std::string check_title(const std::string& check_id) {
  if (const auto* info = check_info(check_id)) return std::string(info->title);
  if (check_id == "scan") return "Account or region could be scanned";
  return check_id;
}

std::string check_doc_ref(const std::string& check_id) {
  return check_info(check_id) == nullptr ? "rolecall help scan" : "rolecall checks " + check_id;
}

std::string check_doc_url(const std::string& base_url, const std::string& check_id) {
  if (base_url.empty() || check_info(check_id) == nullptr) return {};
  return base_url + check_id + ".md";
}

std::string valid_utf8(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
      min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
      min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    ok = ok && cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out.append(kReplacement);
      ++i;
    }
  }
  return out;
}

std::string xml_text(std::string_view text) {
  std::string out = valid_utf8(text);
  std::erase_if(out, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  return out;
}

std::string truncate_chars(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0, cut = text.size(), keep = text.size();
  const std::size_t budget = max_chars >= 3 ? max_chars - 3 : 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == budget) keep = std::min(keep, i);
    if (chars == max_chars) {
      cut = i;
      break;
    }
    ++chars;
  }
  if (cut == text.size()) return text;
  return text.substr(0, keep) + std::string("...").substr(0, max_chars - budget);
}

std::string partition_of(const std::string& region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string resource_arn(const Finding& f) {
  const std::string partition = partition_of(f.region);
  if (f.resource_type == "instance") {
    return fmt::format("arn:{}:ec2:{}:{}:instance/{}", partition, f.region, f.account_id, f.resource_id);
  }
  if (f.resource_type == "launch-template") {
    // resource_id may carry a version ("lt-...:3"); the ARN names the template.
    std::string id = f.resource_id.substr(0, f.resource_id.find(':'));
    return fmt::format("arn:{}:ec2:{}:{}:launch-template/{}", partition, f.region, f.account_id, id);
  }
  if (f.region.empty()) return fmt::format("arn:{}:::{}", partition, f.account_id);
  return fmt::format("arn:{}::{}:{}", partition, f.region, f.account_id);
}

std::string aws_resource_type(const Finding& f) {
  if (f.resource_type == "instance") return "AwsEc2Instance";
  if (f.resource_type == "launch-template") return "AwsEc2LaunchTemplate";
  return "AwsAccount";
}

std::string finding_key(const Finding& f) {
  // Unit separators keep ("a","bc") and ("ab","c") apart.
  return base::sha256_hex(f.check_id + '\x1f' + f.account_id + '\x1f' + f.region + '\x1f' + f.resource_id);
}

namespace {

std::vector<std::string> split(std::string_view text, std::string_view sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    std::string part(text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    if (pos == std::string_view::npos) break;
    start = pos + sep.size();
  }
  return out;
}

// "v8 4.9" -> "<name> v8/4.9"; a group without its own version ("v7 6.3, 5.2": 5.2) reuses the
// previous one.
void add_requirements(const std::string& name, std::string_view list, std::vector<std::string>& out) {
  std::vector<std::string> versions;
  for (const auto& group : split(list, ",")) {
    std::string ids = group;
    if (group.starts_with("v")) {
      std::size_t space = group.find(' ');
      if (space == std::string::npos) continue;
      versions = split(std::string_view(group).substr(0, space), "/");
      ids = group.substr(space + 1);
    }
    std::string id = ids.substr(0, ids.find(' '));
    for (const auto& v : versions) out.push_back(fmt::format("{} {}/{}", name, v, id));
  }
}

// Calls `put(key, value)` for each non-empty evidence field, in the order every format lists them.
template <typename Put>
void for_each_evidence_field(const Evidence& e, Put put) {
  const std::pair<const char*, const std::string*> fields[] = {{"profile_arn", &e.profile_arn},
                                                               {"role_arn", &e.role_arn},
                                                               {"policy_arn", &e.policy_arn},
                                                               {"statement", &e.statement},
                                                               {"location", &e.location},
                                                               {"key_id_redacted", &e.key_id_redacted},
                                                               {"fingerprint_sha256", &e.fingerprint},
                                                               {"detail", &e.detail},
                                                               {"key_intel", &e.key_intel},
                                                               {"role_session", &e.role_session}};
  for (const auto& [key, value] : fields) {
    if (!value->empty()) put(key, *value);
  }
}

}  // namespace

std::vector<std::string> cis_requirements(const std::string& check_id) {
  const auto* info = check_info(check_id);
  if (info == nullptr) return {};
  std::vector<std::string> out;
  if (info->cis_foundations != nullptr) {
    for (const auto& n : info->cis_foundations->numbers) {
      out.push_back(fmt::format("CIS AWS Foundations Benchmark {}/{}", n.version, n.id));
    }
  }
  std::string_view controls = checks::kCisControls;
  static constexpr std::string_view kControls = "CIS Controls ";
  if (controls.starts_with(kControls)) controls.remove_prefix(kControls.size());
  for (const auto& group : split(controls, ";")) add_requirements("CIS Controls", group, out);
  return out;
}

const CheckMeta& CheckMetaCache::get(const std::string& check_id) {
  auto it = cache_.find(check_id);
  if (it == cache_.end()) {
    it = cache_.emplace(check_id, CheckMeta{check_info(check_id), check_title(check_id), cis_requirements(check_id)})
             .first;
  }
  return it->second;
}

std::string report_time(const ScanResult& result, const base::Clock& clock) {
  if (base::parse_iso8601(result.finished_at)) return result.finished_at;
  if (base::parse_iso8601(result.started_at)) return result.started_at;
  return base::format_iso8601(clock.now());
}

std::string evidence_text(const Evidence& e) {
  std::string out;
  for_each_evidence_field(
      e, [&](const char* key, const std::string& value) { out += fmt::format("{}: {}\n", key, value); });
  return out;
}

nlohmann::json evidence_json(const Evidence& e) {
  nlohmann::json j = nlohmann::json::object();
  for_each_evidence_field(e, [&](const char* key, const std::string& value) { j[key] = value; });
  return j;
}

// One RFC 4180 field. Estate text (tags) is attacker-controlled: a leading = + - @ TAB CR would be
// run as a formula by spreadsheets, so such a field gets a leading apostrophe (OWASP advice).
std::string csv_field(std::string_view raw) {
  std::string text = valid_utf8(raw);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

nlohmann::json sarif_log(nlohmann::json rules, nlohmann::json invocation, nlohmann::json results,
                         nlohmann::json properties) {
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool",
              {{"driver",
                {{"name", "rolecall"},
                 {"version", kVersion},
                 {"semanticVersion", kVersion},
                 {"rules", std::move(rules)}}}}},
             {"invocations", {std::move(invocation)}},
             {"columnKind", "unicodeCodePoints"},
             {"results", std::move(results)},
             {"properties", std::move(properties)}}}}};
}

std::vector<std::pair<std::string, std::string>> context_tags(const ScanResult& result, const Finding& finding) {
  std::vector<std::pair<std::string, std::string>> tags;
  for (std::size_t i = 0; i < result.context_tags.size() && i < finding.tag_values.size(); ++i) {
    if (!finding.tag_values[i].empty()) tags.emplace_back(result.context_tags[i], finding.tag_values[i]);
  }
  return tags;
}

nlohmann::json context_json(const ScanResult& result, const Finding& finding) {
  nlohmann::json j = nlohmann::json::object();
  if (const std::string& name = account_name(result, finding.account_id); !name.empty()) j["account_name"] = name;
  if (!finding.resource_name.empty()) j["resource_name"] = finding.resource_name;
  auto tags = context_tags(result, finding);
  if (!tags.empty()) {
    j["tags"] = nlohmann::json::object();
    for (auto& [key, value] : tags) j["tags"][key] = value;
  }
  return j;
}

nlohmann::json filters_json(const ScanResult& result) {
  const ReportFilters& filters = result.filters;
  if (filters.empty()) return nullptr;
  nlohmann::json j = nlohmann::json::object();
  std::vector<std::string> statuses, severities, tags;
  for (Status s : filters.statuses) statuses.emplace_back(to_string(s));
  for (Severity s : filters.severities) severities.emplace_back(to_string(s));
  for (const auto& [key, value] : filters.tags) tags.push_back(key + "=" + value);
  if (!statuses.empty()) j["status"] = statuses;
  if (!severities.empty()) j["severity"] = severities;
  if (!filters.accounts.empty()) j["account"] = filters.accounts;
  if (!tags.empty()) j["tag"] = tags;
  j["hidden"] = result.hidden;
  return j;
}

}  // namespace rolecall::report
