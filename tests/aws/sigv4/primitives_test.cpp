// uri_encode, amz_date / parse_amz_date and canonical-URI rules beyond the suites.

#include <gtest/gtest.h>

#include "aws/sigv4.h"

namespace rolecall::aws::sigv4 {
namespace {

using namespace std::chrono;

TEST(UriEncode, KeepsUnreservedAndEncodesTheRestUppercase) {
  EXPECT_EQ(uri_encode("AZaz09-_.~", false), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c*d=e&f%", false), "a%20b%2Bc%2Ad%3De%26f%25");
  EXPECT_EQ(uri_encode("/a b/", false), "%2Fa%20b%2F");
  EXPECT_EQ(uri_encode("/a b/", true), "/a%20b/");
  EXPECT_EQ(uri_encode("\xE1\x88\xB4", false), "%E1%88%B4");
  EXPECT_EQ(uri_encode(std::string_view("\0\xFF", 2), false), "%00%FF");
  EXPECT_EQ(uri_encode("", true), "");
}

TEST(AmzDate, FormatsUtc) {
  const auto t = sys_days{year{2024} / February / 29} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  EXPECT_EQ(amz_date(t), "20240229T235959Z");
  EXPECT_EQ(amz_date(sys_days{year{1999} / January / 2}), "19990102T000000Z");
}

TEST(AmzDate, ParseRoundTrips) {
  const auto t = sys_days{year{2015} / August / 30} + hours{12} + minutes{36};
  const auto parsed = parse_amz_date("20150830T123600Z");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, t);
  EXPECT_EQ(amz_date(*parsed), "20150830T123600Z");
}

TEST(AmzDate, ParseRejectsOtherShapes) {
  for (const char* text : {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20150830 123600Z",
                           "2015083xT123600Z", "20151330T123600Z", "20150230T000000Z", "20150830T243600Z",
                           "20150830T126000Z", "20150830T123660Z", "20150830T123600Z ", "+0150830T123600Z"}) {
    const auto parsed = parse_amz_date(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse);
    EXPECT_NE(parsed.error().message.find(text), std::string::npos) << "the error names the input";
  }
}

// Found by fuzz/sigv4_request_fuzz.cpp: a well-formed date outside what system_clock holds (about
// 1678..2261) overflowed the conversion (UBSan) in the emulator's verifier; now it is rejected.
TEST(AmzDate, ParseRejectsDatesTheClockCannotHold) {
  for (const char* text :
       {"10130602T081242Z", "00010101T000000Z", "16770101T000000Z", "22630101T000000Z", "99991231T235959Z"}) {
    const auto parsed = parse_amz_date(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse);
    EXPECT_NE(parsed.error().message.find(text), std::string::npos) << "the error names the input";
  }
  EXPECT_TRUE(parse_amz_date("19700101T000000Z").has_value());
  EXPECT_TRUE(parse_amz_date("22000101T000000Z").has_value());
}

SigningParams params(std::string service, bool normalize = true) {
  SigningParams p;
  p.access_key_id = "AKIDEXAMPLE";
  p.secret_access_key = "secret";
  p.region = "us-east-1";
  p.service = std::move(service);
  p.time = sys_days{year{2015} / August / 30};
  p.normalize_path = normalize;
  return p;
}

std::string canonical_path_of(const std::string& url, const SigningParams& p) {
  HttpRequest request{"GET", url, {}, {}, {}};
  const auto result = sign_request(request, p);
  EXPECT_TRUE(result.has_value());
  if (!result) return {};
  const auto& creq = result->canonical_request;
  const auto first = creq.find('\n') + 1;
  return creq.substr(first, creq.find('\n', first) - first);
}

TEST(CanonicalUri, NonS3ServicesEncodeTheWirePathAgain) {
  EXPECT_EQ(canonical_path_of("https://h/a%20b/c", params("ec2")), "/a%2520b/c");
  EXPECT_EQ(canonical_path_of("https://h/a%2Fb", params("iam")), "/a%252Fb");
}

TEST(CanonicalUri, S3EncodesOnceAndKeepsThePathWhenNotNormalised) {
  EXPECT_EQ(canonical_path_of("https://h/a%20b/c", params("s3", false)), "/a%20b/c");
  EXPECT_EQ(canonical_path_of("https://h/my-object//example//photo.user", params("s3", false)),
            "/my-object//example//photo.user");
}

TEST(CanonicalUri, NormalisesDotSegmentsAndDuplicateSlashes) {
  EXPECT_EQ(canonical_path_of("https://h", params("sts")), "/");
  EXPECT_EQ(canonical_path_of("https://h?x=1", params("sts")), "/");
  EXPECT_EQ(canonical_path_of("https://h/a/b/../c/./d//e/", params("sts")), "/a/c/d/e/");
  EXPECT_EQ(canonical_path_of("https://h/../../a", params("sts")), "/a");
  EXPECT_EQ(canonical_path_of("https://h/a/b/..", params("sts")), "/a");
  EXPECT_EQ(canonical_path_of("https://h/a/b/../c/./d//e/", params("sts", false)), "/a/b/../c/./d//e/");
}

TEST(CanonicalQuery, SortsByEncodedKeyThenValueAndKeepsEmptyValues) {
  HttpRequest request{"GET", "https://h/?b=2&a=z&a=y&empty&c=&%7E=t&sp=a%20b&plus=a+b&&", {}, {}, {}};
  const auto result = sign_request(request, params("ec2"));
  ASSERT_TRUE(result.has_value());
  EXPECT_NE(result->canonical_request.find("\na=y&a=z&b=2&c=&empty=&plus=a%2Bb&sp=a%20b&~=t\n"), std::string::npos)
      << result->canonical_request;
}

TEST(CanonicalHeaders, LowercasesTrimsCollapsesJoinsAndSkipsHopHeaders) {
  HttpRequest request{"POST", "https://h/", {}, "x", {}};
  request.headers = {{"X-B", "  two   words\t here "}, {"x-a", "1"},
                     {"User-Agent", "aws-cli/2"},      {"X-A", " 2"},
                     {"X-Amzn-Trace-Id", "Root=1"},    {"Expect", "100-continue"},
                     {"X-C", "line1\n   line2"}};
  const auto result = sign_request(request, params("ec2"));
  ASSERT_TRUE(result.has_value());
  EXPECT_NE(result->canonical_request.find("\nhost:h\nx-a:1,2\nx-amz-date:20150830T000000Z\nx-b:two words here\n"
                                           "x-c:line1 line2\n\nhost;x-a;x-amz-date;x-b;x-c\n"),
            std::string::npos)
      << result->canonical_request;
}

TEST(HostHeader, AddedFromTheUrlWithoutDefaultPort) {
  for (const auto& [url, host] : std::vector<std::pair<std::string, std::string>>{
           {"https://ec2.us-east-1.amazonaws.com/", "ec2.us-east-1.amazonaws.com"},
           {"https://h:443/", "h"},
           {"http://h:80", "h"},
           {"http://127.0.0.1:4566/", "127.0.0.1:4566"},
           {"https://h:80/", "h:80"},
           {"http://[::1]:8080/", "[::1]:8080"}}) {
    HttpRequest request{"GET", url, {}, {}, {}};
    ASSERT_TRUE(sign_request(request, params("ec2")).has_value()) << url;
    EXPECT_EQ(request.header("Host"), host) << url;
  }
}

TEST(HostHeader, AnExistingOneIsKept) {
  HttpRequest request{"GET", "http://127.0.0.1:4566/", {{"host", "proxy.example:8443"}}, {}, {}};
  ASSERT_TRUE(sign_request(request, params("ec2")).has_value());
  EXPECT_EQ(request.header("Host"), "proxy.example:8443");
  EXPECT_EQ(std::count_if(request.headers.begin(), request.headers.end(),
                          [](const HttpHeader& h) { return h.name == "Host" || h.name == "host"; }),
            1);
}

TEST(SignRequest, RejectsMalformedUrls) {
  for (const char* url : {"", "ec2.amazonaws.com/", "https://", "https:///path", "://h/"}) {
    HttpRequest request{"GET", url, {}, {}, {}};
    const auto result = sign_request(request, params("ec2"));
    ASSERT_FALSE(result.has_value()) << url;
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
    HttpRequest presigned{"GET", url, {}, {}, {}};
    EXPECT_FALSE(presign_request(presigned, params("ec2")).has_value()) << url;
  }
}

TEST(PresignRequest, RejectsExpiryOutsideSevenDays) {
  for (const auto expires : {seconds{0}, seconds{-5}, seconds{604801}}) {
    auto p = params("sts");
    p.expires = expires;
    HttpRequest request{"GET", "https://sts.amazonaws.com/", {}, {}, {}};
    const auto result = presign_request(request, p);
    ASSERT_FALSE(result.has_value()) << expires.count();
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(request.url, "https://sts.amazonaws.com/");
  }
}

}  // namespace
}  // namespace rolecall::aws::sigv4
