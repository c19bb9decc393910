#pragma once
// The emulator's own tests: the emulator fixture serving a small hand-written estate on a clock
// the test moves, and a client that signs requests with sigv4::sign_request and sends them with
// httplib::Client.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "aws/protocol/query.h"
#include "emulator/emulator.h"
#include "support/emulator_fixture.h"

namespace rolecall::testing {

// Fixed test time the emulator's clock reads; tests move it explicitly.
inline constexpr long long kEpoch = 1767268800;  // 2026-01-01T12:00:00Z

// The estate every emulator test starts from (docs/estate-schema.md).
nlohmann::json test_estate();

// A parsed response.
struct Answer {
  int status = 0;  // 0 = transport failure
  std::string body;
  std::string request_id_header;
  std::string etag, content_type, content_length;  // response headers (S3)
  pugi::xml_document xml;
  // Text of the first element with this name anywhere in the document ("" when absent).
  std::string find(const char* name) const;
  // Texts of every element with this name.
  std::vector<std::string> all(const char* name) const;
  // EC2 or IAM/STS error code ("" when not an error).
  std::string code() const { return find("Code"); }
};

// Credentials a test client signs with.
struct Identity {
  std::string key;
  std::string secret;
  std::string token;
};

Identity admin_identity();    // prod admin (AdministratorAccess)
Identity reader_identity();   // prod reader (ReadOnlyAccess)
Identity nobody_identity();   // prod user without policies
Identity ec2only_identity();  // prod user with ec2:* but no iam:PassRole
Identity dev_identity();      // dev account admin

class EmulatorTest : public EmulatorFixture {
 public:
  void SetUp() override { start({}); }
  // (Re)starts the emulator with `options` (estate and clock filled in when unset).
  void start(emulator::EmulatorOptions options);

  // Signs and POSTs a Query request as `who` to `service` in `region`, adding the service's API
  // Version unless `params` has one or add_version_ is off.
  Answer query(const Identity& who, const std::string& service, aws::QueryParams params,
               const std::string& region = "us-east-1", long long skew_seconds = 0, bool use_get = false);
  // Signs and POSTs an Organizations JSON 1.1 request.
  Answer organizations(const Identity& who, const std::string& operation,
                       const nlohmann::json& body = nlohmann::json::object());
  // Signs and POSTs a CloudTrail JSON 1.1 request (X-Amz-Target CloudTrail_20131101.<operation>) in `region`.
  Answer cloudtrail(const Identity& who, const std::string& operation, const nlohmann::json& body,
                    const std::string& region = "us-east-1");
  // Signs and POSTs an SQS JSON 1.0 request (X-Amz-Target AmazonSQS.<operation>) in `region`.
  Answer sqs(const Identity& who, const std::string& operation, const nlohmann::json& body,
             const std::string& region = "us-east-1");
  // Signs and POSTs a REST-JSON request (Security Hub) to `path` as `who` in `region`.
  Answer rest_json(const Identity& who, const std::string& service, const std::string& path, const nlohmann::json& body,
                   const std::string& region = "us-east-1");
  // Signs (S3's SigV4: x-amz-content-sha256 = `payload_hash`, or the body's hash when empty) and
  // GETs `path_and_query` ("/bucket/key", "/bucket?list-type=2") from S3 as `who`.
  Answer s3_get(const Identity& who, const std::string& path_and_query, const std::string& payload_hash = "");
  // As s3_get, with any `method`, a `body` of `content_type`, signed for `region`.
  Answer s3_send(const Identity& who, const std::string& method, const std::string& path_and_query,
                 const std::string& body, const std::string& content_type, const std::string& region,
                 const std::string& payload_hash = "");
  // Sends an unsigned request as is (GET, PUT, else POST).
  Answer raw(const std::string& method, const std::string& path, const std::string& body,
             const httplib::Headers& headers = {});

  void advance(std::chrono::seconds by) { now_ += by.count(); }

  bool add_version_ = true;  // query() adds the API Version a real client always sends
  std::shared_ptr<std::atomic<long long>> clock_seconds_ = std::make_shared<std::atomic<long long>>(kEpoch);
  std::atomic<long long>& now_ = *clock_seconds_;
};

}  // namespace rolecall::testing
