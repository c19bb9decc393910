#include "aws/wire_log.h"

#include <gtest/gtest.h>

namespace rolecall::aws {
namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";  // 40 characters
constexpr const char* kToken = "IQoJb3JpZ2luX2VjEMv//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6ZtokenFQoGZXIvYXdzEBYaDH";

void expect_no_secret(const std::string& text) {
  EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
}

TEST(Redaction, AuthorizationKeepsScopeHidesKeyAndSignature) {
  std::string value =
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/ec2/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
  std::string safe = redact_header_value("authorization", value);
  EXPECT_EQ(safe,
            "AWS4-HMAC-SHA256 Credential=AKIA\u2026MPLE/20240101/us-east-1/ec2/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=[redacted]");
  EXPECT_EQ(redact_header_value("Authorization", "Bearer abc"), "[redacted]");
}

TEST(Redaction, TokenHeadersAreHidden) {
  EXPECT_EQ(redact_header_value("X-Amz-Security-Token", kToken), "[redacted]");
  EXPECT_EQ(redact_header_value("x-aws-ec2-metadata-token", "AQAEAKxyz"), "[redacted]");
  EXPECT_EQ(redact_header_value("Content-Type", "text/xml"), "text/xml");
}

TEST(Redaction, XmlCredentialsFromSts) {
  std::string body = std::string(
                         "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
                         "<AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>"
                         "<SecretAccessKey>") +
                     kSecret + "</SecretAccessKey><SessionToken>" + kToken +
                     "</SessionToken><Expiration>2024-01-01T01:00:00Z</Expiration>"
                     "</Credentials></AssumeRoleResult></AssumeRoleResponse>";
  std::string safe = redact_body(body);
  expect_no_secret(safe);
  EXPECT_NE(safe.find("<SecretAccessKey>[redacted]</SecretAccessKey>"), std::string::npos) << safe;
  EXPECT_NE(safe.find("<SessionToken>[redacted]</SessionToken>"), std::string::npos);
  EXPECT_NE(safe.find("<AccessKeyId>ASIA\u2026MPLE</AccessKeyId>"), std::string::npos) << safe;
  EXPECT_NE(safe.find("<Expiration>2024-01-01T01:00:00Z</Expiration>"), std::string::npos);
}

TEST(Redaction, XmlUserDataAndNamespacedElements) {
  std::string body =
      "<DescribeInstanceAttributeResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
      "<instanceId>i-1234</instanceId><userData><value>IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19TRUNSRVQ9</value></userData>"
      "<ns:Password>hunter2</ns:Password></DescribeInstanceAttributeResponse>";
  std::string safe = redact_body(body);
  EXPECT_EQ(safe.find("IyEvYmluL2Jhc2g"), std::string::npos) << safe;
  EXPECT_EQ(safe.find("hunter2"), std::string::npos) << safe;
  EXPECT_NE(safe.find("<instanceId>i-1234</instanceId>"), std::string::npos);
}

TEST(Redaction, JsonCredentialsFromMetadataService) {
  std::string body = std::string("{\n  \"Code\" : \"Success\",\n  \"AccessKeyId\" : \"ASIAIOSFODNN7EXAMPLE\",\n") +
                     "  \"SecretAccessKey\" : \"" + kSecret + "\",\n  \"Token\" : \"" + kToken +
                     "\",\n  \"Expiration\" : \"2024-01-01T06:00:00Z\"\n}";
  std::string safe = redact_body(body);
  expect_no_secret(safe);
  EXPECT_NE(safe.find("\"SecretAccessKey\" : \"[redacted]\""), std::string::npos) << safe;
  EXPECT_NE(safe.find("\"Token\" : \"[redacted]\""), std::string::npos) << safe;
  EXPECT_NE(safe.find("\"Code\" : \"Success\""), std::string::npos);
}

TEST(Redaction, JsonWithEscapesAndNesting) {
  std::string body = std::string(R"({"a":{"SessionToken":"x\"y)") + kToken + R"("},"NextToken":"page2"})";
  std::string safe = redact_body(body);
  expect_no_secret(safe);
  EXPECT_NE(safe.find(R"("NextToken":"page2")"), std::string::npos) << "pagination tokens stay readable: " << safe;
}

TEST(Redaction, FormParameters) {
  std::string body =
      std::string("Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&WebIdentityToken=") +
      "eyJhbGciOiJSUzI1NiJ9.payload.sig&Version=2011-06-15";
  std::string safe = redact_body(body);
  EXPECT_EQ(safe.find("eyJhbGci"), std::string::npos) << safe;
  EXPECT_NE(safe.find("WebIdentityToken=[redacted]&Version=2011-06-15"), std::string::npos) << safe;

  std::string modify = "Action=ModifyInstanceAttribute&InstanceId=i-1&UserData.Value=IyEvYmluL3NoCg%3D%3D";
  EXPECT_EQ(redact_body(modify), "Action=ModifyInstanceAttribute&InstanceId=i-1&UserData.Value=[redacted]");
  std::string lt = "Action=CreateLaunchTemplateVersion&LaunchTemplateData.UserData=abc&NextToken=t1";
  EXPECT_EQ(redact_body(lt), "Action=CreateLaunchTemplateVersion&LaunchTemplateData.UserData=[redacted]&NextToken=t1");
}

TEST(Redaction, SecretShapedValuesAnywhere) {
  std::string text =
      std::string("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=") + kSecret + "\n";
  std::string safe = redact_body(text);
  expect_no_secret(safe);
  EXPECT_EQ(safe.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << safe;
  EXPECT_NE(safe.find("AKIA\u2026MPLE"), std::string::npos) << safe;
}

TEST(Redaction, PresignedUrl) {
  std::string url =
      "https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1"
      "%2Fsts%2Faws4_request&X-Amz-Security-Token=abc123&X-Amz-Signature=deadbeef";
  std::string safe = redact_url(url);
  EXPECT_EQ(safe,
            "https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Credential=AKIA\u2026MPLE%2F20240101%2Fus-east-1"
            "%2Fsts%2Faws4_request&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]");
}

TEST(WireLog, RequestAndResponseRecordsAreRedactedAndTruncated) {
  std::vector<std::string> lines;
  WireLog log([&](std::string_view s) { lines.emplace_back(s); }, 64);
  HttpRequest request;
  request.method = "POST";
  request.url = "https://sts.amazonaws.com/";
  request.set_header("X-Amz-Security-Token", kToken);
  request.set_header("Authorization",
                     "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20240101/us-east-1/sts/aws4_request, "
                     "SignedHeaders=host, Signature=abcdef");
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  log.request(request);
  HttpResponse response;
  response.status = 200;
  response.headers.push_back({"x-amzn-RequestId", "req-1"});
  response.body = std::string("<X><SecretAccessKey>") + kSecret + "</SecretAccessKey>" + std::string(200, 'z') + "</X>";
  log.response(request, response, std::chrono::milliseconds(12));
  log.response(request, std::unexpected(Error::network("connection refused")), std::chrono::milliseconds(3));
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines) expect_no_secret(l);
  EXPECT_NE(lines[0].find("> POST https://sts.amazonaws.com/"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Action=GetCallerIdentity"), std::string::npos);
  EXPECT_EQ(lines[0].find("abcdef"), std::string::npos);
  EXPECT_NE(lines[1].find("< 200"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("x-amzn-RequestId: req-1"), std::string::npos);
  EXPECT_NE(lines[1].find("bytes in all"), std::string::npos) << "long bodies are cut";
  EXPECT_NE(lines[2].find("connection refused"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws
