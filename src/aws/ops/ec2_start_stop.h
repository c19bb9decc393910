#pragma once
// EC2 StopInstances / StartInstances: the backout plan's restart path (DryRun supported).

#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// StopInstances / StartInstances parameters.
struct StartStopRequest {
  std::vector<std::string> instance_ids;  // InstanceId.N; at least one
  bool force = false;                     // StopInstances only: Force=true
  bool dry_run = false;                   // DryRun=true: check permission, change nothing
};

// One instance's state change.
struct StateChange {
  std::string instance_id;     // instanceId
  std::string current_state;   // currentState/name, e.g. "stopping"
  std::string previous_state;  // previousState/name, e.g. "running"
};

// StopInstances / StartInstances result.
struct StartStopResponse {
  std::vector<StateChange> changes;  // empty when dry_run_ok
  // True when the request had DryRun=true and EC2 answered DryRunOperation (HTTP 412): the caller
  // holds the permission and nothing changed. A denied dry run is a kAccessDenied error instead.
  bool dry_run_ok = false;
  std::string request_id;
};

// Parses a StopInstances/StartInstances body (`action` names the expected <actionResponse>).
Result<StartStopResponse> parse_start_stop(std::string body, std::string_view action);

// Stops instances (ApiClass::kMutate).
void stop_instances(AwsCaller& caller, const std::string& region, const StartStopRequest& request,
                    Callback<StartStopResponse> done);

// Starts instances (ApiClass::kMutate); `force` is ignored.
void start_instances(AwsCaller& caller, const std::string& region, const StartStopRequest& request,
                     Callback<StartStopResponse> done);

}  // namespace rolecall::aws::ec2
