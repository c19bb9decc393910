// verify_request: round trips with sign_request / presign_request, detects tampering, and accepts
// requests rebuilt the way the emulator sees them ("http://<Host header><raw target>").

#include <gtest/gtest.h>

#include "aws/sigv4.h"
#include "base/ascii.h"
#include "base/sha256.h"

namespace rolecall::aws::sigv4 {
namespace {

using namespace std::chrono;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kBody =
    "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name&Filter.1.Value.1=running";

SigningParams ec2_params() {
  SigningParams p;
  p.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  p.secret_access_key = kSecret;
  p.session_token = "FwoGZXIvYXdzEXAMPLETOKEN/+==";
  p.region = "eu-west-1";
  p.service = "ec2";
  p.time = sys_days{year{2026} / November / 24} + hours{2} + minutes{39} + seconds{6};
  return p;
}

HttpRequest describe_instances() {
  return HttpRequest{
      "POST",
      "https://ec2.eu-west-1.amazonaws.com/",
      {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"User-Agent", "rolecall/0.1"}},
      kBody,
      {}};
}

Result<SigningResult> parse_and_verify(const HttpRequest& request, const std::string& secret = kSecret) {
  auto auth = parse_authorization(request);
  if (!auth) return std::unexpected(auth.error());
  return verify_request(request, *auth, secret);
}

void expect_mismatch(const HttpRequest& request, const char* what) {
  const auto result = parse_and_verify(request);
  ASSERT_FALSE(result.has_value()) << what;
  EXPECT_EQ(result.error().kind, ErrorKind::kCredentials) << what;
  EXPECT_EQ(result.error().code, "SignatureDoesNotMatch") << what << ": " << result.error().message;
}

TEST(VerifyRequest, RoundTripsSignRequest) {
  auto request = describe_instances();
  const auto signed_result = sign_request(request, ec2_params());
  ASSERT_TRUE(signed_result.has_value());
  EXPECT_EQ(request.header("X-Amz-Date"), "20261124T023906Z");
  EXPECT_EQ(request.header("X-Amz-Security-Token"), ec2_params().session_token);

  const auto auth = parse_authorization(request);
  ASSERT_TRUE(auth.has_value()) << auth.error().message;
  EXPECT_EQ(auth->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(auth->date, "20261124");
  EXPECT_EQ(auth->region, "eu-west-1");
  EXPECT_EQ(auth->service, "ec2");
  EXPECT_EQ(auth->amz_date, "20261124T023906Z");
  EXPECT_EQ(auth->session_token, ec2_params().session_token);
  EXPECT_FALSE(auth->presigned);
  EXPECT_EQ(auth->signed_headers,
            (std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-security-token"}));
  EXPECT_EQ(auth->signature, signed_result->signature);

  const auto verified = verify_request(request, *auth, kSecret);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->canonical_request, signed_result->canonical_request);
  EXPECT_EQ(verified->string_to_sign, signed_result->string_to_sign);
  EXPECT_EQ(verified->authorization, signed_result->authorization);
}

TEST(VerifyRequest, DetectsTampering) {
  auto original = describe_instances();
  ASSERT_TRUE(sign_request(original, ec2_params()).has_value());
  ASSERT_TRUE(parse_and_verify(original).has_value());

  auto body = original;
  body.body.back() = 'X';
  expect_mismatch(body, "body");

  auto header = original;
  header.set_header("Content-Type", "application/json");
  expect_mismatch(header, "signed header value");

  auto token = original;
  token.set_header("X-Amz-Security-Token", "another-token");
  expect_mismatch(token, "session token");

  auto method = original;
  method.method = "PUT";
  expect_mismatch(method, "method");

  auto path = original;
  path.url += "admin";
  expect_mismatch(path, "path");

  auto query = original;
  query.url += "?Action=TerminateInstances";
  expect_mismatch(query, "query");

  auto host = original;
  host.set_header("Host", "ec2.us-east-1.amazonaws.com");
  expect_mismatch(host, "host");

  auto signature = original;
  auto authorization = signature.header("Authorization");
  authorization.back() = authorization.back() == '0' ? '1' : '0';
  signature.set_header("Authorization", authorization);
  expect_mismatch(signature, "signature");

  auto shorter = original;
  authorization = shorter.header("Authorization");
  authorization.pop_back();
  shorter.set_header("Authorization", authorization);
  expect_mismatch(shorter, "truncated signature");

  const auto wrong_key = parse_and_verify(original, "not-the-secret");
  ASSERT_FALSE(wrong_key.has_value());
  EXPECT_EQ(wrong_key.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(wrong_key.error().message.find("not-the-secret"), std::string::npos);
}

TEST(VerifyRequest, DuplicateHeaderOrderIsSigned) {
  auto request = describe_instances();
  request.headers.push_back({"X-Custom", "first"});
  request.headers.push_back({"x-custom", "second"});
  ASSERT_TRUE(sign_request(request, ec2_params()).has_value());
  ASSERT_TRUE(parse_and_verify(request).has_value());
  for (auto& h : request.headers) {
    if (h.value == "first")
      h.value = "second";
    else if (h.value == "second")
      h.value = "first";
  }
  expect_mismatch(request, "swapped duplicate headers");
}

TEST(VerifyRequest, IgnoresUnsignedHeadersAndHeaderNameCase) {
  auto request = describe_instances();
  ASSERT_TRUE(sign_request(request, ec2_params()).has_value());
  request.headers.push_back({"Accept-Encoding", "gzip"});
  request.set_header("User-Agent", "changed-by-proxy");
  for (auto& h : request.headers) {
    h.name = base::to_lower(h.name);
    h.value = "  " + h.value + " ";  // what an HTTP parser may leave around values
  }
  const auto result = parse_and_verify(request);
  EXPECT_TRUE(result.has_value()) << result.error().message;
}

TEST(VerifyRequest, RequestAsTheEmulatorRebuildsIt) {
  // The CLI signs "http://127.0.0.1:4566/" (Host "127.0.0.1:4566"); the emulator sees the Host
  // header and the raw target and rebuilds the URL from them.
  HttpRequest sent{
      "POST", "http://127.0.0.1:4566/", {{"Content-Type", "application/x-www-form-urlencoded"}}, kBody, {}};
  auto p = ec2_params();
  p.session_token.clear();
  ASSERT_TRUE(sign_request(sent, p).has_value());
  EXPECT_EQ(sent.header("Host"), "127.0.0.1:4566");

  HttpRequest received{"POST", "http://" + sent.header("Host") + "/", {}, sent.body, {}};
  for (const auto& h : sent.headers) received.headers.push_back({h.name, h.value});
  received.headers.push_back({"Content-Length", std::to_string(sent.body.size())});
  const auto result = parse_and_verify(received);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->canonical_request.starts_with("POST\n/\n\n"));
}

TEST(VerifyRequest, JsSdkStyleRequestWithQueryAndEncodedPath) {
  // Extra signed headers (content-length, amz-sdk-*), a raw target with an encoded path and query.
  HttpRequest sent{"GET",
                   "http://localhost:4566/a%20b/?Version=2010-05-08&Action=ListUsers&Marker=a%2Bb%3D",
                   {{"content-length", "0"},
                    {"amz-sdk-invocation-id", "0b9f0bd0-0000-4000-8000-000000000000"},
                    {"amz-sdk-request", "attempt=1; max=3"}},
                   {},
                   {}};
  auto p = ec2_params();
  p.service = "iam";
  p.region = "us-east-1";
  ASSERT_TRUE(sign_request(sent, p).has_value());
  const auto result = parse_and_verify(sent);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_NE(result->canonical_request.find("\n/a%2520b/\nAction=ListUsers&Marker=a%2Bb%3D&Version=2010-05-08\n"),
            std::string::npos)
      << result->canonical_request;
}

TEST(VerifyRequest, HostFallsBackToTheUrlWhenTheHeaderIsMissing) {
  auto request = describe_instances();
  ASSERT_TRUE(sign_request(request, ec2_params()).has_value());
  std::erase_if(request.headers, [](const HttpHeader& h) { return h.name == "Host"; });
  EXPECT_TRUE(parse_and_verify(request).has_value());
}

TEST(VerifyRequest, ContentSha256HeaderMustMatchTheBody) {
  auto p = ec2_params();
  p.sign_body = true;
  auto request = describe_instances();
  ASSERT_TRUE(sign_request(request, p).has_value());
  EXPECT_EQ(request.header("x-amz-content-sha256"), base::sha256_hex(kBody));
  ASSERT_TRUE(parse_and_verify(request).has_value());

  auto lying = request;
  lying.set_header("x-amz-content-sha256", base::sha256_hex("something else"));
  const auto result = parse_and_verify(lying);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "XAmzContentSHA256Mismatch");

  auto unsigned_payload = request;
  unsigned_payload.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  EXPECT_FALSE(parse_and_verify(unsigned_payload).has_value()) << "only S3 may skip the body hash";
}

TEST(VerifyRequest, ResigningReplacesTheOldSignature) {
  auto request = describe_instances();
  ASSERT_TRUE(sign_request(request, ec2_params()).has_value());
  auto later = ec2_params();
  later.time += minutes{5};
  const auto second = sign_request(request, later);
  ASSERT_TRUE(second.has_value());
  for (const char* name : {"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "Host"}) {
    EXPECT_EQ(std::count_if(request.headers.begin(), request.headers.end(),
                            [&](const HttpHeader& h) { return h.name == name; }),
              1)
        << name;
  }
  EXPECT_EQ(request.header("X-Amz-Date"), "20261124T024406Z");
  const auto verified = parse_and_verify(request);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->signature, second->signature);
}

TEST(VerifyRequest, OmittedSessionTokenIsSentButNotSigned) {
  auto p = ec2_params();
  p.omit_session_token = true;
  auto request = describe_instances();
  ASSERT_TRUE(sign_request(request, p).has_value());
  EXPECT_EQ(request.header("X-Amz-Security-Token"), p.session_token);
  const auto auth = parse_authorization(request);
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(std::count(auth->signed_headers.begin(), auth->signed_headers.end(), "x-amz-security-token"), 0);
  EXPECT_TRUE(verify_request(request, *auth, kSecret).has_value());
}

TEST(SigningKey, DependsOnSecretRegionServiceAndDay) {
  // Guards the per-thread derived-key cache: each input must change the signature.
  auto sign = [](const SigningParams& p) {
    auto request = describe_instances();
    return sign_request(request, p).value().signature;
  };
  const auto base = sign(ec2_params());
  auto other_secret = ec2_params();
  other_secret.secret_access_key += "2";
  auto other_region = ec2_params();
  other_region.region = "eu-west-2";
  auto other_service = ec2_params();
  other_service.service = "ec3";
  auto other_day = ec2_params();
  other_day.time += days{1};
  for (const auto* p : {&other_secret, &other_region, &other_service, &other_day}) EXPECT_NE(sign(*p), base);
  EXPECT_EQ(sign(ec2_params()), base);
}

TEST(PresignedRequest, VerifiesAndDetectsTampering) {
  HttpRequest request{
      "GET", "https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", {}, {}, {}};
  auto p = ec2_params();
  p.service = "sts";
  p.expires = seconds{900};
  const auto presigned = presign_request(request, p);
  ASSERT_TRUE(presigned.has_value()) << presigned.error().message;
  EXPECT_TRUE(request.header("Authorization").empty());
  EXPECT_NE(
      request.url.find("&X-Amz-Expires=900&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN%2F%2B%3D%3D&X-Amz-Signature="),
      std::string::npos)
      << request.url;

  const auto auth = parse_authorization(request);
  ASSERT_TRUE(auth.has_value()) << auth.error().message;
  EXPECT_TRUE(auth->presigned);
  EXPECT_EQ(auth->expires, seconds{900});
  EXPECT_EQ(auth->session_token, p.session_token);
  EXPECT_EQ(auth->signed_headers, std::vector<std::string>{"host"});
  const auto verified = verify_request(request, *auth, kSecret);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->signature, presigned->signature);
  EXPECT_TRUE(verified->authorization.empty());

  auto action = request;
  action.url.replace(action.url.find("GetCallerIdentity"), 17, "AssumeRole");
  expect_mismatch(action, "presigned query parameter");
  auto expiry = request;
  expiry.url.replace(expiry.url.find("X-Amz-Expires=900"), 17, "X-Amz-Expires=901");
  expect_mismatch(expiry, "presigned expiry");
  auto signature = request;
  signature.url.back() = signature.url.back() == 'a' ? 'b' : 'a';
  expect_mismatch(signature, "presigned signature");
  auto body = request;
  body.body = "x";
  expect_mismatch(body, "presigned body");
}

TEST(PresignedRequest, PresigningAgainReplacesTheOldParameters) {
  HttpRequest request{"GET", "https://sts.amazonaws.com/?Action=GetCallerIdentity", {}, {}, {}};
  auto p = ec2_params();
  p.service = "sts";
  ASSERT_TRUE(presign_request(request, p).has_value());
  p.time += hours{1};
  ASSERT_TRUE(presign_request(request, p).has_value());
  std::size_t count = 0;
  for (auto at = request.url.find("X-Amz-Signature="); at != std::string::npos;
       at = request.url.find("X-Amz-Signature=", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << request.url;
  EXPECT_TRUE(parse_and_verify(request).has_value());
}

}  // namespace
}  // namespace rolecall::aws::sigv4
