// Parsing and validating the YAML configuration; every error names file, line, column and key.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/iso8601.h"
#include "checks/registry.h"
#include "config/config.h"
#include "config/no_secrets.h"

namespace rolecall::config {
namespace {

// Walks the YAML tree and keeps the first error; later reads are no-ops once one is recorded.
class Parser {
 public:
  explicit Parser(std::string name) : name_(std::move(name)) {}

  bool failed() const { return error_.has_value(); }
  Error take_error() { return *error_; }

  void error(const YAML::Mark& mark, const std::string& key, const std::string& what) {
    if (error_) return;
    std::string where = mark.is_null() ? name_ : fmt::format("{}:{}:{}", name_, mark.line + 1, mark.column + 1);
    // Keys and messages quote the file's text, which may hold a pasted credential.
    error_ = Error::invalid_argument(fmt::format("{}: {}: {}", where, without_secrets(key), without_secrets(what)));
  }

  // A mapping's keys must come from `allowed`; returns false (with an error) otherwise.
  bool check_keys(const YAML::Node& map, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        error(it->first.Mark(), path, "keys must be plain strings");
        return false;
      }
      const std::string key = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string expected;
        for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
        error(it->first.Mark(), join(path, key), "unknown key (expected one of: " + expected + ")");
        return false;
      }
    }
    return true;
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      error(node.Mark(), path, "expected a string, got " + kind(node));
      return std::nullopt;
    }
    return node.Scalar();
  }

  // A string or a list of strings (each non-empty).
  std::vector<std::string> string_list(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        auto s = scalar(node[i], fmt::format("{}[{}]", path, i));
        if (!s) return {};
        out.push_back(*s);
      }
    } else {
      error(node.Mark(), path, "expected a string or a list of strings, got " + kind(node));
      return {};
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i].empty()) {
        error(node.Mark(), path, "empty value");
        return {};
      }
    }
    return out;
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& path) {
    auto s = scalar(node, path);
    if (!s) return std::nullopt;
    if (*s == "true") return true;
    if (*s == "false") return false;
    error(node.Mark(), path, "expected true or false, got '" + *s + "'");
    return std::nullopt;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  static std::string kind(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Null: return "nothing";
      case YAML::NodeType::Scalar: return "a string";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Map: return "a mapping";
      default: return "an undefined value";
    }
  }

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::optional<Error> error_;
};

// The mark of element `i` of a string-or-list field (the scalar itself when not a list).
YAML::Mark element_mark(const YAML::Node& field, std::size_t i) {
  return field.IsSequence() && i < field.size() ? field[i].Mark() : field.Mark();
}

bool has_glob(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

void parse_checks(Parser& p, const YAML::Node& node, Config& config) {
  if (!node.IsMap())
    return p.error(node.Mark(), "checks", "expected a mapping of check id to settings, got " + Parser::kind(node));
  for (auto it = node.begin(); it != node.end() && !p.failed(); ++it) {
    auto id = p.scalar(it->first, "checks");
    if (!id) return;
    std::string path = "checks." + *id;
    if (checks::find_check(*id) == nullptr)
      return p.error(it->first.Mark(), path, "unknown check id (see `rolecall checks`)");
    const YAML::Node settings = it->second;  // a copy: the iterator hands out a temporary
    if (!settings.IsMap())
      return p.error(settings.Mark(), path, "expected a mapping with enabled/severity, got " + Parser::kind(settings));
    if (!p.check_keys(settings, path, {"enabled", "severity"})) return;
    CheckSetting& s = config.checks[*id];
    if (settings["enabled"]) s.enabled = p.boolean(settings["enabled"], path + ".enabled");
    if (const YAML::Node sev = settings["severity"]) {
      auto text = p.scalar(sev, path + ".severity");
      if (!text) return;
      Severity parsed{};
      if (!parse_severity(*text, parsed)) {
        return p.error(sev.Mark(), path + ".severity",
                       "unknown severity '" + *text + "' (info, low, medium, high, critical)");
      }
      s.severity = parsed;
    }
  }
}

void parse_mute_entry(Parser& p, const YAML::Node& node, const std::string& path, Config& config) {
  if (!node.IsMap()) return p.error(node.Mark(), path, "expected a mapping, got " + Parser::kind(node));
  if (!p.check_keys(node, path, {"accounts", "regions", "resources", "tags", "checks", "reason", "expires"})) return;
  MuteEntry e;
  e.source = fmt::format("{}:{}", p.name(), node.Mark().line + 1);
  bool any_matcher = false;
  auto list = [&](const char* key, std::vector<std::string>& out) {
    if (const YAML::Node n = node[key]) {
      out = p.string_list(n, path + "." + key);
      any_matcher = true;
    }
  };
  list("accounts", e.accounts);
  list("regions", e.regions);
  list("resources", e.resources);
  list("tags", e.tags);
  list("checks", e.checks);
  if (p.failed()) return;
  for (std::size_t i = 0; i < e.tags.size(); ++i) {
    if (e.tags[i].find('=') == std::string::npos) {
      return p.error(element_mark(node["tags"], i), fmt::format("{}.tags[{}]", path, i),
                     "expected key=value, got '" + e.tags[i] + "'");
    }
  }
  for (std::size_t i = 0; i < e.checks.size(); ++i) {
    const std::string& c = e.checks[i];
    if (!has_glob(c) && c != "scan" && checks::find_check(c) == nullptr) {
      return p.error(element_mark(node["checks"], i), fmt::format("{}.checks[{}]", path, i),
                     "unknown check id '" + c + "' (see `rolecall checks`; \"scan\" mutes scope errors)");
    }
  }
  if (!any_matcher) {
    return p.error(
        node.Mark(), path,
        "needs at least one of accounts, regions, resources, tags, checks (use checks: \"*\" to mute everything)");
  }
  const YAML::Node reason = node["reason"];
  if (!reason) return p.error(node.Mark(), path + ".reason", "missing: every mutelist entry needs a reason");
  auto r = p.scalar(reason, path + ".reason");
  if (!r) return;
  if (r->find_first_not_of(" \t") == std::string::npos) return p.error(reason.Mark(), path + ".reason", "empty reason");
  e.reason = *r;
  if (const YAML::Node expires = node["expires"]) {
    auto text = p.scalar(expires, path + ".expires");
    if (!text) return;
    e.expires = base::parse_date(*text);
    if (!e.expires) return p.error(expires.Mark(), path + ".expires", "bad date '" + *text + "' (expected YYYY-MM-DD)");
  }
  config.mutelist.push_back(std::move(e));
}

// Refuses a key repeated in one mapping, at any depth: yaml-cpp keeps both and lookups see only the
// first, so a later `mutelist: []` would silently not replace an earlier mute-everything list.
void check_duplicate_keys(Parser& p, const YAML::Node& node, const std::string& path) {
  if (p.failed()) return;
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size() && !p.failed(); ++i) {
      check_duplicate_keys(p, node[i], fmt::format("{}[{}]", path, i));
    }
  } else if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (auto it = node.begin(); it != node.end() && !p.failed(); ++it) {
      if (!it->first.IsScalar()) continue;  // check_keys reports non-string keys
      const std::string key = it->first.Scalar();
      const std::string key_path = Parser::join(path, key);
      if (auto [first, inserted] = seen.try_emplace(key, it->first.Mark()); !inserted) {
        return p.error(it->first.Mark(), key_path,
                       fmt::format("duplicate key (first at line {}, again at line {})", first->second.line + 1,
                                   it->first.Mark().line + 1));
      }
      check_duplicate_keys(p, it->second, key_path);
    }
  }
}

void parse_root(Parser& p, const YAML::Node& root, Config& config) {
  check_duplicate_keys(p, root, "");
  if (p.failed()) return;
  if (root.IsNull()) return;  // an empty file is a valid, empty configuration
  if (!root.IsMap()) return p.error(root.Mark(), "(top level)", "expected a mapping, got " + Parser::kind(root));
  if (!p.check_keys(root, "", {"version", "approved", "checks", "mutelist"})) return;
  if (const YAML::Node v = root["version"]) {
    auto text = p.scalar(v, "version");
    if (text && *text != "1")
      p.error(v.Mark(), "version", "unsupported version '" + *text + "' (this rolecall reads version 1)");
  }
  if (const YAML::Node a = root["approved"]; a && !p.failed()) {
    config.approved = p.string_list(a, "approved");
    for (std::size_t i = 0; i < config.approved.size() && !p.failed(); ++i) {
      const std::string& arn = config.approved[i];
      if (arn.rfind("arn:", 0) != 0 ||
          (arn.find(":instance-profile/") == std::string::npos && arn.find(":role/") == std::string::npos)) {
        p.error(element_mark(a, i), fmt::format("approved[{}]", i),
                "expected an instance profile or role ARN, got '" + arn + "'");
      }
    }
  }
  if (const YAML::Node c = root["checks"]; c && !p.failed()) parse_checks(p, c, config);
  if (const YAML::Node m = root["mutelist"]; m && !p.failed()) {
    if (m.IsNull()) return;
    if (!m.IsSequence()) return p.error(m.Mark(), "mutelist", "expected a list of entries, got " + Parser::kind(m));
    for (std::size_t i = 0; i < m.size() && !p.failed(); ++i)
      parse_mute_entry(p, m[i], fmt::format("mutelist[{}]", i), config);
  }
}

}  // namespace

Result<Config> parse_config(std::string_view text, const std::string& name) {
  Config config;
  config.path = name;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kParse, fmt::format("{}:{}:{}: malformed YAML: {}", name, e.mark.line + 1, e.mark.column + 1,
                                               without_secrets(e.msg)));
  }
  Parser parser(name);
  try {
    parse_root(parser, root, config);
  } catch (const YAML::Exception& e) {  // yaml-cpp throws on some malformed trees; never crash on input
    return fail(ErrorKind::kInvalidArgument, fmt::format("{}:{}: {}", name, e.mark.line + 1, without_secrets(e.msg)));
  }
  if (parser.failed()) return fail(parser.take_error());
  return config;
}

Result<Config> load_config(const base::Env& env, const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kIo, "cannot read configuration file " + path);
  return parse_config(*text, path);
}

CheckSelection select_with_config(const Config& config, const std::vector<std::string>& only,
                                  const std::vector<std::string>& skip) {
  CheckSelection out{only, skip};
  if (!only.empty()) return out;  // an explicit --checks wins over the file
  bool adds = false;
  for (const auto& [id, s] : config.checks) {
    if (s.enabled == false) out.skip.push_back(id);
    const checks::Check* c = checks::find_check(id);
    if (s.enabled == true && c != nullptr && !c->info().default_enabled) adds = true;
  }
  if (adds) {
    for (const checks::Check* c : checks::all_checks()) {
      std::string id(c->info().id);
      auto it = config.checks.find(id);
      bool on = it != config.checks.end() && it->second.enabled ? *it->second.enabled : c->info().default_enabled;
      if (on) out.only.push_back(id);
    }
  }
  return out;
}

std::vector<std::string> merge_approved(const Config& config, const std::vector<std::string>& cli) {
  std::vector<std::string> out = cli;
  std::set<std::string> seen(cli.begin(), cli.end());
  for (const auto& a : config.approved) {
    if (seen.insert(a).second) out.push_back(a);
  }
  return out;
}

}  // namespace rolecall::config
