#pragma once
// Reading what a launch template fix depends on, live: the Auto Scaling groups an instance's
// aws:autoscaling:groupName tag names, and the launch templates they launch from (default and
// latest version, and the instance profile each version of interest carries). Plan reads them to
// decide, apply to refuse a stale plan and to verify, rollback to leave others' changes alone.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "aws/ops/autoscaling_groups.h"
#include "rolecall/error.h"
#include "rolecall/inventory.h"

namespace rolecall::remediate {

// (account id, region, name or id): a group or a template.
using SourceKey = std::tuple<std::string, std::string, std::string>;

// A launch template as read live.
struct LiveTemplate {
  std::string id;
  std::string name;
  long long default_version = 0;
  long long latest_version = 0;
  // Version -> the instance profile it carries (its ARN, or the name when it gives a name); "" none.
  // Holds the versions asked for that exist, plus the default and the latest.
  std::map<long long, std::string> profiles;
  // Version -> its user data (base64 as AWS answers it; "" none), for the same versions.
  std::map<long long, std::string> user_data;
};

// The instance profile a version carries as AWS answers it: its ARN, or the name it gives; "" none.
std::string carried_profile(const LaunchTemplateVersion& version);

// A template as collected (every version), as read_templates reads it.
LiveTemplate live_template(const LaunchTemplate& collected);

// A version number written as text ("3"); 0 when the text is not one (nothing from a journal or a
// group's setting is trusted to be).
long long version_number(const std::string& text);

// The version number a group's setting ("$Default", "$Latest", "N") launches today; 0 when unknown.
long long resolve_version(const LiveTemplate& t, const std::string& setting);

// Reads the named groups (runs `loop`). A group that does not exist maps to std::nullopt; an
// account without a caller, or a failed call, to its error.
std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>> read_groups(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers, const std::set<SourceKey>& groups);

// Reads every group of each (account, region) (runs `loop`); a failed call maps to its error.
std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>> read_all_groups(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
    const std::set<std::pair<std::string, std::string>>& scopes);

// Reads each template and the profiles of `versions` (plus its default and latest) (runs `loop`).
// A template that does not exist is a kNotFound error.
std::map<SourceKey, Result<LiveTemplate>> read_templates(aws::EventLoop& loop,
                                                         const std::map<std::string, aws::AwsCaller*>& callers,
                                                         const std::map<SourceKey, std::set<long long>>& versions);

// read_groups of one group.
Result<std::optional<aws::autoscaling::AutoScalingGroup>> read_group(
    aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers, const SourceKey& group);

// read_templates of one template and one version of interest (0: only the default and latest).
Result<LiveTemplate> read_template(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                                   const SourceKey& key, long long version);

// Runs one asynchronous call to completion on `loop`: `start` gets the callback to pass to the op.
template <typename T, typename Start>
Result<T> call_and_wait(aws::EventLoop& loop, Start start) {
  std::optional<Result<T>> out;
  start([&out](Result<T> r) { out.emplace(std::move(r)); });
  loop.run();
  if (!out) return fail(ErrorKind::kInternal, "the event loop finished before the call did");
  return std::move(*out);
}

}  // namespace rolecall::remediate
