#pragma once
// A realistic GetAccountAuthorizationDetails page (IAM 2010-05-08, Filter Role +
// LocalManagedPolicy + AWSManagedPolicy): each role with its URL-encoded trust policy, an inline
// policy, attached policies and the instance profile that holds it (IAM repeats the whole role,
// trust policy included, inside the profile's Roles), then the managed policies with their
// versions. About 1.5 KB per role: a 1,000-role page is ~1.5 MB. Deterministic.

#include <cstddef>
#include <iterator>
#include <string>

#include <fmt/format.h>

namespace rolecall::bench {

// Percent-encodes as IAM does for policy documents.
inline std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
  }
  return out;
}

inline std::string trust_policy(std::size_t i) {
  const char* service = i % 10 == 9 ? "lambda.amazonaws.com" : "ec2.amazonaws.com";
  return url_encode(fmt::format(
      R"({{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{}"}},"Action":"sts:AssumeRole"}}]}})",
      service));
}

inline void append_role_core(std::string& out, std::size_t i, const std::string& trust) {
  fmt::format_to(std::back_inserter(out),
                 "<Path>/</Path><RoleName>app-{0}</RoleName><RoleId>AROA{0:016X}</RoleId>"
                 "<Arn>arn:aws:iam::123456789012:role/app-{0}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate>"
                 "<AssumeRolePolicyDocument>{1}</AssumeRolePolicyDocument>",
                 i, trust);
}

// The <GetAccountAuthorizationDetailsResponse> document with `roles` roles and `policies` managed policies.
inline std::string authorization_details_page(std::size_t roles, std::size_t policies) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
<GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/>
<RoleDetailList>
)";
  const std::string inline_policy = url_encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::artifacts-123456789012","arn:aws:s3:::artifacts-123456789012/*"]}]})");
  for (std::size_t i = 0; i < roles; ++i) {
    const std::string trust = trust_policy(i);
    out += "<member>";
    append_role_core(out, i, trust);
    fmt::format_to(
        std::back_inserter(out),
        "<InstanceProfileList><member><Path>/</Path><InstanceProfileName>app-{0}</InstanceProfileName>"
        "<InstanceProfileId>AIPA{0:016X}</InstanceProfileId>"
        "<Arn>arn:aws:iam::123456789012:instance-profile/app-{0}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate>"
        "<Roles><member>",
        i);
    append_role_core(out, i, trust);
    fmt::format_to(
        std::back_inserter(out),
        "</member></Roles></member></InstanceProfileList>"
        "<RolePolicyList><member><PolicyName>inline-{0}</PolicyName><PolicyDocument>{1}</PolicyDocument>"
        "</member></RolePolicyList>"
        "<AttachedManagedPolicies><member><PolicyName>AmazonSSMManagedInstanceCore</PolicyName>"
        "<PolicyArn>arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore</PolicyArn></member>"
        "<member><PolicyName>app-logs</PolicyName><PolicyArn>arn:aws:iam::123456789012:policy/app-logs-{2}</PolicyArn>"
        "</member></AttachedManagedPolicies><Tags/><RoleLastUsed/></member>\n",
        i, inline_policy, i % (policies == 0 ? 1 : policies));
  }
  out += "</RoleDetailList>\n<Policies>\n";
  const std::string document = url_encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"arn:aws:logs:*:123456789012:log-group:/app/*"}]})");
  for (std::size_t p = 0; p < policies; ++p) {
    fmt::format_to(std::back_inserter(out),
                   "<member><PolicyName>app-logs-{0}</PolicyName><PolicyId>ANPA{0:016X}</PolicyId>"
                   "<Arn>arn:aws:iam::123456789012:policy/app-logs-{0}</Arn><Path>/</Path>"
                   "<DefaultVersionId>v3</DefaultVersionId><AttachmentCount>20</AttachmentCount>"
                   "<IsAttachable>true</IsAttachable><CreateDate>2025-01-01T00:00:00Z</CreateDate>"
                   "<UpdateDate>2025-06-01T00:00:00Z</UpdateDate><PolicyVersionList>",
                   p);
    for (int v = 1; v <= 3; ++v) {
      fmt::format_to(std::back_inserter(out),
                     "<member><Document>{0}</Document><VersionId>v{1}</VersionId>"
                     "<IsDefaultVersion>{2}</IsDefaultVersion><CreateDate>2025-0{1}-01T00:00:00Z</CreateDate></member>",
                     document, v, v == 3 ? "true" : "false");
    }
    out += "</PolicyVersionList></member>\n";
  }
  out +=
      "</Policies>\n</GetAccountAuthorizationDetailsResult>\n"
      "<ResponseMetadata><RequestId>5e8c7a4d-2b2f-4a55-9d3c-3f1c1d5c9a10</RequestId></ResponseMetadata>\n"
      "</GetAccountAuthorizationDetailsResponse>\n";
  return out;
}

}  // namespace rolecall::bench
