#include "inventory/event_action.h"

#include <algorithm>
#include <array>
#include <utility>

namespace rolecall::inventory {
namespace {

using NamePair = std::pair<std::string_view, std::string_view>;

// Event sources whose IAM action prefix differs from the endpoint's first label.
constexpr std::array<NamePair, 7> kEventSourcePrefixes = {{
    {"cloudcontrolapi.amazonaws.com", "cloudformation"},
    {"email.amazonaws.com", "ses"},
    {"monitoring.amazonaws.com", "cloudwatch"},
    {"runtime.lex.amazonaws.com", "lex"},
    {"runtime.sagemaker.amazonaws.com", "sagemaker"},
    {"streams.dynamodb.amazonaws.com", "dynamodb"},
    {"tagging.amazonaws.com", "tag"},
}};

// S3 events whose name is not the action IAM authorizes the call with (one or two actions).
struct S3EventActions {
  std::string_view event;
  std::string_view first;
  std::string_view second;  // "" when one action
};
constexpr std::array<S3EventActions, 18> kS3EventActions = {{
    {"CompleteMultipartUpload", "PutObject", ""},
    {"CopyObject", "GetObject", "PutObject"},
    {"CreateMultipartUpload", "PutObject", ""},
    {"DeleteBucketEncryption", "PutEncryptionConfiguration", ""},
    {"DeleteObjects", "DeleteObject", ""},
    {"GetBucketEncryption", "GetEncryptionConfiguration", ""},
    {"GetBucketLifecycle", "GetLifecycleConfiguration", ""},
    {"GetBucketReplication", "GetReplicationConfiguration", ""},
    {"HeadBucket", "ListBucket", ""},
    {"HeadObject", "GetObject", ""},
    {"ListBuckets", "ListAllMyBuckets", ""},
    {"ListMultipartUploads", "ListBucketMultipartUploads", ""},
    {"ListObjectVersions", "ListBucketVersions", ""},
    {"ListObjects", "ListBucket", ""},
    {"ListObjectsV2", "ListBucket", ""},
    {"ListParts", "ListMultipartUploadParts", ""},
    {"PutBucketEncryption", "PutEncryptionConfiguration", ""},
    {"UploadPart", "PutObject", ""},
}};

bool event_action_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Lambda's API-dated event names ("GetFunction20150331v2") -> the action ("GetFunction"); its
// data event Invoke -> InvokeFunction.
std::string_view lambda_action_name(std::string_view name) {
  if (name == "Invoke") return "InvokeFunction";
  std::string_view base = name;
  if (auto v = base.rfind('v');
      v != std::string_view::npos && v + 1 < base.size() && event_action_digits(base.substr(v + 1)) && v >= 8) {
    base = base.substr(0, v);
  }
  if (base.size() > 8 && base.substr(base.size() - 8, 2) == "20" && event_action_digits(base.substr(base.size() - 8)))
    return base.substr(0, base.size() - 8);
  return name;
}

// CloudFront's dated names ("GetDistribution2020_05_31") -> the action ("GetDistribution").
std::string_view cloudfront_action_name(std::string_view name) {
  constexpr std::size_t kDate = 10;  // YYYY_MM_DD
  if (name.size() <= kDate) return name;
  std::string_view date = name.substr(name.size() - kDate);
  if (date[4] == '_' && date[7] == '_' && event_action_digits(date.substr(0, 4)) &&
      event_action_digits(date.substr(5, 2)) && event_action_digits(date.substr(8, 2)))
    return name.substr(0, name.size() - kDate);
  return name;
}

void put_event_action(std::vector<std::string>& out, std::size_t& used, std::string_view prefix,
                      std::string_view name) {
  if (out.size() <= used) out.emplace_back();
  out[used].assign(prefix).append(1, ':').append(name);
  ++used;
}

}  // namespace

std::string_view iam_prefix_of_event_source(std::string_view event_source) {
  constexpr std::string_view kSuffix = ".amazonaws.com";
  if (!event_source.ends_with(kSuffix) || event_source.size() == kSuffix.size()) return {};
  for (const auto& [source, prefix] : kEventSourcePrefixes) {
    if (source == event_source) return prefix;
  }
  std::string_view host = event_source.substr(0, event_source.size() - kSuffix.size());
  if (host.find('.') != std::string_view::npos) return {};  // an endpoint the table does not know
  return host;
}

void event_iam_actions(std::string_view event_source, std::string_view event_name, std::vector<std::string>& out) {
  std::size_t used = 0;
  const std::string_view prefix = iam_prefix_of_event_source(event_source);
  if (!prefix.empty() && !event_name.empty()) {
    if (prefix == "s3") {
      auto it = std::find_if(kS3EventActions.begin(), kS3EventActions.end(),
                             [&](const S3EventActions& e) { return e.event == event_name; });
      if (it == kS3EventActions.end()) {
        put_event_action(out, used, prefix, event_name);
      } else {
        put_event_action(out, used, prefix, it->first);
        if (!it->second.empty()) put_event_action(out, used, prefix, it->second);
      }
    } else if (prefix == "lambda") {
      put_event_action(out, used, prefix, lambda_action_name(event_name));
    } else if (prefix == "cloudfront") {
      put_event_action(out, used, prefix, cloudfront_action_name(event_name));
    } else {
      put_event_action(out, used, prefix, event_name);
    }
  }
  out.resize(used);
}

}  // namespace rolecall::inventory
