#include "remediate/plan_build.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/iso8601.h"
#include "base/sync.h"
#include "base/untrusted_json.h"
#include "checks/chain.h"
#include "checks/registry.h"
#include "remediate/account_callers.h"
#include "remediate/bucket_policies.h"
#include "remediate/key_migration_collect.h"
#include "remediate/least_privilege.h"
#include "remediate/plan_labels.h"
#include "remediate/plan_user_roles.h"
#include "remediate/preflight.h"
#include "remediate/template_plan.h"
#include "remediate/template_scrub.h"
#include "remediate/user_directory.h"

namespace rolecall::remediate {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // account, region, instance id

bool parse_status(const std::string& text, Status& out) {
  for (Status s : {Status::kPass, Status::kFail, Status::kError, Status::kMuted}) {
    if (text == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

// The verdicts of one instance, folded from its findings.
struct Verdicts {
  std::map<std::string, Status> by_check;
  std::vector<std::string> errors;
  std::string profile_arn;
  bool profile_known = false;
};

}  // namespace

Result<std::vector<Finding>> read_scan_report(const std::string& text, const std::string& source) {
  auto parsed = base::parse_untrusted_json(text, source);
  if (!parsed) return fail(parsed.error());
  const nlohmann::json& doc = *parsed;
  auto bad = [&](const std::string& path, const std::string& what) {
    return fail(ErrorKind::kInvalidArgument, source + ": " + path + ": " + what);
  };
  if (!doc.is_object()) return bad("$", "expected a rolecall scan report (rolecall.scan/v1)");
  auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string() || *schema != "rolecall.scan/v1") {
    return bad("$.schema", "expected \"rolecall.scan/v1\" (write the report with `rolecall scan --output json`)");
  }
  auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) return bad("$.findings", "expected an array");
  std::vector<Finding> out;
  out.reserve(findings->size());
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const auto& f = (*findings)[i];
    const std::string path = "$.findings[" + std::to_string(i) + "]";
    if (!f.is_object()) return bad(path, "expected an object");
    Finding finding;
    auto str = [&](const char* key, std::string& dst, bool required) -> bool {
      auto it = f.find(key);
      if (it == f.end()) return !required;
      if (!it->is_string()) return false;
      dst = it->get<std::string>();
      return true;
    };
    std::string status;
    if (!str("check_id", finding.check_id, true)) return bad(path + ".check_id", "expected a string");
    if (!str("status", status, true) || !parse_status(status, finding.status)) {
      return bad(path + ".status", "expected PASS, FAIL, ERROR or MUTED");
    }
    if (!str("account_id", finding.account_id, true)) return bad(path + ".account_id", "expected a string");
    if (!str("region", finding.region, false)) return bad(path + ".region", "expected a string");
    if (!str("resource_type", finding.resource_type, true)) return bad(path + ".resource_type", "expected a string");
    if (!str("resource_id", finding.resource_id, true)) return bad(path + ".resource_id", "expected a string");
    if (!str("message", finding.message, false)) return bad(path + ".message", "expected a string");
    if (auto ev = f.find("evidence"); ev != f.end()) {
      if (!ev->is_object()) return bad(path + ".evidence", "expected an object");
      auto p = ev->find("profile_arn");
      if (p != ev->end()) {
        if (!p->is_string()) return bad(path + ".evidence.profile_arn", "expected a string");
        finding.evidence.profile_arn = p->get<std::string>();
      }
    }
    out.push_back(std::move(finding));
  }
  return out;
}

std::vector<InstanceFacts> gather_facts(const Inventory& inventory, const std::vector<Finding>& findings,
                                        const std::vector<RegionAssociations>& associations, TargetResolver& resolver,
                                        bool from_report, const ManagedRules& managed,
                                        std::vector<std::string>& warnings) {
  std::map<Key, Verdicts> verdicts;
  std::map<std::pair<std::string, std::string>, std::string> failed_scopes;  // (account, region "" = all) -> why
  for (const auto& f : findings) {
    if (f.resource_type == "scope") {
      failed_scopes[{f.account_id, f.region}] = f.message;
      continue;
    }
    if (f.resource_type != "instance") continue;
    Verdicts& v = verdicts[{f.account_id, f.region, f.resource_id}];
    v.by_check[f.check_id] = f.status;
    if (f.status == Status::kError) v.errors.push_back(f.check_id + ": " + f.message);
    if (f.check_id == associate_check()) {  // its evidence names the profile the verdicts judged
      v.profile_arn = f.evidence.profile_arn;
      v.profile_known = true;
    }
  }
  auto scope_failure = [&](const std::string& account, const std::string& region) -> std::string {
    if (auto it = failed_scopes.find({account, region}); it != failed_scopes.end()) return it->second;
    if (auto it = failed_scopes.find({account, ""}); it != failed_scopes.end()) return it->second;
    return {};
  };
  std::map<std::pair<std::string, std::string>, const RegionAssociations*> assoc_by_scope;
  for (const auto& a : associations) assoc_by_scope[{a.account_id, a.region}] = &a;

  std::vector<InstanceFacts> out;
  std::set<Key> planned;
  std::size_t not_in_report = 0;
  for (const auto& region : inventory.regions) {
    for (const auto& inst : region.instances) {
      const Key key{inst.account_id, inst.region, inst.id};
      auto v = verdicts.find(key);
      const std::string report_scope_error = from_report ? scope_failure(inst.account_id, inst.region) : "";
      if (from_report && v == verdicts.end() && report_scope_error.empty()) {
        if (checks::in_scope(inst)) ++not_in_report;
        continue;
      }
      if (!from_report && !checks::in_scope(inst)) continue;
      InstanceFacts facts;
      facts.live = {inst.id,
                    inst.account_id,
                    inst.region,
                    inst.state,
                    inst.profile_arn,
                    "",
                    inst.root_device_type,
                    inst.tag("aws:autoscaling:groupName")};
      if (!report_scope_error.empty()) facts.scope_error = "the scan report could not read it: " + report_scope_error;
      if (v != verdicts.end()) {
        facts.verdicts = v->second.by_check;
        facts.errors = v->second.errors;
        facts.scanned_profile_arn = v->second.profile_arn;
        facts.scanned_profile_known = v->second.profile_known;
      }
      auto a = assoc_by_scope.find({inst.account_id, inst.region});
      if (a == assoc_by_scope.end()) {
        if (!inst.profile_arn.empty()) facts.association_error = "associations were not read for this region";
      } else if (a->second->error) {
        facts.association_error = a->second->error->describe();
      } else if (auto it = a->second->by_instance.find(inst.id); it != a->second->by_instance.end()) {
        facts.live.association_id = it->second.association_id;
        facts.association_state = it->second.state;
        // The association is what Replace acts on; it wins over a lagging DescribeInstances.
        if (!it->second.profile_arn.empty()) facts.live.profile_arn = it->second.profile_arn;
      }
      facts.target = resolver.resolve(inst.account_id, inst.region, inst.tags);
      facts.managed = managed_by(inst.tags, managed);
      planned.insert(key);
      out.push_back(std::move(facts));
    }
  }
  // Judged instances that are gone now, or whose region cannot be read now.
  std::map<std::pair<std::string, std::string>, std::string> live_errors;
  std::set<std::pair<std::string, std::string>> live_regions;
  for (const auto& r : inventory.regions) {
    live_regions.insert({r.account_id, r.region});
    if (r.instances_error) live_errors[{r.account_id, r.region}] = r.instances_error->describe();
  }
  for (const auto& e : inventory.scope_errors) live_errors[{e.account_id, e.region}] = e.error.describe();
  for (const auto& [key, v] : verdicts) {
    if (planned.contains(key)) continue;
    const auto& [account, region, id] = key;
    InstanceFacts facts;
    facts.live = {id, account, region, "", v.profile_arn, "", "", ""};
    facts.found = false;
    if (auto it = live_errors.find({account, region}); it != live_errors.end()) {
      facts.scope_error = it->second;
    } else if (auto all = live_errors.find({account, ""}); all != live_errors.end()) {
      facts.scope_error = all->second;
    } else if (!live_regions.contains({account, region})) {
      facts.scope_error = "not in the scope of this plan (pass the same --regions/--accounts/--org as the scan)";
    }
    out.push_back(std::move(facts));
  }
  if (not_in_report > 0) {
    warnings.push_back(
        std::to_string(not_in_report) +
        " running or stopped instances are not in the scan report (launched since?): scan again to plan them");
  }
  for (const auto& [scope, why] : failed_scopes) {
    warnings.push_back("the scan could not read " + scope.first + (scope.second.empty() ? "" : "/" + scope.second) +
                       ": " + why);
  }
  return out;
}

namespace {

// The templates `wanted`, as the plan's collection read them (every version) at planning time; read
// live only where it did not cover their region (not asked for, or it failed). A collected region
// without the id means the template does not exist there.
std::map<SourceKey, Result<LiveTemplate>> templates_at(aws::EventLoop& loop,
                                                       const std::map<std::string, aws::AwsCaller*>& callers,
                                                       const Inventory& inventory,
                                                       const std::map<SourceKey, std::set<long long>>& wanted) {
  std::map<SourceKey, Result<LiveTemplate>> out;
  std::map<SourceKey, std::set<long long>> unread;
  for (const auto& [key, versions] : wanted) {
    const auto& [account, region, id] = key;
    auto r = std::find_if(inventory.regions.begin(), inventory.regions.end(), [&](const RegionInventory& ri) {
      return ri.account_id == account && ri.region == region && ri.launch_templates_collected;
    });
    if (r == inventory.regions.end()) {
      unread[key] = versions;
      continue;
    }
    auto t = std::find_if(r->launch_templates.begin(), r->launch_templates.end(),
                          [&](const LaunchTemplate& lt) { return lt.id == id; });
    out.insert_or_assign(
        key, t == r->launch_templates.end()
                 ? Result<LiveTemplate>(fail(ErrorKind::kNotFound, "launch template " + id + " does not exist"))
                 : Result<LiveTemplate>(live_template(*t)));
  }
  for (auto& [key, t] : read_templates(loop, callers, unread)) out.insert_or_assign(key, std::move(t));
  return out;
}

// plan --launch-template: finds each id in the scope's regions and plans it (template_plan.h). An
// id found nowhere is a usage error, as a target that does not exist is.
Result<void> plan_requested(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                            const Inventory& inventory, TargetResolver& resolver, const std::vector<std::string>& ids,
                            std::vector<TemplateAction>& templates) {
  std::map<SourceKey, std::set<long long>> probe;
  for (const auto& r : inventory.regions) {
    if (r.instances_error) continue;
    for (const auto& id : ids) probe[{r.account_id, r.region, id}];
  }
  auto found = templates_at(loop, callers, inventory, probe);
  std::vector<RequestedTemplate> requested;
  std::set<std::pair<std::string, std::string>> scopes;
  for (const auto& id : ids) {
    std::optional<Error> failed;
    bool located = false;
    for (const auto& [key, t] : found) {
      if (std::get<2>(key) != id) continue;
      if (t) {
        located = true;
        requested.push_back({key, resolver.resolve(std::get<0>(key), std::get<1>(key), {})});
        scopes.insert({std::get<0>(key), std::get<1>(key)});
      } else if (t.error().code.find("Malformed") != std::string::npos) {
        return fail(Error::invalid_argument("--launch-template " + id + ": not a launch template id (lt-...)"));
      } else if (t.error().kind != ErrorKind::kNotFound && !failed) {
        failed = t.error();
      }
    }
    if (located) continue;
    if (failed) return fail(failed->with_context("--launch-template " + id));
    return fail(Error::invalid_argument("--launch-template " + id + ": no such launch template in the plan's " +
                                        std::to_string(probe.size() / ids.size()) + " account region(s)"));
  }
  auto groups = read_all_groups(loop, callers, scopes);
  for (auto& t : plan_requested_templates(requested, templates, found, groups)) templates.push_back(std::move(t));
  std::stable_sort(templates.begin(), templates.end(), [](const TemplateAction& a, const TemplateAction& b) {
    return std::tie(a.account_id, a.region, a.template_id) < std::tie(b.account_id, b.region, b.template_id);
  });
  return {};
}

// Launch templates whose default version gives no instance profile and that no Auto Scaling group
// launches: instances launched from them by hand start without a role. Not fixed unless asked
// (--launch-template), but said, one warning each (the first 10, then a count).
void report_bare_templates(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                           const Inventory& inventory, const std::vector<TemplateAction>& planned,
                           const std::vector<std::string>& requested, std::vector<std::string>& warnings) {
  std::vector<const LaunchTemplate*> bare;
  std::set<std::pair<std::string, std::string>> scopes;
  for (const auto& r : inventory.regions) {
    for (const auto& lt : r.launch_templates) {
      const bool handled = std::any_of(planned.begin(), planned.end(),
                                       [&](const TemplateAction& t) { return t.template_id == lt.id; }) ||
                           std::find(requested.begin(), requested.end(), lt.id) != requested.end();
      auto def = std::find_if(lt.versions.begin(), lt.versions.end(),
                              [&](const LaunchTemplateVersion& v) { return v.version_number == lt.default_version; });
      if (handled || def == lt.versions.end() || !def->profile_arn.empty() || !def->profile_name.empty()) continue;
      bare.push_back(&lt);
      scopes.insert({lt.account_id, lt.region});
    }
  }
  if (bare.empty()) return;
  auto groups = read_all_groups(loop, callers, scopes);
  std::size_t said = 0;
  for (const auto* lt : bare) {
    auto g = groups.find({lt->account_id, lt->region});
    if (g == groups.end() || !g->second) continue;  // cannot tell whether a group uses it
    if (std::any_of(g->second->begin(), g->second->end(), [&](const aws::autoscaling::AutoScalingGroup& group) {
          return group.launch_template_id == lt->id;
        })) {
      continue;  // a group launches it: its instances bring it into the plan
    }
    if (++said <= 10) {
      warnings.push_back(
          fmt::format("launch template {} ({}) in {}/{}: its default version {} gives no instance "
                      "profile and no Auto Scaling group launches it; `plan --launch-template {}` "
                      "fixes it",
                      lt->id, lt->name, lt->account_id, lt->region, lt->default_version, lt->id));
    }
  }
  if (said > 10) warnings.push_back(fmt::format("and {} more launch templates without a profile", said - 10));
}

}  // namespace

Result<PlanBuildResult> build_plan(aws::Session& session, const PlanBuildOptions& options) {
  PlanBuildResult result;
  std::vector<Finding> report_findings;
  const bool from_report = !options.from_scan_file.empty();
  std::vector<std::string> regions = options.regions;
  if (from_report) {
    auto text = session.env().read_file(options.from_scan_file);
    if (!text) return fail(ErrorKind::kInvalidArgument, "cannot read scan report " + options.from_scan_file);
    auto parsed = read_scan_report(*text, options.from_scan_file);
    if (!parsed) return fail(parsed.error());
    report_findings = std::move(*parsed);
    if (regions.empty()) {
      std::set<std::string> seen;
      for (const auto& f : report_findings) {
        if (!f.region.empty()) seen.insert(f.region);
      }
      regions.assign(seen.begin(), seen.end());
      if (regions.empty())
        return fail(ErrorKind::kInvalidArgument, options.from_scan_file + ": the report judged no region");
    }
  }
  const std::string created_at = base::format_iso8601(session.clock().now());
  auto scope = inventory::resolve_scope(session, options.scope);
  if (!scope) return fail(scope.error());

  inventory::CollectOptions collect_options;
  collect_options.needs.iam = true;
  // The templates themselves, to say which ones launch instances without a profile (below).
  collect_options.needs.launch_templates = options.fix_templates;
  if (options.migrate_keys) {
    if (from_report) {
      return fail(Error::invalid_argument(
          "--migrate-keys plans from a fresh scan, not --from-scan (a report holds key ids redacted only)"));
    }
    collect_options.needs.user_data = true;
    collect_options.needs.key_evidence =
        options.key_evidence || options.least_privilege || !options.trail_logs.location.empty();
  }
  collect_options.regions = regions;
  collect_options.discovery_region = session.region().region;
  collect_options.on_progress = options.on_progress;
  Inventory inventory = inventory::collect(session.loop(), scope->targets, collect_options);
  // A target that does not exist is a usage error, not a plan of blocked actions.
  if (auto exists = check_targets_exist(inventory, options.target); !exists) return fail(exists.error());

  std::vector<Finding> findings;
  if (from_report) {
    findings = std::move(report_findings);
  } else {
    // role-is-approved judges nothing without an approved list.
    checks::CheckContext context;
    context.approved = options.approved;
    findings = checks::run_checks(inventory, plan_checks(), context);
  }

  std::map<std::string, aws::AwsCaller*> callers;
  for (const auto& t : scope->targets) {
    if (t.caller != nullptr) callers[t.account_id] = t.caller;
  }
  std::vector<AssociationScope> assoc_scopes;
  for (const auto& r : inventory.regions) {
    if (r.instances_error || r.instances.empty()) continue;
    auto c = callers.find(r.account_id);
    assoc_scopes.push_back({r.account_id, r.region, c == callers.end() ? nullptr : c->second});
  }
  auto associations = fetch_associations(session.loop(), assoc_scopes);

  TargetResolver resolver(inventory, options.target, options.approved);
  std::vector<InstanceFacts> facts =
      gather_facts(inventory, findings, associations, resolver, from_report, options.managed, result.warnings);
  std::vector<KeyToRetire> retire_keys;
  UserRoleCreations user_roles;
  if (options.migrate_keys) {
    auto migration = gather_key_migration(session, *scope, options, inventory);
    if (!migration) return fail(migration.error());
    std::erase_if(facts, [&](InstanceFacts& f) {
      auto keys = migration->by_instance.find(f.live.instance_id);
      if (keys == migration->by_instance.end()) return true;
      f.migrate_reason = migration_reason(keys->second);
      return false;
    });
    // Instances the operator named no target for get their key owner's role (rolecall-<user>).
    if (auto accounts = user_role_accounts(facts, migration->by_instance); !accounts.empty()) {
      auto directories = read_user_directories(session.loop(), callers, accounts);
      // Bucket policies naming a user are not carried to its role: the plan lists them.
      read_bucket_policies(session.loop(), callers, inventory, directories, result.warnings);
      std::optional<std::map<std::pair<std::string, std::string>, SeenActions>> seen;
      if (options.least_privilege) seen = seen_actions_by_user(inventory.key_evidence, migration->by_instance);
      user_roles = assign_user_roles(inventory, directories, migration->by_instance, facts, seen ? &*seen : nullptr);
    }
    retire_keys = std::move(migration->retire);
    for (auto& w : migration->warnings) result.warnings.push_back(std::move(w));
    if (facts.empty()) {
      result.warnings.push_back(
          "no instance holds or uses a long-term key of an in-scope IAM user" +
          std::string(collect_options.needs.key_evidence
                          ? ""
                          : " in its user data (add --key-evidence to find the ones calling AWS with one)"));
    }
  }
  result.partial =
      !inventory.scope_errors.empty() ||
      std::any_of(inventory.regions.begin(), inventory.regions.end(),
                  [](const RegionInventory& r) { return r.instances_error.has_value(); }) ||
      std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.resource_type == "scope"; });

  PlanHeader header;
  header.created_at = created_at;
  header.target_description = std::string(options.migrate_keys ? "--migrate-keys " : "") +
                              (options.least_privilege ? "--least-privilege " : "") + options.target.describe();
  header.create_profiles = resolver.create_profiles();
  header.create_profiles.insert(header.create_profiles.end(), user_roles.profiles.begin(), user_roles.profiles.end());
  header.create_roles = std::move(user_roles.roles);
  header.created_by = caller_identity_arn(session, *scope);
  Plan plan = make_plan(header, facts);

  if (options.check_pass_role) {
    auto targets = preflight_targets(plan, callers, session.region().region);
    for (auto& t : targets) t.dry_run_instance_id.clear();
    if (!targets.empty()) {
      auto report = run_preflight(session.loop(), targets);
      bool changed = false;
      if (report) {
        for (const auto& account : report->accounts) {
          for (const auto& c : account.checks) {
            if (c.status == PermissionStatus::kGranted) continue;
            if (c.action == "iam:PassRole" && c.status == PermissionStatus::kDenied) {
              for (auto& f : facts) {
                if (f.live.account_id == account.account_id && f.target.profile.role_arn == c.resource) {
                  f.target.pass_role_denied = c.detail.empty() ? "denied" : c.detail;
                  changed = true;
                }
              }
            } else {
              result.warnings.push_back("account " + account.account_id + ": " + c.action +
                                        (c.resource == "*" ? "" : " on " + c.resource) + " " + to_string(c.status) +
                                        (c.detail.empty() ? "" : " (" + c.detail + ")") +
                                        " — `rolecall preflight` for details");
            }
          }
        }
      }
      if (changed) plan = make_plan(header, facts);
    }
  }
  result.plan = std::move(plan);
  if (options.migrate_keys) {
    result.plan.migrate_keys = true;
    result.plan.retire_keys = std::move(retire_keys);
    settle_retirements(result.plan);
  }
  result.plan.approved = options.approved;  // apply judges the targets again against the same list
  result.plan.ticket = options.ticket;
  result.plan.approved_by = options.approved_by;
  label_plan(result.plan, inventory);
  if (options.fix_templates) {
    // The source Auto Scaling replaces instances from: fixed too, or the next scale-in undoes the fix.
    auto groups = read_groups(session.loop(), callers, groups_of(result.plan.actions));
    if (!groups.empty()) {
      auto templates = templates_at(session.loop(), callers, inventory, templates_of(groups));
      result.plan.templates = plan_templates(result.plan.actions, groups, templates);
    }
    report_bare_templates(session.loop(), callers, inventory, result.plan.templates, options.launch_templates,
                          result.warnings);
  }
  if (!options.launch_templates.empty()) {
    auto requested =
        plan_requested(session.loop(), callers, inventory, resolver, options.launch_templates, result.plan.templates);
    if (!requested) return fail(requested.error());
  }
  if (options.migrate_keys && options.fix_templates) {
    // Launch template versions that carry a migrated key: a new version without its credential lines.
    auto groups = read_all_groups(session.loop(), callers,
                                  scrub_scopes(inventory, result.plan.retire_keys, result.plan.templates));
    plan_template_scrubs(inventory, result.plan.retire_keys, groups, result.plan.templates, result.warnings);
  }
  return result;
}

}  // namespace rolecall::remediate
