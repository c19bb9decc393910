#include "remediate/plan_render.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "remediate/managed_source.h"
#include "remediate/template_plan.h"

namespace rolecall::remediate {
namespace {

std::string paint(const RenderPlanOptions& o, const char* code, const std::string& text) {
  return o.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// "i-0abc (web-1)", or the id alone without a Name tag.
std::string instance_label(const PlannedAction& a) {
  return a.instance_name.empty() ? a.before.instance_id : a.before.instance_id + " (" + a.instance_name + ")";
}

// "111111111111 (prod)", or the id alone when the plan knows no name for it.
std::string account_label(const Plan& plan, const std::string& id) {
  auto it = plan.account_names.find(id);
  return it == plan.account_names.end() || it->second.empty() ? id : id + " (" + it->second + ")";
}

// A markdown table cell: no line breaks, pipes escaped.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out.empty() ? "—" : out;
}

bool is_change(const PlannedAction& a) { return a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace; }

// Under an allowed change of a managed instance: the drift it causes.
void managed_note(const PlannedAction& a, const RenderPlanOptions& options, std::ostream& out) {
  if (a.managed.tool.empty()) return;
  out << "      " << paint(options, "31", "! managed by " + describe_managed(a.managed) + ": drifts from the code")
      << "\n";
}

// The markdown section with the change to make in each managed instance's code, one per distinct change.
void render_source_changes(const Plan& plan, std::ostream& out) {
  std::map<std::string, std::vector<std::string>> instances_by_snippet;
  std::vector<std::string> order;
  for (const auto& a : plan.actions) {
    std::string snippet = source_change_snippet(a);
    if (snippet.empty()) continue;
    auto [it, added] = instances_by_snippet.try_emplace(snippet);
    if (added) order.push_back(snippet);
    it->second.push_back(a.before.instance_id);
  }
  if (order.empty()) return;
  out << "\n### Changes to make in the code (" << order.size() << ")\n";
  for (const auto& snippet : order) {
    const auto& ids = instances_by_snippet[snippet];
    const bool hcl = snippet.find("resource \"") != std::string::npos;
    out << "\nFor " << join(ids, ", ") << ":\n\n```" << (hcl ? "hcl" : "yaml") << "\n" << snippet << "```\n";
  }
}

// "lt-0abc (web)", or the launch configuration's name when there is no template.
std::string template_label(const TemplateAction& t) {
  if (t.template_id.empty()) return t.template_name.empty() ? "(unknown launch source)" : t.template_name;
  return t.template_name.empty() ? t.template_id : t.template_id + " (" + t.template_name + ")";
}

// "web-asg ($Default), batch (pins 3)".
std::string groups_label(const TemplateAction& t) {
  std::vector<std::string> out;
  for (const auto& g : t.groups) {
    const bool pinned = !g.version.empty() && g.version[0] != '$';
    out.push_back(g.name + (g.version.empty() ? "" : pinned ? " (pins " + g.version + ")" : " (" + g.version + ")"));
  }
  return join(out, ", ");
}

// A scrub's masked diff, each line indented by `indent` (the text plan).
void render_scrub_diff(const UserDataScrub& scrub, std::ostream& out, const std::string& indent) {
  if (scrub.diff.empty()) return;
  std::size_t pos = 0;
  while (pos < scrub.diff.size()) {
    std::size_t nl = scrub.diff.find('\n', pos);
    if (nl == std::string::npos) nl = scrub.diff.size();
    out << indent << std::string_view(scrub.diff).substr(pos, nl - pos) << "\n";
    pos = nl + 1;
  }
}

// What an update makes: "+ PROFILE", "- the credential lines of KEY", or both.
std::string template_change(const TemplateAction& t) {
  std::vector<std::string> parts;
  if (!t.target.arn.empty() && !carries_profile(t.source_profile_arn, t.target)) parts.push_back("+ " + t.target.arn);
  if (t.scrub.version > 0) parts.push_back("- the credential lines of " + join(t.scrub.keys_redacted, ", "));
  return join(parts, " ");
}

// The launch templates section of the diff (nothing when the plan has none).
void render_templates(const Plan& plan, std::ostream& out, const RenderPlanOptions& options) {
  if (plan.templates.empty()) return;
  out << "\n" << paint(options, "1", "launch templates (Auto Scaling replaces instances from these)") << "\n";
  std::size_t skips = 0;
  for (const auto& t : plan.templates) {
    const std::string where = account_label(plan, t.account_id) + "/" + t.region;
    switch (t.kind) {
      case TemplateActionKind::kUpdate:
        out << "  "
            << paint(options, "33",
                     fmt::format(
                         "^ template  {} {}: version {} ({}) {} → new {}", template_label(t), where, t.source_version,
                         t.source_profile_arn.empty() ? "no profile" : t.source_profile_arn, template_change(t),
                         t.scrub.version > 0 ? "version, the default only when approved (apply --make-template-default)"
                                             : "default version"))
            << "\n      groups: " << (t.groups.empty() ? "none (the template alone)" : groups_label(t)) << "\n";
        render_scrub_diff(t.scrub, out, "      ");
        break;
      case TemplateActionKind::kBlocked:
        out << "  " << paint(options, "31", "! blocked   " + template_label(t) + " " + where + ": " + t.reason) << "\n";
        render_scrub_diff(t.scrub, out, "      ");
        break;
      case TemplateActionKind::kSkip:
        ++skips;
        if (options.show_skips)
          out << "  = unchanged " << template_label(t) << " " << where << ": " << t.reason << "\n";
        break;
    }
  }
  if (skips > 0 && !options.show_skips) out << "  = " << skips << " unchanged\n";
}

void render_templates_markdown(const Plan& plan, std::ostream& out) {
  if (plan.templates.empty()) return;
  out << "\n### Launch templates (" << plan.templates.size() << ")\n\n"
      << "Auto Scaling replaces instances from these: without the fix a scale-in undoes the instance change.\n\n"
      << "| Account | Region | Template | Groups | Action | Version in use | Profile now | To | Why |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& t : plan.templates) {
    out << "| " << cell(account_label(plan, t.account_id)) << " | " << cell(t.region) << " | "
        << cell(template_label(t)) << " | " << cell(groups_label(t)) << " | " << to_string(t.kind) << " | "
        << (t.source_version > 0 ? std::to_string(t.source_version) : "—") << " | " << cell(t.source_profile_arn)
        << " | " << cell(t.target.arn) << " | " << cell(t.reason) << " |\n";
  }
  for (const auto& t : plan.templates) {
    if (t.scrub.diff.empty()) continue;
    // A fence longer than any run of backticks in the diff.
    std::size_t longest = 0;
    for (std::size_t i = 0, run = 0; i < t.scrub.diff.size(); ++i) {
      run = t.scrub.diff[i] == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    out << "\n#### User data of " << cell(template_label(t)) << " version " << t.scrub.version << " without "
        << cell(join(t.scrub.keys_redacted, ", ")) << "\n\n"
        << (t.kind == TemplateActionKind::kUpdate
                ? "The new version becomes the default only when approved (`apply --make-template-default`).\n\n"
                : "Blocked: " + cell(t.reason) + "\n\n")
        << fence << "diff\n"
        << t.scrub.diff << fence << "\n";
  }
}

void render_keys(const Plan& plan, std::ostream& out, const RenderPlanOptions& options) {
  if (!plan.migrate_keys) return;
  out << "\n"
      << paint(options, "1", "long-term keys (set Inactive later by `rolecall apply PLAN --phase deactivate`)") << "\n";
  if (plan.retire_keys.empty()) out << "  none\n";
  for (const auto& k : plan.retire_keys) {
    const std::string what =
        fmt::format("{} of user {} in account {}{}, {} instance(s): {}", k.key_id_redacted, k.user,
                    account_label(plan, k.account_id), k.status.empty() ? "" : " (" + k.status + ")",
                    k.instance_ids.size(), join(k.instance_ids, ", "));
    if (k.blocked_reason.empty()) {
      out << "  " << paint(options, "33", "- retire    " + what) << "\n";
    } else {
      out << "  " << paint(options, "31", "! kept      " + what) << "\n      why: " << k.blocked_reason << "\n";
    }
    // Where instances hold it at rest: rolecall leaves their user data (changing it needs a stop).
    for (const auto& e : k.evidence) {
      if (e.starts_with("user data of ")) out << "      at: " << e << "\n";
    }
  }
}

void render_keys_markdown(const Plan& plan, std::ostream& out) {
  if (!plan.migrate_keys) return;
  out << "\n### Long-term keys (" << plan.retire_keys.size() << ")\n\n"
      << "Set Inactive only by a later `rolecall apply PLAN --phase deactivate`, once the instances run on their "
         "role; never deleted; `rolecall rollback` of that run sets them Active again.\n\n";
  if (plan.retire_keys.empty()) {
    out << "None.\n";
    return;
  }
  out << "| Account | User | Key | Status | Instances | Evidence | Retire |\n|---|---|---|---|---|---|---|\n";
  for (const auto& k : plan.retire_keys) {
    out << "| " << cell(account_label(plan, k.account_id)) << " | " << cell(k.user) << " | `" << k.key_id_redacted
        << "` | " << cell(k.status) << " | " << cell(join(k.instance_ids, ", ")) << " | "
        << cell(join(k.evidence, "; ")) << " | " << (k.blocked_reason.empty() ? "yes" : cell("no: " + k.blocked_reason))
        << " |\n";
  }
}

// The roles a key migration without a target creates, with every policy they get, for review.
void render_roles(const Plan& plan, std::ostream& out, const RenderPlanOptions& options) {
  for (const auto& r : plan.create_roles) {
    out << paint(options, "32",
                 fmt::format(
                     "+ create role {} and instance profile {} in account {}: user {}'s permissions{}, "
                     "trusts ec2.amazonaws.com only",
                     r.role_name, r.role_name, account_label(plan, r.account_id), r.user,
                     r.least_privilege ? " narrowed to the actions its keys were seen calling (least privilege)" : ""))
        << "\n";
    if (r.least_privilege) {
      out << "    grants " << join(r.actions_granted, ", ") << "\n";
      if (!r.actions_not_granted.empty()) {
        out << "    seen but not granted (the user's policies do not allow them): " << join(r.actions_not_granted, ", ")
            << "\n";
      }
    }
    for (const auto& arn : r.managed_policy_arns) out << "    attach " << arn << "\n";
    if (!r.permissions_boundary_arn.empty()) {
      out << "    permissions boundary " << r.permissions_boundary_arn << " (the user's)\n";
    }
    for (const auto& p : r.inline_policies) {
      out << "    inline " << p.name << " (from " << p.source << "): " << p.document << "\n";
    }
    if (r.managed_policy_arns.empty() && r.inline_policies.empty()) out << "    no policies (the user has none)\n";
    if (!r.resources_naming_user.empty()) {
      out << paint(options, "33",
                   fmt::format("    ! named as user {} in the policies of {}: not carried; add role {} to them "
                               "(trust policy, bucket policy), or the workload's calls through them fail",
                               r.user, join(r.resources_naming_user, ", "), r.role_name))
          << "\n";
    }
  }
}

void render_roles_markdown(const Plan& plan, std::ostream& out) {
  if (plan.create_roles.empty()) return;
  out << "\n### Roles to create\n\nEach trusts ec2.amazonaws.com only and is held by an instance profile of the same "
         "name; its policies are copied from the user (and the user's groups).\n\n"
      << "| Account | Role | User | Policies |\n|---|---|---|---|\n";
  for (const auto& r : plan.create_roles) {
    std::vector<std::string> policies = r.managed_policy_arns;
    for (const auto& p : r.inline_policies) policies.push_back("inline " + p.name + " (from " + p.source + ")");
    if (!r.permissions_boundary_arn.empty()) policies.push_back("boundary " + r.permissions_boundary_arn);
    out << "| " << cell(account_label(plan, r.account_id)) << " | " << cell(r.role_name) << " | " << cell(r.user)
        << " | " << cell(policies.empty() ? "none" : join(policies, "; ")) << " |\n";
  }
  bool named = false;
  for (const auto& r : plan.create_roles) named = named || !r.resources_naming_user.empty();
  if (named) {
    out << "\nNot carried: roles whose trust policy and buckets whose bucket policy names the user. The new role is "
           "another principal: add it to each of those policies, or the workload's calls through them fail.\n\n";
    for (const auto& r : plan.create_roles) {
      if (r.resources_naming_user.empty()) continue;
      out << "- " << cell(r.role_name) << " (user " << cell(r.user)
          << "): " << cell(join(r.resources_naming_user, ", ")) << "\n";
    }
  }
  bool least = false;
  for (const auto& r : plan.create_roles) least = least || r.least_privilege;
  if (!least) return;
  out << "\nLeast privilege: these roles grant only the actions their user's keys were seen calling in CloudTrail, "
         "cut from the user's own statements and proven within them.\n\n"
      << "| Role | Actions granted | Seen but not granted |\n|---|---|---|\n";
  for (const auto& r : plan.create_roles) {
    if (!r.least_privilege) continue;
    out << "| " << cell(r.role_name) << " | " << cell(join(r.actions_granted, ", ")) << " | "
        << cell(r.actions_not_granted.empty() ? "none" : join(r.actions_not_granted, ", ")) << " |\n";
  }
}

}  // namespace

std::size_t change_count(const Plan& plan) {
  return plan.count(ActionKind::kAssociate) + plan.count(ActionKind::kReplace);
}

std::string apply_question(const Plan& plan) {
  const std::size_t templates = plan.count(TemplateActionKind::kUpdate);
  if (templates == 0) return fmt::format("Apply {} changes?", change_count(plan));
  return fmt::format("Apply {} changes and {} launch template {}?", change_count(plan), templates,
                     templates == 1 ? "fix" : "fixes");
}

std::string plan_summary(const Plan& plan) {
  std::string out =
      fmt::format("Plan: {} to associate, {} to replace, {} blocked, {} unchanged.", plan.count(ActionKind::kAssociate),
                  plan.count(ActionKind::kReplace), plan.count(ActionKind::kBlocked), plan.count(ActionKind::kSkip));
  if (!plan.templates.empty()) {
    out += fmt::format(" Launch templates: {} to update, {} blocked, {} unchanged.",
                       plan.count(TemplateActionKind::kUpdate), plan.count(TemplateActionKind::kBlocked),
                       plan.count(TemplateActionKind::kSkip));
  }
  if (plan.migrate_keys) {
    const auto kept = std::count_if(plan.retire_keys.begin(), plan.retire_keys.end(),
                                    [](const KeyToRetire& k) { return !k.blocked_reason.empty(); });
    out += fmt::format(" Keys: {} to retire in the deactivate phase, {} kept.", plan.retire_keys.size() - kept, kept);
  }
  return out;
}

std::vector<std::string> permission_notes(const PlannedAction& a) {
  const PermissionChange& p = a.permissions;
  if (a.kind != ActionKind::kReplace || p.old_role.empty()) return {};
  std::vector<std::string> notes;
  // The target passed plan's rules (not admin-level, no escalation), so leaving an admin-level role is a reduction.
  if (!p.admin_grants.empty()) {
    notes.push_back("reduces from admin-level: " + p.old_role + " (" + join(p.admin_grants, "; ") + ") → " +
                    a.target.name);
  }
  if (!p.dropped_policies.empty()) {
    notes.push_back(fmt::format("! drops {} {} of {} the target's role lacks: {}", p.dropped_policies.size(),
                                p.dropped_policies.size() == 1 ? "policy" : "policies", p.old_role,
                                join(p.dropped_policies, ", ")));
  } else {
    notes.push_back("keeps every policy of " + p.old_role);
  }
  return notes;
}

void render_plan(const Plan& plan, std::ostream& out, const RenderPlanOptions& options) {
  if (!plan.target_description.empty()) out << "Target: " << plan.target_description << "\n";
  if (!plan.ticket.empty()) out << "Ticket: " << plan.ticket << "\n";
  if (!plan.approved_by.empty()) out << "Approved by: " << plan.approved_by << "\n";
  render_roles(plan, out, options);
  for (const auto& p : plan.create_profiles) {
    out << paint(options, "32",
                 fmt::format("+ create instance profile {} (role {}) in account {}", p.profile_name, p.role_name,
                             account_label(plan, p.account_id)))
        << "\n";
  }
  std::size_t i = 0;
  const auto& actions = plan.actions;
  while (i < actions.size()) {
    const std::string& account = actions[i].before.account_id;
    const std::string& region = actions[i].before.region;
    out << "\n" << paint(options, "1", "account " + account_label(plan, account) + " / " + region) << "\n";
    std::size_t skips = 0;
    for (; i < actions.size() && actions[i].before.account_id == account && actions[i].before.region == region; ++i) {
      const PlannedAction& a = actions[i];
      const std::string id = instance_label(a);
      switch (a.kind) {
        case ActionKind::kAssociate:
          out << "  " << paint(options, "32", "+ associate " + id + " → " + a.target.arn) << "\n";
          managed_note(a, options, out);
          break;
        case ActionKind::kReplace:
          out << "  " << paint(options, "33", "~ replace   " + id + " " + a.before.profile_arn + " → " + a.target.arn)
              << "  (" << a.reason << ")\n";
          for (const auto& note : permission_notes(a)) {
            out << "      permissions: " << (note.starts_with("!") ? paint(options, "31", note) : note) << "\n";
          }
          managed_note(a, options, out);
          break;
        case ActionKind::kBlocked:
          out << "  " << paint(options, "31", "! blocked   " + id + ": " + a.reason) << "\n";
          break;
        case ActionKind::kSkip:
          ++skips;
          if (options.show_skips) out << "  = unchanged " << id << ": " << a.reason << "\n";
          break;
      }
    }
    if (skips > 0 && !options.show_skips) out << "  = " << skips << " unchanged\n";
  }
  render_templates(plan, out, options);
  render_keys(plan, out, options);
  out << "\n" << paint(options, "1", plan_summary(plan)) << "\n";
}

void render_plan_markdown(const Plan& plan, std::ostream& out) {
  std::set<std::string> accounts;
  std::set<std::string> regions;
  for (const auto& a : plan.actions) {
    accounts.insert(account_label(plan, a.before.account_id));
    regions.insert(a.before.region);
  }
  out << "## rolecall plan\n\n";
  out << "| | |\n|---|---|\n";
  out << "| Target | " << cell(plan.target_description) << " |\n";
  out << "| Ticket | " << cell(plan.ticket) << " |\n";
  out << "| Approved by | " << cell(plan.approved_by) << " |\n";
  out << "| Planned by | " << cell(plan.created_by) << " |\n";
  out << "| Planned at | " << cell(plan.created_at) << " |\n";
  out << "| Digest | `" << plan_digest(plan) << "` |\n";
  out << "| Accounts | " << cell(join({accounts.begin(), accounts.end()}, ", ")) << " |\n";
  out << "| Regions | " << cell(join({regions.begin(), regions.end()}, ", ")) << " |\n";
  out << "\n**" << plan_summary(plan) << "**\n";

  render_roles_markdown(plan, out);
  if (!plan.create_profiles.empty()) {
    out << "\n### Instance profiles to create\n\n| Account | Profile | Role |\n|---|---|---|\n";
    for (const auto& p : plan.create_profiles) {
      out << "| " << cell(account_label(plan, p.account_id)) << " | " << cell(p.profile_name) << " | "
          << cell(p.role_name) << " |\n";
    }
  }
  const std::size_t changes = change_count(plan);
  out << "\n### Changes (" << changes << ")\n\n";
  if (changes == 0) {
    out << "None.\n";
  } else {
    out << "| Account | Region | Instance | Name | Action | From | To | Why | Permissions |\n"
           "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& a : plan.actions) {
      if (!is_change(a)) continue;
      out << "| " << cell(account_label(plan, a.before.account_id)) << " | " << cell(a.before.region) << " | `"
          << a.before.instance_id << "` | " << cell(a.instance_name) << " | " << to_string(a.kind) << " | "
          << cell(a.before.profile_arn) << " | " << cell(a.target.arn) << " | " << cell(a.reason) << " | "
          << cell(join(permission_notes(a), "; ")) << " |\n";
    }
  }
  const std::size_t blocked = plan.count(ActionKind::kBlocked);
  if (blocked > 0) {
    out << "\n### Blocked (" << blocked << ")\n\n| Account | Region | Instance | Name | Why |\n|---|---|---|---|---|\n";
    for (const auto& a : plan.actions) {
      if (a.kind != ActionKind::kBlocked) continue;
      out << "| " << cell(account_label(plan, a.before.account_id)) << " | " << cell(a.before.region) << " | `"
          << a.before.instance_id << "` | " << cell(a.instance_name) << " | " << cell(a.reason) << " |\n";
    }
  }
  render_templates_markdown(plan, out);
  render_keys_markdown(plan, out);
  render_source_changes(plan, out);
}

std::string plan_preview(const Plan& plan, std::size_t max_lines) {
  std::ostringstream diff;
  render_plan(plan, diff, {});
  std::vector<std::string> lines;
  std::istringstream in(diff.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // The last line is the summary, shown whatever the length.
  if (!lines.empty()) lines.pop_back();
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < max_lines; ++i) out += lines[i] + "\n";
  if (lines.size() > max_lines) {
    std::size_t changes = 0;  // of the lines not shown, those of an associate or replace
    for (std::size_t i = max_lines; i < lines.size(); ++i) {
      changes += lines[i].starts_with("  + associate ") || lines[i].starts_with("  ~ replace   ") ||
                         lines[i].starts_with("  ^ template  ")
                     ? 1
                     : 0;
    }
    out += fmt::format("... and {} more lines ({} more {}; the whole diff: rolecall plan, or the plan file)\n",
                       lines.size() - max_lines, changes, changes == 1 ? "change" : "changes");
  }
  return out + "\n" + plan_summary(plan) + "\n";
}

}  // namespace rolecall::remediate
