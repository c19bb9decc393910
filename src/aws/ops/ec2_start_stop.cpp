#include "aws/ops/ec2_start_stop.h"

#include <utility>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

namespace {

void start_or_stop(AwsCaller& caller, const std::string& region, std::string action, const StartStopRequest& request,
                   bool send_force, Callback<StartStopResponse> done) {
  if (request.instance_ids.empty()) return ops::reject(done, action, "at least one InstanceId is required");
  QueryParams params;
  add_ec2_list(params, "InstanceId", request.instance_ids);
  if (send_force && request.force) params.emplace_back("Force", "true");
  add_dry_run(params, request.dry_run);
  std::string name = action;
  call_mutation<StartStopResponse>(
      caller, make_call(region, std::move(action), std::move(params), ApiClass::kMutate), request.dry_run,
      [name](std::string body) { return parse_start_stop(std::move(body), name); }, std::move(done));
}

}  // namespace

Result<StartStopResponse> parse_start_stop(std::string body, std::string_view action) {
  auto xml = ops::QueryXml::parse(std::move(body), action, action);
  if (!xml) return fail(xml.error());
  StartStopResponse out;
  out.request_id = xml->request_id();
  for (pugi::xml_node item : xml::items(xml->root(), "instancesSet")) {
    StateChange& c = out.changes.emplace_back();
    c.instance_id = xml::child_string(item, "instanceId");
    c.current_state = std::string(xml::path_text(item, {"currentState", "name"}));
    c.previous_state = std::string(xml::path_text(item, {"previousState", "name"}));
  }
  return out;
}

void stop_instances(AwsCaller& caller, const std::string& region, const StartStopRequest& request,
                    Callback<StartStopResponse> done) {
  start_or_stop(caller, region, "StopInstances", request, true, std::move(done));
}

void start_instances(AwsCaller& caller, const std::string& region, const StartStopRequest& request,
                     Callback<StartStopResponse> done) {
  start_or_stop(caller, region, "StartInstances", request, false, std::move(done));
}

}  // namespace rolecall::aws::ec2
