// parse_authorization: both forms, and a clear error (never a crash) for every malformed input.

#include <gtest/gtest.h>

#include "aws/sigv4.h"

namespace rolecall::aws::sigv4 {
namespace {

constexpr const char* kGood =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

HttpRequest with_authorization(std::string value, std::string date = "20150830T123600Z") {
  HttpRequest request{"POST", "https://iam.amazonaws.com/", {{"Host", "iam.amazonaws.com"}}, {}, {}};
  if (!date.empty()) request.headers.push_back({"X-Amz-Date", std::move(date)});
  request.headers.push_back({"Authorization", std::move(value)});
  return request;
}

void expect_error(const HttpRequest& request, const std::string& code, const std::string& needle) {
  const auto parsed = parse_authorization(request);
  ASSERT_FALSE(parsed.has_value()) << request.header("Authorization") << " " << request.url;
  EXPECT_EQ(parsed.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(parsed.error().code, code) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find(needle), std::string::npos) << parsed.error().message;
}

TEST(ParseAuthorization, HeaderForm) {
  const auto parsed = parse_authorization(with_authorization(kGood));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->date, "20150830");
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->service, "iam");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(parsed->amz_date, "20150830T123600Z");
  EXPECT_FALSE(parsed->presigned);
  EXPECT_TRUE(parsed->session_token.empty());
}

TEST(ParseAuthorization, HeaderFormToleratesSpacingAndFieldOrder) {
  const auto parsed = parse_authorization(with_authorization(
      "  AWS4-HMAC-SHA256 Signature=abc,SignedHeaders=Host;X-Amz-Date,   Credential=AK/20150830/r/s/aws4_request "));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->signature, "abc");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->service, "s");
}

TEST(ParseAuthorization, QueryForm) {
  HttpRequest request{"GET",
                      "http://127.0.0.1:4566/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                      "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request"
                      "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-amz-meta"
                      "&X-Amz-Security-Token=tok%2Ben&X-Amz-Signature=abcdef",
                      {},
                      {},
                      {}};
  const auto parsed = parse_authorization(request);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->presigned);
  EXPECT_EQ(parsed->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->service, "sts");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-meta"}));
  EXPECT_EQ(parsed->expires, std::chrono::seconds{60});
  EXPECT_EQ(parsed->session_token, "tok+en");
  EXPECT_EQ(parsed->signature, "abcdef");
}

TEST(ParseAuthorization, UnsignedRequest) {
  HttpRequest request{
      "GET", "https://iam.amazonaws.com/?Action=ListUsers", {{"X-Amz-Date", "20150830T123600Z"}}, {}, {}};
  expect_error(request, "MissingAuthenticationToken", "not signed");
}

TEST(ParseAuthorization, MalformedHeaders) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"AWS AKIDEXAMPLE:signature", "unsupported Authorization scheme"},
      {"AWS4-HMAC-SHA256", "unsupported Authorization scheme"},
      {"AWS4-HMAC-SHA512 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature=ab",
       "unsupported Authorization scheme"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, Signature=ab", "needs Credential"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host", "needs Credential"},
      {"AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab", "needs Credential"},
      {"AWS4-HMAC-SHA256 ,,,", "needs Credential"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s, SignedHeaders=host, Signature=ab", "credential must be"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request/x, SignedHeaders=host, Signature=ab",
       "credential must be"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws5_request, SignedHeaders=host, Signature=ab",
       "credential must be"},
      {"AWS4-HMAC-SHA256 Credential=/20150830/r/s/aws4_request, SignedHeaders=host, Signature=ab",
       "credential must be"},
      {"AWS4-HMAC-SHA256 Credential=a/2015-08-30/r/s/aws4_request, SignedHeaders=host, Signature=ab", "not yyyymmdd"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=x-amz-date, Signature=ab",
       "Host header must be signed"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host;;x, Signature=ab",
       "empty header name"},
      {"AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature=", "signature is empty"},
  };
  for (const auto& [value, needle] : cases) expect_error(with_authorization(value), "IncompleteSignature", needle);
}

TEST(ParseAuthorization, DateProblems) {
  expect_error(with_authorization(kGood, ""), "IncompleteSignature", "no X-Amz-Date");
  expect_error(with_authorization(kGood, "2015-08-30T12:36:00Z"), "IncompleteSignature", "not yyyymmddThhmmssZ");
  expect_error(with_authorization(kGood, "20150831T000000Z"), "SignatureDoesNotMatch", "does not match X-Amz-Date");
}

TEST(ParseAuthorization, BothFormsAtOnce) {
  auto request = with_authorization(kGood);
  request.url += "?X-Amz-Signature=ab";
  expect_error(request, "IncompleteSignature", "both");
}

TEST(ParseAuthorization, MalformedQueryForm) {
  const std::string cred = "X-Amz-Credential=AK%2F20150830%2Fr%2Fs%2Faws4_request";
  const std::string rest = "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=ab";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"?" + cred + rest, "IncompleteSignature", "X-Amz-Algorithm"},
      {"?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&" + cred + rest, "IncompleteSignature", "X-Amz-Algorithm"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256" + rest, "IncompleteSignature", "lacks X-Amz-Credential"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + "&X-Amz-SignedHeaders=host&X-Amz-Signature=ab",
       "IncompleteSignature", "lacks X-Amz-Date"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + "&X-Amz-Date=20150830T123600Z&X-Amz-Signature=ab",
       "IncompleteSignature", "lacks X-Amz-SignedHeaders"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host",
       "IncompleteSignature", "lacks X-Amz-Signature"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + rest + "&X-Amz-Expires=0", "AuthorizationQueryParametersError",
       "1..604800"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + rest + "&X-Amz-Expires=604801",
       "AuthorizationQueryParametersError", "1..604800"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + rest + "&X-Amz-Expires=12abc", "AuthorizationQueryParametersError",
       "12abc"},
      {"?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + cred + rest + "&X-Amz-Expires=99999999999999999999999",
       "AuthorizationQueryParametersError", "1..604800"},
  };
  for (const auto& [query, code, needle] : cases) {
    expect_error(HttpRequest{"GET", "https://sts.amazonaws.com/" + query, {}, {}, {}}, code, needle);
  }
}

TEST(ParseAuthorization, MalformedUrl) {
  auto request = with_authorization(kGood);
  request.url = "not a url";
  const auto parsed = parse_authorization(request);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find("not a url"), std::string::npos);
}

TEST(VerifyRequest, RejectsAnIncompleteScope) {
  const auto request = with_authorization(kGood);
  ParsedAuthorization auth;  // e.g. built by hand and left empty
  const auto result = verify_request(request, auth, "secret");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "IncompleteSignature");
}

}  // namespace
}  // namespace rolecall::aws::sigv4
