#include "remediate/template_live.h"

#include <fmt/format.h>

#include "aws/ops/ec2_launch_templates.h"
#include "remediate/apply.h"

namespace rolecall::remediate {
namespace {

Error unreachable(const std::string& account) { return Error::credentials("no credentials reach account " + account); }

}  // namespace

std::string carried_profile(const LaunchTemplateVersion& version) {
  return version.profile_arn.empty() ? version.profile_name : version.profile_arn;
}

LiveTemplate live_template(const LaunchTemplate& collected) {
  LiveTemplate live;
  live.id = collected.id;
  live.name = collected.name;
  live.default_version = collected.default_version;
  live.latest_version = collected.latest_version;
  for (const auto& v : collected.versions) {
    live.profiles[v.version_number] = carried_profile(v);
    live.user_data[v.version_number] = v.user_data;
  }
  return live;
}

long long version_number(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(text);
}

long long resolve_version(const LiveTemplate& t, const std::string& setting) {
  if (setting == "$Default") return t.default_version;
  if (setting == "$Latest") return t.latest_version;
  return version_number(setting);
}

std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>> read_groups(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers, const std::set<SourceKey>& groups) {
  using Out = Result<std::optional<aws::autoscaling::AutoScalingGroup>>;
  std::map<SourceKey, Out> out;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_scope;
  for (const auto& [account, region, name] : groups) by_scope[{account, region}].push_back(name);
  for (const auto& [scope, names] : by_scope) {
    const auto& [account, region] = scope;
    aws::AwsCaller* caller = caller_for(callers, account);
    if (caller == nullptr) {
      for (const auto& n : names) out.insert_or_assign(SourceKey{account, region, n}, Out(fail(unreachable(account))));
      continue;
    }
    aws::autoscaling::DescribeAutoScalingGroupsRequest request;
    request.group_names = names;
    aws::autoscaling::describe_auto_scaling_groups_all(
        *caller, region, request,
        [&out, account, region, names](Result<aws::autoscaling::DescribeAutoScalingGroupsResponse> r) {
          for (const auto& n : names) {
            SourceKey key{account, region, n};
            if (!r) {
              out.insert_or_assign(key, Out(fail(r.error())));
              continue;
            }
            std::optional<aws::autoscaling::AutoScalingGroup> found;
            for (const auto& g : r->groups) {
              if (g.name == n) found = g;
            }
            out.insert_or_assign(key, Out(std::move(found)));
          }
        });
  }
  loop.run();
  return out;
}

std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>> read_all_groups(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
    const std::set<std::pair<std::string, std::string>>& scopes) {
  using Out = Result<std::vector<aws::autoscaling::AutoScalingGroup>>;
  std::map<std::pair<std::string, std::string>, Out> out;
  for (const auto& scope : scopes) {
    aws::AwsCaller* caller = caller_for(callers, scope.first);
    if (caller == nullptr) {
      out.insert_or_assign(scope, Out(fail(unreachable(scope.first))));
      continue;
    }
    aws::autoscaling::describe_auto_scaling_groups_all(
        *caller, scope.second, {}, [&out, scope](Result<aws::autoscaling::DescribeAutoScalingGroupsResponse> r) {
          out.insert_or_assign(scope, r ? Out(std::move(r->groups)) : Out(fail(r.error())));
        });
  }
  loop.run();
  return out;
}

std::map<SourceKey, Result<LiveTemplate>> read_templates(aws::EventLoop& loop,
                                                         const std::map<std::string, aws::AwsCaller*>& callers,
                                                         const std::map<SourceKey, std::set<long long>>& versions) {
  std::map<SourceKey, Result<LiveTemplate>> out;
  // First the templates (default and latest), then the versions of interest.
  for (const auto& [key, wanted] : versions) {
    const auto& [account, region, id] = key;
    aws::AwsCaller* caller = caller_for(callers, account);
    if (caller == nullptr) {
      out.insert_or_assign(key, Result<LiveTemplate>(fail(unreachable(account))));
      continue;
    }
    aws::ec2::DescribeLaunchTemplatesRequest request;
    request.template_ids = {id};
    aws::ec2::describe_launch_templates(
        *caller, region, request, [&out, key, id](Result<aws::ec2::DescribeLaunchTemplatesResponse> r) {
          if (!r) {
            // AWS answers an unknown id with InvalidLaunchTemplateId.NotFound for the whole call.
            if (r.error().code.find("NotFound") != std::string::npos) {
              out.insert_or_assign(
                  key, Result<LiveTemplate>(fail(ErrorKind::kNotFound, "launch template " + id + " does not exist")));
            } else {
              out.insert_or_assign(key, Result<LiveTemplate>(fail(r.error())));
            }
            return;
          }
          for (const auto& t : r->templates) {
            if (t.id != id) continue;
            LiveTemplate live;
            live.id = t.id;
            live.name = t.name;
            live.default_version = t.default_version;
            live.latest_version = t.latest_version;
            out.insert_or_assign(key, Result<LiveTemplate>(std::move(live)));
            return;
          }
          out.insert_or_assign(
              key, Result<LiveTemplate>(fail(ErrorKind::kNotFound, "launch template " + id + " does not exist")));
        });
  }
  loop.run();
  for (const auto& [key, wanted] : versions) {
    auto& entry = out.at(key);
    if (!entry) continue;
    const auto& [account, region, id] = key;
    std::set<long long> numbers = wanted;
    numbers.insert(entry->default_version);
    numbers.insert(entry->latest_version);
    aws::ec2::DescribeLaunchTemplateVersionsRequest request;
    request.template_id = id;
    for (long long n : numbers) {
      if (n > 0 && n <= entry->latest_version) request.versions.push_back(std::to_string(n));
    }
    if (request.versions.empty()) continue;
    aws::ec2::describe_launch_template_versions(*caller_for(callers, account), region, request,
                                                [&entry](Result<aws::ec2::DescribeLaunchTemplateVersionsResponse> r) {
                                                  if (!r) {
                                                    entry = fail(r.error());
                                                    return;
                                                  }
                                                  for (const auto& v : r->versions) {
                                                    entry->profiles[v.version_number] = carried_profile(v);
                                                    entry->user_data[v.version_number] = v.user_data;
                                                  }
                                                });
  }
  loop.run();
  return out;
}

Result<std::optional<aws::autoscaling::AutoScalingGroup>> read_group(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers, const SourceKey& group) {
  auto read = read_groups(loop, callers, {group});
  return std::move(read.begin()->second);
}

Result<LiveTemplate> read_template(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                                   const SourceKey& key, long long version) {
  auto read = read_templates(loop, callers, {{key, {version}}});
  return std::move(read.begin()->second);
}

}  // namespace rolecall::remediate
