#include "aws/aws_client.h"

#include <gtest/gtest.h>

#include "aws/call_sync.h"
#include "aws/sigv4.h"
#include "support/fake_aws.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::FakeCredentialsProvider;
using rolecall::testing::FakeLoop;
using rolecall::testing::FakeTransport;
using rolecall::testing::http_response;
using rolecall::testing::network_error;
using std::chrono::milliseconds;

ServiceCall describe_instances(std::string region = "us-west-2") {
  ServiceCall call;
  call.service = "ec2";
  call.region = std::move(region);
  call.action = "DescribeInstances";
  call.api_version = "2016-11-15";
  call.params = {{"InstanceId.1", "i-0abc"}};
  return call;
}

ServiceCall list_accounts() {
  ServiceCall call;
  call.service = "organizations";
  call.region = "eu-west-1";
  call.protocol = Protocol::kJson11;
  call.action = "ListAccounts";
  call.json_target = "AWSOrganizationsV20161128.ListAccounts";
  return call;
}

std::string ec2_error(const std::string& code, const std::string& message = "boom") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>" +
         message + "</Message></Error></Errors><RequestID>req-err-1</RequestID></Response>";
}

class AwsClientTest : public ::testing::Test {
 protected:
  AwsClientTest() : transport_(loop_, milliseconds(10)), credentials_(std::make_shared<FakeCredentialsProvider>()) {}

  AwsClient& client(RateLimiterRegistry* limiter = nullptr, AwsClientOptions options = {}) {
    if (!options.random) options.random = [] { return 0.5; };
    client_ = std::make_unique<AwsClient>(loop_, transport_, credentials_, "acct", limiter, std::move(options));
    return *client_;
  }

  Result<ServiceResponse> call(ServiceCall c) { return call_sync(loop_, *client_, std::move(c)); }

  FakeLoop loop_;
  FakeTransport transport_;
  std::shared_ptr<FakeCredentialsProvider> credentials_;
  std::unique_ptr<AwsClient> client_;
};

TEST_F(AwsClientTest, QueryRequestShape) {
  client();
  transport_.push_response(200, "<DescribeInstancesResponse/>", {{"x-amzn-RequestId", "req-1"}});
  auto r = call(describe_instances());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto sent = transport_.requests();
  ASSERT_EQ(sent.size(), 1u);
  const HttpRequest& req = sent[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://ec2.us-west-2.amazonaws.com/");
  EXPECT_EQ(req.body, "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0abc");
  EXPECT_EQ(req.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(req.header("User-Agent").rfind("rolecall/", 0), 0u);
  EXPECT_EQ(req.header("X-Amz-Date"), "20240101T000000Z");
  EXPECT_EQ(req.header("Authorization")
                .rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-west-2/ec2/aws4_request", 0),
            0u)
      << req.header("Authorization");
  EXPECT_EQ(req.header("X-Amz-Security-Token"), "");
  // The signature verifies with the secret key: what was sent is what was signed.
  auto parsed = sigv4::parse_authorization(req);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(sigv4::verify_request(req, *parsed, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").has_value());
}

TEST_F(AwsClientTest, JsonRequestShapeAndGlobalEndpoint) {
  client();
  transport_.push_response(200, "{\"Accounts\":[]}", {{"x-amzn-RequestId", "req-2"}});
  auto r = call(list_accounts());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const HttpRequest req = transport_.requests().at(0);
  EXPECT_EQ(req.url, "https://organizations.us-east-1.amazonaws.com/");
  EXPECT_EQ(req.body, "{}");
  EXPECT_EQ(req.header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(req.header("X-Amz-Target"), "AWSOrganizationsV20161128.ListAccounts");
  EXPECT_NE(req.header("Authorization").find("/us-east-1/organizations/aws4_request"), std::string::npos);
  EXPECT_EQ(r->body, "{\"Accounts\":[]}");
}

TEST_F(AwsClientTest, SessionTokenIsSent) {
  Credentials c;
  c.access_key_id = "ASIAEXAMPLEEXAMPLE12";
  c.secret_access_key = "secret";
  c.session_token = "session-token-value";
  credentials_->set_result(c);
  client();
  transport_.push_response(200, "<ok/>");
  ASSERT_TRUE(call(describe_instances()).has_value());
  EXPECT_EQ(transport_.requests().at(0).header("X-Amz-Security-Token"), "session-token-value");
}

TEST_F(AwsClientTest, EndpointOverrideIsUsed) {
  AwsClientOptions options;
  options.endpoints.global_url = "http://127.0.0.1:4566";
  client(nullptr, options);
  transport_.push_response(200, "<ok/>");
  ASSERT_TRUE(call(describe_instances()).has_value());
  EXPECT_EQ(transport_.requests().at(0).url, "http://127.0.0.1:4566/");
}

TEST_F(AwsClientTest, RequestIdCapture) {
  client();
  transport_.push_response(200, "<a/>", {{"X-Amzn-RequestId", "id-amzn"}});
  transport_.push_response(200, "<a/>", {{"x-amz-request-id", "id-amz"}});
  transport_.push_response(200, "<a/>");
  auto a = call(describe_instances());
  auto b = call(describe_instances());
  auto c = call(describe_instances());
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->request_id, "id-amzn");
  EXPECT_EQ(b->request_id, "id-amz");
  EXPECT_EQ(c->request_id, "");  // left for the ops layer to read from the body
  EXPECT_EQ(a->http_status, 200);
}

TEST_F(AwsClientTest, RetriesTransientErrorsThenSucceeds) {
  client();
  auto start = loop_.clock().monotonic();
  transport_.push_response(503, "");
  transport_.push_response(500, ec2_error("InternalError"));
  transport_.push_response(200, "<ok/>");
  auto r = call(describe_instances());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(transport_.request_count(), 3u);
  // Three 10 ms round trips plus full-jitter backoffs of 0.5 * 100 ms and 0.5 * 200 ms.
  EXPECT_EQ(loop_.clock().monotonic() - start, milliseconds(30 + 50 + 100));
  // Two retries took 5 each; success returns the last retry's cost.
  EXPECT_EQ(client_->retry_strategy().available_quota(), 495);
}

TEST_F(AwsClientTest, NetworkErrorsAreRetried) {
  client();
  transport_.push_error(network_error("Connection reset by peer"));
  transport_.push_response(200, "<ok/>");
  ASSERT_TRUE(call(describe_instances()).has_value());
  EXPECT_EQ(transport_.request_count(), 2u);
}

TEST_F(AwsClientTest, GivesUpAfterMaxAttempts) {
  client();
  transport_.set_handler([](const HttpRequest&) { return http_response(503, ec2_error("Unavailable")); });
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(transport_.request_count(), 3u);
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_EQ(r.error().code, "Unavailable");
  EXPECT_NE(r.error().message.find("gave up after 3 attempts"), std::string::npos) << r.error().message;
}

TEST_F(AwsClientTest, NonRetryableErrorPassesThrough) {
  client();
  transport_.set_handler([](const HttpRequest&) {
    return http_response(400, ec2_error("InvalidInstanceID.Malformed", "Invalid id: \"i-0abc\""));
  });
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(transport_.request_count(), 1u);
  EXPECT_EQ(r.error().code, "InvalidInstanceID.Malformed");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().request_id, "req-err-1");
  EXPECT_EQ(r.error().message.find("attempts"), std::string::npos);
}

TEST_F(AwsClientTest, AccessDeniedIsNotRetried) {
  client();
  transport_.set_handler(
      [](const HttpRequest&) { return http_response(403, ec2_error("UnauthorizedOperation", "not allowed")); });
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(transport_.request_count(), 1u);
}

TEST_F(AwsClientTest, JsonErrorIsParsed) {
  client();
  transport_.push_response(400, R"({"__type":"AWSOrganizationsNotInUseException","message":"not in use"})",
                           {{"x-amzn-RequestId", "req-json"}});
  auto r = call(list_accounts());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "AWSOrganizationsNotInUseException");
  EXPECT_EQ(r.error().request_id, "req-json");
  EXPECT_EQ(transport_.request_count(), 1u);
}

TEST_F(AwsClientTest, RetryQuotaExhaustion) {
  client();
  transport_.set_handler([](const HttpRequest&) { return http_response(500, ec2_error("InternalError")); });
  std::vector<Error> errors;
  for (int i = 0; i < 60; ++i) {
    auto r = call(describe_instances());
    ASSERT_FALSE(r.has_value());
    errors.push_back(r.error());
  }
  // 500 tokens at 5 per retry: 50 calls get their two retries, the rest none.
  EXPECT_EQ(transport_.request_count(), 50u * 3 + 10u);
  EXPECT_EQ(client_->retry_strategy().available_quota(), 0);
  EXPECT_NE(errors.back().message.find("retry quota exhausted"), std::string::npos) << errors.back().message;
  EXPECT_NE(errors.front().message.find("gave up after 3 attempts"), std::string::npos);
}

TEST_F(AwsClientTest, CredentialsFailureIsNotRetried) {
  credentials_->set_result(std::unexpected(Error::network("IMDS unreachable")));
  client();
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kCredentials);
  EXPECT_NE(r.error().message.find("IMDS unreachable"), std::string::npos);
  EXPECT_EQ(transport_.request_count(), 0u);
  EXPECT_EQ(credentials_->calls(), 1);
}

TEST_F(AwsClientTest, BadRegionFailsWithoutSending) {
  client();
  bool called_inline = false;
  bool in_call = true;
  std::optional<Result<ServiceResponse>> outcome;
  client_->call(describe_instances("Not A Region"), [&](Result<ServiceResponse> r) {
    called_inline = in_call;
    outcome = std::move(r);
  });
  in_call = false;
  loop_.run();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(called_inline);
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(transport_.request_count(), 0u);
}

// A server whose clock is one hour ahead of ours: it rejects requests signed more than five
// minutes away from its time, telling its time in the Date header.
Result<HttpResponse> skeptical_server(const HttpRequest& req, std::chrono::system_clock::time_point server_now,
                                      const std::string& code) {
  auto signed_at = sigv4::parse_amz_date(req.header("X-Amz-Date"));
  if (!signed_at) return http_response(400, ec2_error("MissingParameter"));
  auto diff = *signed_at - server_now;
  if (diff > std::chrono::minutes(5) || diff < -std::chrono::minutes(5)) {
    return http_response(400, ec2_error(code, "Signature expired"), {{"Date", "Mon, 01 Jan 2024 01:00:00 GMT"}});
  }
  return http_response(200, "<ok/>");
}

TEST_F(AwsClientTest, ClockSkewIsCorrectedAndRemembered) {
  client();
  auto server_now = loop_.clock().now() + std::chrono::hours(1);  // the Date header above
  transport_.set_handler(
      [&](const HttpRequest& req) { return skeptical_server(req, server_now, "RequestTimeTooSkewed"); });
  auto r = call(describe_instances());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(transport_.request_count(), 2u);
  auto offset = std::chrono::duration_cast<std::chrono::seconds>(client_->clock_offset());
  EXPECT_NEAR(static_cast<double>(offset.count()), 3600.0, 1.0);
  EXPECT_EQ(client_->retry_strategy().available_quota(), 500);  // not a retry of the standard budget
  // The next call is signed with the corrected clock straight away.
  ASSERT_TRUE(call(describe_instances()).has_value());
  EXPECT_EQ(transport_.request_count(), 3u);
}

TEST_F(AwsClientTest, SignatureMismatchWithSkewIsCorrected) {
  client();
  auto server_now = loop_.clock().now() + std::chrono::hours(1);
  transport_.set_handler(
      [&](const HttpRequest& req) { return skeptical_server(req, server_now, "SignatureDoesNotMatch"); });
  ASSERT_TRUE(call(describe_instances()).has_value());
  EXPECT_EQ(transport_.request_count(), 2u);
}

TEST_F(AwsClientTest, SignatureMismatchWithoutSkewPassesThrough) {
  client();
  // The server's clock agrees with ours: the signature is simply wrong.
  transport_.set_handler([](const HttpRequest&) {
    return http_response(403, ec2_error("SignatureDoesNotMatch"), {{"Date", "Mon, 01 Jan 2024 00:00:01 GMT"}});
  });
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(transport_.request_count(), 1u);
  EXPECT_EQ(client_->clock_offset(), std::chrono::system_clock::duration::zero());
}

TEST_F(AwsClientTest, SkewIsCorrectedOnlyOncePerCall) {
  client();
  // A server that always claims skew: one correction, then the error passes through.
  transport_.set_handler([](const HttpRequest&) {
    return http_response(400, ec2_error("RequestExpired"), {{"Date", "Mon, 01 Jan 2024 03:00:00 GMT"}});
  });
  auto r = call(describe_instances());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "RequestExpired");
  EXPECT_EQ(transport_.request_count(), 2u);
}

TEST_F(AwsClientTest, WireLogSeesEveryAttemptWithoutSecrets) {
  Credentials c;
  c.access_key_id = "ASIAIOSFODNN7EXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.session_token = "FwoGZXIvYXdzEBYaDHsessiontokenvalue";
  credentials_->set_result(c);
  std::vector<std::string> records;
  WireLog log([&](std::string_view s) { records.emplace_back(s); });
  AwsClientOptions options;
  options.wire_log = &log;
  client(nullptr, options);
  transport_.push_response(503, "");
  transport_.push_response(200, "<ok/>", {{"x-amzn-RequestId", "r"}});
  ASSERT_TRUE(call(describe_instances()).has_value());
  ASSERT_EQ(records.size(), 4u);  // two requests, two responses
  for (const auto& rec : records) {
    EXPECT_EQ(rec.find("FwoGZXIvYXdzEBYaDHsessiontokenvalue"), std::string::npos) << rec;
    EXPECT_EQ(rec.find("wJalrXUtnFEMI"), std::string::npos) << rec;
    EXPECT_EQ(rec.find("ASIAIOSFODNN7EXAMPLE"), std::string::npos) << rec;
  }
  EXPECT_NE(records[0].find("Action=DescribeInstances"), std::string::npos);
  EXPECT_NE(records[1].find("< 503"), std::string::npos);
}

TEST_F(AwsClientTest, RateLimitKeyIsPerActionForEc2AndPerClassElsewhere) {
  client();
  Endpoint ep{"https://ec2.us-west-2.amazonaws.com", "us-west-2", "ec2"};
  EXPECT_EQ(client_->rate_limit_key(describe_instances(), ep), "acct/ec2/us-west-2/DescribeInstances");
  ServiceCall unfiltered = describe_instances();
  unfiltered.params.clear();
  EXPECT_EQ(client_->rate_limit_key(unfiltered, ep), "acct/ec2/us-west-2/DescribeInstances:unfiltered");
  unfiltered.params = {{"MaxResults", "1000"}};
  EXPECT_EQ(client_->rate_limit_key(unfiltered, ep), "acct/ec2/us-west-2/DescribeInstances");
  unfiltered.params = {{"InstanceId.1", "i-0123456789abcdef0"}};
  EXPECT_EQ(client_->rate_limit_key(unfiltered, ep), "acct/ec2/us-west-2/DescribeInstances");
  ServiceCall associate = describe_instances();
  associate.action = "AssociateIamInstanceProfile";
  associate.api_class = ApiClass::kMutate;
  EXPECT_EQ(client_->rate_limit_key(associate, ep), "acct/ec2/us-west-2/AssociateIamInstanceProfile");
  Endpoint iam_ep{"https://iam.amazonaws.com", "us-east-1", "iam"};
  ServiceCall iam = describe_instances();
  iam.service = "iam";
  iam.action = "GetAccountAuthorizationDetails";
  EXPECT_EQ(client_->rate_limit_key(iam, iam_ep), "acct/iam/us-east-1/read");
  iam.action = "CreateInstanceProfile";
  iam.api_class = ApiClass::kMutate;
  EXPECT_EQ(client_->rate_limit_key(iam, iam_ep), "acct/iam/us-east-1/mutate");
}

TEST_F(AwsClientTest, RateLimiterIsConsultedAndLearnsThrottles) {
  RateLimiterRegistry limiter(loop_);
  client(&limiter);
  transport_.push_response(200, "<ok/>");
  transport_.push_response(503, ec2_error("RequestLimitExceeded"));
  transport_.push_response(200, "<ok/>");
  ASSERT_TRUE(call(describe_instances()).has_value());
  const auto* bucket = limiter.find("acct/ec2/us-west-2/DescribeInstances");
  ASSERT_NE(bucket, nullptr);
  EXPECT_FALSE(bucket->enabled());
  ASSERT_TRUE(call(describe_instances()).has_value());  // throttled once, then fine
  EXPECT_TRUE(bucket->enabled());
  EXPECT_EQ(transport_.request_count(), 3u);
}

// A service allowing `rate` requests/s with a burst: RequestLimitExceeded when out of tokens.
struct ThrottlingService {
  FakeLoop& loop;
  double rate;
  double burst;
  double tokens = 0;
  std::chrono::steady_clock::time_point last;
  int throttled = 0;
  int served = 0;
  Result<HttpResponse> operator()(const HttpRequest&) {
    auto now = loop.clock().monotonic();
    tokens = std::min(burst, tokens + std::chrono::duration<double>(now - last).count() * rate);
    last = now;
    if (tokens < 1.0) {
      ++throttled;
      return http_response(503, ec2_error("RequestLimitExceeded", "Request limit exceeded."));
    }
    tokens -= 1.0;
    ++served;
    return http_response(200, "<ok/>");
  }
};

struct StormOutcome {
  int ok = 0;
  int throttled_errors = 0;
  int wasted = 0;  // throttled responses
};

// 400 describe calls issued at once against a 10/s service (burst 20), max 5 attempts.
StormOutcome storm(bool with_limiter) {
  FakeLoop loop;
  FakeTransport transport(loop, milliseconds(20));
  auto service =
      std::make_shared<ThrottlingService>(ThrottlingService{loop, 10.0, 20.0, 20.0, loop.clock().monotonic()});
  transport.set_handler([service](const HttpRequest& r) { return (*service)(r); });
  RateLimiterRegistry limiter(loop);
  AwsClientOptions options;
  options.retry.max_attempts = 5;
  std::uint64_t seed = 42;
  options.random = [seed]() mutable {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(seed >> 11) / 9007199254740992.0;
  };
  AwsClient client(loop, transport, std::make_shared<FakeCredentialsProvider>(), "acct",
                   with_limiter ? &limiter : nullptr, options);
  StormOutcome out;
  for (int i = 0; i < 400; ++i) {
    client.call(describe_instances(), [&](Result<ServiceResponse> r) {
      if (r) {
        ++out.ok;
      } else if (r.error().kind == ErrorKind::kThrottled) {
        ++out.throttled_errors;
      }
    });
  }
  loop.run();
  out.wasted = service->throttled;
  return out;
}

TEST(AwsClientStorm, AdaptiveLimiterTurnsAThrottlingStormIntoSuccess) {
  StormOutcome limited = storm(true);
  StormOutcome unlimited = storm(false);
  std::printf(
      "throttling storm, 400 calls: limiter %d ok / %d failed / %d throttled responses; "
      "without %d ok / %d failed / %d throttled responses\n",
      limited.ok, limited.throttled_errors, limited.wasted, unlimited.ok, unlimited.throttled_errors, unlimited.wasted);
  EXPECT_EQ(limited.ok + limited.throttled_errors, 400);
  EXPECT_EQ(unlimited.ok + unlimited.throttled_errors, 400);
  EXPECT_EQ(limited.ok, 400);      // every call gets through
  EXPECT_LT(limited.wasted, 100);  // few throttled responses on the way
  // Without the limiter only the long throttling retry budget gets the storm through, at the cost
  // of many times more throttled responses.
  EXPECT_GT(unlimited.wasted, 400);
  EXPECT_LT(limited.wasted * 10, unlimited.wasted);
}

}  // namespace
}  // namespace rolecall::aws
