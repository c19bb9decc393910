#include "aws/ops/autoscaling_groups.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::autoscaling {
namespace {

constexpr std::size_t kNamesPerCall = 50;  // AutoScalingGroupNames beyond 50 need MaxRecords raised

// A LaunchTemplateSpecification element into the group's template fields.
void read_template(pugi::xml_node spec, AutoScalingGroup& g) {
  g.launch_template_id = xml::child_string(spec, "LaunchTemplateId");
  g.launch_template_name = xml::child_string(spec, "LaunchTemplateName");
  g.launch_template_version = xml::child_string(spec, "Version");
  if (g.launch_template_version.empty()) g.launch_template_version = "$Default";  // AWS's default
}

Result<AutoScalingGroup> read_group(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  AutoScalingGroup g;
  auto name = ops::required_text(xml, node, "AutoScalingGroupName", where);
  if (!name) return fail(name.error());
  g.name = std::move(*name);
  g.arn = xml::child_string(node, "AutoScalingGroupARN");
  if (pugi::xml_node spec = xml::child(node, "LaunchTemplate")) {
    read_template(spec, g);
  } else if (pugi::xml_node mixed = xml::child(xml::child(node, "MixedInstancesPolicy"), "LaunchTemplate")) {
    read_template(xml::child(mixed, "LaunchTemplateSpecification"), g);
    g.mixed_instances_policy = true;
  }
  g.launch_configuration = xml::child_string(node, "LaunchConfigurationName");
  if (g.launch_template_id.empty() && g.launch_configuration.empty()) {
    return fail(xml.invalid(
        fmt::format("{} ({}) names neither a launch template id nor a launch configuration", where, g.name)));
  }
  for (auto [field, out] : {std::pair{"MinSize", &g.min_size}, std::pair{"MaxSize", &g.max_size},
                            std::pair{"DesiredCapacity", &g.desired_capacity}}) {
    auto n = ops::strict_int(xml, node, field, where);
    if (!n) return fail(n.error());
    *out = static_cast<int>(*n);
  }
  for (pugi::xml_node m : xml::members(node, "Instances")) {
    std::string id = xml::child_string(m, "InstanceId");
    if (id.empty()) return fail(xml.missing(fmt::format("{}/Instances/member/InstanceId", where)));
    g.instance_ids.push_back(std::move(id));
  }
  return g;
}

}  // namespace

// Every page of a DescribeAutoScalingGroups: one chunk of names after another, each through its
// NextToken pages (no names: one walk over every group). Each pending call holds the walk.
class GroupWalk : public std::enable_shared_from_this<GroupWalk> {
 public:
  GroupWalk(AwsCaller& caller, std::string region, DescribeAutoScalingGroupsRequest request,
            ops::OpCallback<DescribeAutoScalingGroupsResponse> done)
      : caller_(caller), region_(std::move(region)), request_(std::move(request)), done_(std::move(done)) {}

  // Requests the page `token` of the current chunk.
  void next(std::string token) {
    const auto& names = request_.group_names;
    DescribeAutoScalingGroupsRequest page;
    page.max_records = request_.max_records;
    page.next_token = std::move(token);
    for (std::size_t i = chunk_; i < std::min(names.size(), chunk_ + kNamesPerCall); ++i) {
      page.group_names.push_back(names[i]);
    }
    if (++pages_ > kMaxPages) {
      return done_(fail(ErrorKind::kParse, "autoscaling:DescribeAutoScalingGroups: more than 1000 pages"));
    }
    describe_auto_scaling_groups(
        caller_, region_, page,
        [self = shared_from_this()](Result<DescribeAutoScalingGroupsResponse> r) { self->on_page(std::move(r)); });
  }

 private:
  static constexpr int kMaxPages = 1000;

  void on_page(Result<DescribeAutoScalingGroupsResponse> page) {
    if (!page) return done_(fail(page.error()));
    for (auto& g : page->groups) merged_.groups.push_back(std::move(g));
    if (!page->next_token.empty()) return next(std::move(page->next_token));
    chunk_ += kNamesPerCall;
    if (chunk_ < request_.group_names.size()) return next("");
    done_(std::move(merged_));
  }

  AwsCaller& caller_;
  std::string region_;
  DescribeAutoScalingGroupsRequest request_;
  ops::OpCallback<DescribeAutoScalingGroupsResponse> done_;
  std::size_t chunk_ = 0;  // index of the first name of the chunk being walked
  int pages_ = 0;
  DescribeAutoScalingGroupsResponse merged_;
};

ServiceCall describe_auto_scaling_groups_call(const std::string& region,
                                              const DescribeAutoScalingGroupsRequest& request) {
  QueryParams params;
  for (std::size_t i = 0; i < request.group_names.size(); ++i) {
    params.emplace_back(fmt::format("AutoScalingGroupNames.member.{}", i + 1), request.group_names[i]);
  }
  if (request.max_records > 0) params.emplace_back("MaxRecords", std::to_string(request.max_records));
  if (!request.next_token.empty()) params.emplace_back("NextToken", request.next_token);
  return ops::make_query_call(kAutoScaling, region, "DescribeAutoScalingGroups", std::move(params));
}

Result<DescribeAutoScalingGroupsResponse> parse_describe_auto_scaling_groups(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "autoscaling:DescribeAutoScalingGroups", "DescribeAutoScalingGroups");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  if (!xml::child(result, "AutoScalingGroups")) return fail(xml->missing("AutoScalingGroups"));
  DescribeAutoScalingGroupsResponse out;
  if (auto groups = ops::read_members(*xml, result, "AutoScalingGroups", out.groups, read_group); !groups) {
    return fail(groups.error());
  }
  out.next_token = xml::child_string(result, "NextToken");
  out.request_id = xml->request_id();
  return out;
}

void describe_auto_scaling_groups(AwsCaller& caller, const std::string& region,
                                  const DescribeAutoScalingGroupsRequest& request,
                                  ops::OpCallback<DescribeAutoScalingGroupsResponse> done) {
  ops::run_op<DescribeAutoScalingGroupsResponse>(caller, describe_auto_scaling_groups_call(region, request),
                                                 parse_describe_auto_scaling_groups, std::move(done));
}

void describe_auto_scaling_groups_all(AwsCaller& caller, const std::string& region,
                                      DescribeAutoScalingGroupsRequest request,
                                      ops::OpCallback<DescribeAutoScalingGroupsResponse> done) {
  auto walk = std::make_shared<GroupWalk>(caller, region, std::move(request), std::move(done));
  walk->next("");
}

ServiceCall update_auto_scaling_group_call(const std::string& region, const UpdateAutoScalingGroupRequest& request) {
  const std::string prefix = request.mixed_instances_policy
                                 ? "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification."
                                 : "LaunchTemplate.";
  QueryParams params{{"AutoScalingGroupName", request.group_name},
                     {prefix + "LaunchTemplateId", request.launch_template_id},
                     {prefix + "Version", request.launch_template_version}};
  return ops::make_query_call(kAutoScaling, region, "UpdateAutoScalingGroup", std::move(params), ApiClass::kMutate);
}

Result<UpdateAutoScalingGroupResponse> parse_update_auto_scaling_group(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "autoscaling:UpdateAutoScalingGroup", "UpdateAutoScalingGroup");
  if (!xml) return fail(xml.error());
  return UpdateAutoScalingGroupResponse{xml->request_id()};
}

void update_auto_scaling_group(AwsCaller& caller, const std::string& region,
                               const UpdateAutoScalingGroupRequest& request,
                               ops::OpCallback<UpdateAutoScalingGroupResponse> done) {
  if (request.group_name.empty() || request.launch_template_id.empty() || request.launch_template_version.empty()) {
    return ops::reject(done, "autoscaling:UpdateAutoScalingGroup",
                       "AutoScalingGroupName, LaunchTemplateId and Version are required");
  }
  ops::run_op<UpdateAutoScalingGroupResponse>(caller, update_auto_scaling_group_call(region, request),
                                              parse_update_auto_scaling_group, std::move(done));
}

}  // namespace rolecall::aws::autoscaling
