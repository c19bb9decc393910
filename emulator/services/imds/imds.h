#pragma once
// Each instance's metadata service (docs/emulator.md, "Instance metadata"), under
// /_imds/<instance-id>/ when EmulatorOptions::imds is on: IMDSv2 session tokens (required when the
// instance's HttpTokens is "required"), its id, placement and addresses, its identity document, and
// the credentials of its instance profile's role. Those credentials are a role session named after
// the instance id (as EC2 names them), whose calls CloudTrail records from the instance's egress
// address: what a workload on the instance looks like to AWS, so a test can make one with the AWS CLI
// (AWS_EC2_METADATA_SERVICE_ENDPOINT=<endpoint>/_imds/<instance-id>).

#include <string>
#include <string_view>
#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::imds {

// One IMDS answer: plain text (or JSON for the credential and identity documents).
struct ImdsReply {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  std::vector<std::pair<std::string, std::string>> headers;
};

// The request: its method, the instance id and the path below /_imds/<instance-id>/
// ("latest/meta-data/..."), and two headers ("" when absent).
struct ImdsRequest {
  std::string method;
  std::string instance_id;
  std::string path;
  std::string token;        // X-aws-ec2-metadata-token
  std::string ttl_seconds;  // X-aws-ec2-metadata-token-ttl-seconds
};

// Answers `request` as the instance's IMDS would: 400 for a token request without a valid TTL,
// 401 for a missing (when required) or invalid or expired token, 404 for an unknown instance, one
// not running, or a path it does not serve (the credentials' path without a role). Takes the
// estate's lock itself (unique only to issue credentials).
ImdsReply serve_imds(Core& core, const ImdsRequest& request);

}  // namespace rolecall::emulator::imds
