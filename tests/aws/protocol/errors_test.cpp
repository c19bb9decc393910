#include "aws/protocol/errors.h"

#include <gtest/gtest.h>

#include <string>

namespace rolecall::aws {
namespace {

TEST(ParseQueryError, Ec2Shape) {
  Error e = parse_query_error(
      400,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code>"
      "<Message>Value (x) for parameter instanceId is invalid.</Message></Error></Errors>"
      "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>");
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "InvalidParameterValue");
  EXPECT_EQ(e.message, "Value (x) for parameter instanceId is invalid.");
  EXPECT_EQ(e.request_id, "ea966190-f9aa-478e-9ede-example");
  EXPECT_EQ(e.http_status, 400);
}

TEST(ParseQueryError, IamStsShape) {
  Error e = parse_query_error(
      403,
      "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
      "    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:iam::123456789012:user/x is not authorized</Message>\n"
      "  </Error>\n  <RequestId>4e2b5c3a-iam-example</RequestId>\n</ErrorResponse>");
  EXPECT_EQ(e.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(e.code, "AccessDenied");
  EXPECT_EQ(e.message, "User: arn:aws:iam::123456789012:user/x is not authorized");
  EXPECT_EQ(e.request_id, "4e2b5c3a-iam-example");
  EXPECT_EQ(e.http_status, 403);
}

// moto (a third-party AWS emulator) answers authentication failures on every Query service with
// EC2's <Errors> list inside IAM's <ErrorResponse> root (body recorded from moto 5.2.1).
TEST(ParseQueryError, MotoShape) {
  Error e = parse_query_error(
      403,
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>"
      "<Message>The security token included in the request is invalid.</Message><Type>Sender</Type></Error>"
      "</Errors></ErrorResponse>");
  EXPECT_EQ(e.kind, ErrorKind::kCredentials);
  EXPECT_EQ(e.code, "InvalidClientTokenId");
  EXPECT_EQ(e.message, "The security token included in the request is invalid.");
  EXPECT_EQ(e.request_id, "");
  EXPECT_EQ(e.http_status, 403);
  Error ec2 = parse_query_error(
      401,
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>AuthFailure</Code>"
      "<Message>AWS was not able to validate the provided access credentials</Message><Type>Sender</Type>"
      "</Error></Errors></ErrorResponse>");
  EXPECT_EQ(ec2.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(ec2.code, "AuthFailure");
  // An <Errors> list without a code is still not an AWS error.
  EXPECT_EQ(
      parse_query_error(500, "<ErrorResponse><Errors><Error><Message>m</Message></Error></Errors></ErrorResponse>")
          .kind,
      ErrorKind::kHttp);
}

TEST(ParseQueryError, KindsFollowTheCode) {
  auto kind = [](const std::string& code) {
    return parse_query_error(400, "<Response><Errors><Error><Code>" + code + "</Code></Error></Errors></Response>")
        .kind;
  };
  EXPECT_EQ(kind("UnauthorizedOperation"), ErrorKind::kAccessDenied);
  EXPECT_EQ(kind("AuthFailure"), ErrorKind::kAccessDenied);
  EXPECT_EQ(kind("RequestLimitExceeded"), ErrorKind::kThrottled);
  EXPECT_EQ(kind("Throttling"), ErrorKind::kThrottled);
  EXPECT_EQ(kind("InvalidInstanceID.NotFound"), ErrorKind::kNotFound);
  EXPECT_EQ(kind("InvalidAssociationID.NotFound"), ErrorKind::kNotFound);
  EXPECT_EQ(kind("NoSuchEntity"), ErrorKind::kNotFound);
  EXPECT_EQ(kind("InvalidClientTokenId"), ErrorKind::kCredentials);
  EXPECT_EQ(kind("ExpiredToken"), ErrorKind::kCredentials);
  EXPECT_EQ(kind("IncorrectInstanceState"), ErrorKind::kAws);
  EXPECT_EQ(kind("DryRunOperation"), ErrorKind::kAws);
  EXPECT_EQ(kind("InvalidInstanceID.Malformed"), ErrorKind::kAws);
}

TEST(ParseQueryError, MissingMessageGetsOneFromTheCode) {
  Error e = parse_query_error(400, "<Response><Errors><Error><Code>IncorrectState</Code></Error></Errors></Response>");
  EXPECT_EQ(e.code, "IncorrectState");
  EXPECT_FALSE(e.message.empty());
  EXPECT_NE(e.describe().find("IncorrectState"), std::string::npos);
}

TEST(ParseQueryError, NonErrorBodiesAreHttpErrorsWithStatus) {
  const char* bodies[] = {
      "",
      "   \n",
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
      "<Response><Errors><Error><Code>Throttl",  // truncated
      "<Response><Errors><Error><Message>no code</Message></Error></Errors></Response>",
      "<Response></Response>",
      "{\"__type\":\"Throttling\"}",  // JSON where XML was expected
      "\x01\x02\xff\xfe garbage",
      "<a><b><c>",
  };
  for (const char* body : bodies) {
    Error e = parse_query_error(503, body);
    EXPECT_EQ(e.kind, ErrorKind::kHttp) << body;
    EXPECT_EQ(e.http_status, 503) << body;
    EXPECT_TRUE(e.code.empty()) << body;
    EXPECT_NE(e.message.find("503"), std::string::npos) << body;
  }
}

TEST(ParseQueryError, HostileBodiesDoNotExplodeOrEchoMegabytes) {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<a>";
  Error e1 = parse_query_error(500, deep);
  EXPECT_EQ(e1.kind, ErrorKind::kHttp);
  EXPECT_LT(e1.message.size(), 400u);

  std::string huge_message = "<Response><Errors><Error><Code>InternalError</Code><Message>" +
                             std::string(5'000'000, 'x') + "</Message></Error></Errors></Response>";
  Error e2 = parse_query_error(500, huge_message);
  EXPECT_EQ(e2.code, "InternalError");
  EXPECT_LT(e2.message.size(), 2000u);

  // Entity expansion is not performed (no "billion laughs").
  std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<Response><Errors><Error><Code>X</Code><Message>&b;</Message></Error></Errors></Response>";
  Error e3 = parse_query_error(400, bomb);
  EXPECT_LT(e3.message.size(), 200u);

  Error e4 = parse_query_error(400, std::string_view("<Response>\0<Errors>", 20));
  EXPECT_EQ(e4.kind, ErrorKind::kHttp);
}

TEST(ParseQueryError, ControlCharactersInMessagesAreNeutralised) {
  Error e = parse_query_error(
      400,
      "<Response><Errors><Error><Code>X</Code><Message>line1\nline2\x1b[31m</Message></Error></Errors></Response>");
  EXPECT_EQ(e.message.find('\n'), std::string::npos);
  EXPECT_EQ(e.message.find('\x1b'), std::string::npos);
}

TEST(ParseJsonError, TypeWithPrefix) {
  Error e =
      parse_json_error(400, R"({"__type":"com.amazonaws.organizations.v20161128#AWSOrganizationsNotInUseException",)"
                            R"("Message":"Your account is not a member of an organization."})");
  EXPECT_EQ(e.code, "AWSOrganizationsNotInUseException");
  EXPECT_EQ(e.message, "Your account is not a member of an organization.");
  EXPECT_EQ(e.http_status, 400);
}

TEST(ParseJsonError, LowercaseMessageAndThrottling) {
  Error e = parse_json_error(400, R"({"__type":"TooManyRequestsException","message":"Rate exceeded"})");
  EXPECT_EQ(e.code, "TooManyRequestsException");
  EXPECT_EQ(e.kind, ErrorKind::kThrottled);
  EXPECT_EQ(e.message, "Rate exceeded");
}

TEST(ParseJsonError, HeaderWinsAndItsUriSuffixIsDropped) {
  Error e = parse_json_error(400, R"({"__type":"Other","message":"m"})",
                             "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/");
  EXPECT_EQ(e.code, "AccessDeniedException");
  EXPECT_EQ(e.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(e.message, "m");
  Error e2 = parse_json_error(400, "", "aws.example#ThrottlingException");
  EXPECT_EQ(e2.code, "ThrottlingException");
  EXPECT_EQ(e2.kind, ErrorKind::kThrottled);
}

TEST(ParseJsonError, NotFoundKinds) {
  EXPECT_EQ(parse_json_error(400, R"({"__type":"AccountNotFoundException"})").kind, ErrorKind::kNotFound);
  EXPECT_EQ(parse_json_error(400, R"({"__type":"ResourceNotFoundException"})").kind, ErrorKind::kNotFound);
}

TEST(ParseJsonError, MalformedBodiesAreHttpErrors) {
  for (const char* body :
       {"", "{", "{\"__type\":", "[1,2]", "null", "{\"__type\": 5}", "<html/>", "{\"message\":\"x\"}"}) {
    Error e = parse_json_error(502, body);
    EXPECT_EQ(e.kind, ErrorKind::kHttp) << body;
    EXPECT_EQ(e.http_status, 502) << body;
  }
}

TEST(Classification, ThrottlingCodes) {
  for (const char* c :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException"}) {
    EXPECT_TRUE(is_throttling_code(c)) << c;
  }
  for (const char* c : {"", "throttling", "AccessDenied", "RequestLimitExceededX", "InternalError"}) {
    EXPECT_FALSE(is_throttling_code(c)) << c;
  }
}

TEST(Classification, TransientCodes) {
  for (const char* c : {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
                        "InternalFailure", "ServiceUnavailable"}) {
    EXPECT_TRUE(is_transient_code(c)) << c;
  }
  for (const char* c : {"", "AccessDenied", "Throttling", "ValidationError"}) EXPECT_FALSE(is_transient_code(c)) << c;
}

TEST(Classification, ClockSkewCodes) {
  for (const char* c : {"RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch",
                        "AuthFailure", "RequestInTheFuture"}) {
    EXPECT_TRUE(is_clock_skew_code(c)) << c;
  }
  for (const char* c : {"", "ExpiredToken", "Throttling", "AccessDenied"}) EXPECT_FALSE(is_clock_skew_code(c)) << c;
}

}  // namespace
}  // namespace rolecall::aws
