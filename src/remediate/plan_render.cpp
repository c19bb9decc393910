#include "remediate/plan_render.h"

#include <fmt/format.h>

namespace rolecall::remediate {
namespace {

std::string paint(const RenderPlanOptions& o, const char* code, const std::string& text) {
  return o.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

}  // namespace

std::string plan_summary(const Plan& plan) {
  return fmt::format("Plan: {} to associate, {} to replace, {} blocked, {} unchanged.",
                     plan.count(ActionKind::kAssociate), plan.count(ActionKind::kReplace),
                     plan.count(ActionKind::kBlocked), plan.count(ActionKind::kSkip));
}

void render_plan(const Plan& plan, std::ostream& out, const RenderPlanOptions& options) {
  if (!plan.target_description.empty()) out << "Target: " << plan.target_description << "\n";
  for (const auto& p : plan.create_profiles) {
    out << paint(options, "32",
                 fmt::format("+ create instance profile {} (role {}) in account {}", p.profile_name, p.role_name,
                             p.account_id))
        << "\n";
  }
  std::size_t i = 0;
  const auto& actions = plan.actions;
  while (i < actions.size()) {
    const std::string& account = actions[i].before.account_id;
    const std::string& region = actions[i].before.region;
    out << "\n" << paint(options, "1", "account " + account + " / " + region) << "\n";
    std::size_t skips = 0;
    for (; i < actions.size() && actions[i].before.account_id == account && actions[i].before.region == region; ++i) {
      const PlannedAction& a = actions[i];
      const std::string& id = a.before.instance_id;
      switch (a.kind) {
        case ActionKind::kAssociate:
          out << "  " << paint(options, "32", "+ associate " + id + " → " + a.target.arn) << "\n";
          break;
        case ActionKind::kReplace:
          out << "  " << paint(options, "33", "~ replace   " + id + " " + a.before.profile_arn + " → " + a.target.arn)
              << "  (" << a.reason << ")\n";
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
  out << "\n" << paint(options, "1", plan_summary(plan)) << "\n";
}

}  // namespace rolecall::remediate
