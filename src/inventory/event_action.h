#pragma once
// The IAM actions a CloudTrail event's call needed: "<prefix>:<eventName>", the prefix from the
// event's source ("ec2.amazonaws.com" -> "ec2"). One small table holds the services whose action
// prefix is not their endpoint's (monitoring -> cloudwatch, email -> ses, ...) and the event names
// that are not action names (S3's HeadObject is s3:GetObject; Lambda's dated names), for
// `plan --migrate-keys --least-privilege`.

#include <string>
#include <string_view>
#include <vector>

namespace rolecall::inventory {

// The IAM action prefix of an event source: "ec2" for "ec2.amazonaws.com", "cloudwatch" for
// "monitoring.amazonaws.com"; "" when the source is not "<service>.amazonaws.com".
std::string_view iam_prefix_of_event_source(std::string_view event_source);

// Sets `out` to the IAM actions the call of `event_name` at `event_source` needed (one in most
// cases, two for S3's CopyObject), reusing its strings' storage; empty when the source is not an
// AWS service's or the name is empty.
void event_iam_actions(std::string_view event_source, std::string_view event_name, std::vector<std::string>& out);

}  // namespace rolecall::inventory
