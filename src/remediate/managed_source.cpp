#include "remediate/managed_source.h"

#include <fmt/format.h>

#include "base/ascii.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kStackName = "aws:cloudformation:stack-name";
constexpr const char* kStackId = "aws:cloudformation:stack-id";
constexpr const char* kLogicalId = "aws:cloudformation:logical-id";

const std::string* find_tag(const std::vector<Tag>& tags, const std::string& key) {
  for (const auto& t : tags) {
    if (t.key == key) return &t.value;
  }
  return nullptr;
}

// "arn:aws:cloudformation:us-east-1:111111111111:stack/web-prod/guid" -> "web-prod".
std::string stack_name_of_id(const std::string& id) {
  auto slash = id.find(":stack/");
  if (slash == std::string::npos) return id;
  std::string rest = id.substr(slash + 7);
  return rest.substr(0, rest.find('/'));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_label_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

// A Terraform resource label from the Name tag (letters, digits, '_' and '-'; not starting with a digit).
std::string terraform_label(const PlannedAction& a) {
  std::string label;
  for (char c : a.instance_name) label += is_label_char(c) ? c : '_';
  if (label.empty() || is_digit(label.front())) label = "this";
  return label;
}

}  // namespace

Result<ManagedTag> parse_managed_tag(const std::string& text) {
  ManagedTag tag;
  auto eq = text.find('=');
  tag.key = text.substr(0, eq);
  if (eq != std::string::npos) tag.value = text.substr(eq + 1);
  if (tag.key.empty()) {
    return fail(ErrorKind::kInvalidArgument,
                "--terraform-tag \"" + text + "\": expected KEY or KEY=VALUE (e.g. ManagedBy=terraform)");
  }
  return tag;
}

ManagedBy managed_by(const std::vector<Tag>& tags, const ManagedRules& rules) {
  ManagedBy m;
  m.allowed = rules.allow;
  const std::string* stack = find_tag(tags, kStackName);
  const std::string* stack_id = find_tag(tags, kStackId);
  if (stack != nullptr || stack_id != nullptr) {
    m.tool = "cloudformation";
    m.name = stack != nullptr ? *stack : stack_name_of_id(*stack_id);
    if (const std::string* logical = find_tag(tags, kLogicalId)) m.logical_id = *logical;
    return m;
  }
  for (const auto& wanted : rules.terraform_tags) {
    const std::string* value = find_tag(tags, wanted.key);
    if (value == nullptr) continue;
    if (!wanted.value.empty() && !base::iequals(*value, wanted.value)) continue;
    m.tool = "terraform";
    m.name = wanted.key + "=" + *value;
    return m;
  }
  return {};
}

std::string describe_managed(const ManagedBy& managed) {
  if (managed.tool == "cloudformation") {
    return "CloudFormation stack " + managed.name + (managed.logical_id.empty() ? "" : " (" + managed.logical_id + ")");
  }
  if (managed.tool == "terraform") return "Terraform (" + managed.name + ")";
  return {};
}

std::string managed_block_reason(const PlannedAction& action) {
  const bool asg = !action.before.auto_scaling_group.empty();
  const char* where = action.managed.tool == "cloudformation"
                          ? (asg ? "the stack's launch template" : "the stack template")
                          : (asg ? "the Terraform launch template" : "the Terraform configuration");
  return fmt::format(
      "managed by {}: set instance profile {} in {} (plan --output markdown shows the change), or plan with "
      "--allow-managed to change the instance now and drift from the code",
      describe_managed(action.managed), action.target.name, where);
}

std::string source_change_snippet(const PlannedAction& action) {
  const ManagedBy& m = action.managed;
  const std::string& profile = action.target.name;
  if (m.tool.empty() || profile.empty()) return {};
  const bool asg = !action.before.auto_scaling_group.empty();
  if (m.tool == "cloudformation") {
    if (asg) {
      // The group's instances come from its launch template: that is the resource to change.
      return fmt::format(
          "# stack {}: the launch template of Auto Scaling group {}\n"
          "Type: AWS::EC2::LaunchTemplate\n"
          "Properties:\n"
          "  LaunchTemplateData:\n"
          "    IamInstanceProfile:\n"
          "      Name: {}\n",
          m.name, action.before.auto_scaling_group, profile);
    }
    return fmt::format(
        "# stack {}\n"
        "{}:\n"
        "  Type: AWS::EC2::Instance\n"
        "  Properties:\n"
        "    IamInstanceProfile: {}\n",
        m.name, m.logical_id.empty() ? "Instance" : m.logical_id, profile);
  }
  if (asg) {
    return fmt::format(
        "# the launch template of Auto Scaling group {}\n"
        "resource \"aws_launch_template\" \"{}\" {{\n"
        "  iam_instance_profile {{\n"
        "    name = \"{}\"\n"
        "  }}\n"
        "}}\n",
        action.before.auto_scaling_group, terraform_label(action), profile);
  }
  return fmt::format(
      "# the resource that manages {}\n"
      "resource \"aws_instance\" \"{}\" {{\n"
      "  iam_instance_profile = \"{}\"\n"
      "}}\n",
      action.before.instance_id, terraform_label(action), profile);
}

Result<void> check_managed_allowed(const Plan& plan) {
  std::string ids;
  std::size_t n = 0;
  for (const auto& a : plan.actions) {
    if (a.kind != ActionKind::kAssociate && a.kind != ActionKind::kReplace) continue;
    if (a.managed.tool.empty() || a.managed.allowed) continue;
    if (++n <= 20) ids += (ids.empty() ? "" : ", ") + a.before.instance_id + " (" + describe_managed(a.managed) + ")";
  }
  if (n == 0) return {};
  if (n > 20) ids += fmt::format(" and {} more", n - 20);
  return fail(Error::invalid_argument(fmt::format("the plan changes {} managed instance(s) not allowed when planning: "
                                                  "{}; nothing was applied (plan again, with --allow-managed "
                                                  "to change them anyway)",
                                                  n, ids))
                  .with_code(kManagedRefusedCode));
}

std::vector<std::string> managed_drift_notes(const Plan& plan) {
  std::vector<std::string> notes;
  for (const auto& a : plan.actions) {
    if (a.kind != ActionKind::kAssociate && a.kind != ActionKind::kReplace) continue;
    if (a.managed.tool.empty()) continue;
    notes.push_back(
        fmt::format("warning: {} is managed by {}: this change drifts from that code; set instance "
                    "profile {} there too, or its next deployment undoes it",
                    a.before.instance_id, describe_managed(a.managed), a.target.name));
  }
  return notes;
}

}  // namespace rolecall::remediate
