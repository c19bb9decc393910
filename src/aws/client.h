#pragma once
// One AWS service call, protocol-agnostic, and the interface that performs it.

#include <functional>
#include <string>

#include "aws/event_loop.h"
#include "aws/protocol/query.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// Wire protocol of a service call.
enum class Protocol {
  kQuery,
  kJson11,
  kJson10,  // SQS: as JSON 1.1 (X-Amz-Target, a JSON body), Content-Type application/x-amz-json-1.0
  kRestJson,
  kRestXml,  // S3: GET rest_path (+ rest_query) of rest_bucket, an XML or raw body back
};

// Rate-limiter bucket of a call: EC2 and IAM limit reads and writes separately.
enum class ApiClass { kRead, kMutate };

// A service call before signing: what to call, where, with which parameters.
struct ServiceCall {
  std::string service;  // endpoint id: "ec2", "iam", "sts", "organizations", "securityhub", "sqs"
  std::string region;   // target region; global services resolve their own
  Protocol protocol = Protocol::kQuery;
  std::string action;       // e.g. "DescribeInstances"
  std::string api_version;  // Query protocol: e.g. "2016-11-15"; added as Version=
  QueryParams params;       // Query protocol parameters besides Action and Version
  std::string json_target;  // JSON 1.1: X-Amz-Target, e.g. "AWSOrganizationsV20161128.ListAccounts"
  std::string json_body;    // JSON 1.1 and REST-JSON body ("{}" when empty)
  std::string rest_path;    // REST-JSON: the operation's request URI, e.g. "/findings/import" (POST);
                            // REST-XML: the object key after "/" ("/" for the bucket), unencoded
  std::string rest_bucket;  // REST-XML: the bucket: virtual-hosted against AWS, path-style against an endpoint override
  QueryParams rest_query;   // REST-XML: the query string's parameters (a parameter with an empty value is sent as "k=")
  std::string rest_method = "GET";  // REST-XML: the HTTP method (GET, PUT, DELETE)
  std::string rest_body;            // REST-XML: the payload (PutObject's bytes), signed in x-amz-content-sha256
  std::string rest_content_type;    // REST-XML: the payload's Content-Type; "" sends none
  ApiClass api_class = ApiClass::kRead;
};

// A successful (2xx) service response.
struct ServiceResponse {
  int http_status = 0;
  std::string body;
  std::string request_id;          // x-amzn-RequestId / x-amz-request-id header, or the body's
  std::string bucket_region = {};  // S3: the x-amz-bucket-region header, "" when absent
};

// Completion of a service call: a 2xx response, or the parsed AWS error / transport error.
using ServiceCallback = std::function<void(Result<ServiceResponse>)>;

// Performs service calls for one set of credentials: signs, sends, retries, rate-limits.
class AwsCaller {
 public:
  virtual ~AwsCaller() = default;
  // Sends `call`; `done` runs once on the event loop thread with the final outcome after retries.
  virtual void call(ServiceCall call, ServiceCallback done) = 0;
  // The loop `done` callbacks run on, for offloading their CPU-heavy parts; nullptr (the
  // default, as for test doubles): parse where the response arrives.
  virtual EventLoop* loop() { return nullptr; }
};

}  // namespace rolecall::aws
