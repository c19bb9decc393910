// Error's named factories: each sets its kind and only the fields it names.
#include "rolecall/error.h"

#include <gtest/gtest.h>

namespace rolecall {
namespace {

TEST(ErrorFactories, EachKindHasItsFactory) {
  struct Case {
    Error error;
    ErrorKind kind;
  };
  const Case cases[] = {
      {Error::invalid_argument("m"), ErrorKind::kInvalidArgument},
      {Error::parse("m"), ErrorKind::kParse},
      {Error::network("m"), ErrorKind::kNetwork},
      {Error::credentials("m"), ErrorKind::kCredentials},
      {Error::access_denied("m"), ErrorKind::kAccessDenied},
      {Error::not_found("m"), ErrorKind::kNotFound},
      {Error::io("m"), ErrorKind::kIo},
      {Error::internal("m"), ErrorKind::kInternal},
      {Error::cancelled("m"), ErrorKind::kCancelled},
      {Error::of(ErrorKind::kThrottled, "m"), ErrorKind::kThrottled},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.kind, c.kind) << to_string(c.kind);
    EXPECT_EQ(c.error.message, "m");
    EXPECT_EQ(c.error.code, "");
    EXPECT_EQ(c.error.request_id, "");
    EXPECT_EQ(c.error.http_status, 0);
    EXPECT_EQ(c.error.describe(), "m");
  }
}

TEST(ErrorFactories, HttpCarriesItsStatus) {
  Error e = Error::http(502, "bad gateway");
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_EQ(e.http_status, 502);
  EXPECT_EQ(e.describe(), "bad gateway (HTTP 502)");
}

TEST(ErrorFactories, ServiceCarriesCodeStatusAndRequestId) {
  Error e = Error::service(ErrorKind::kAccessDenied, "UnauthorizedOperation", "denied", 403, "req-1");
  EXPECT_EQ(e.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(e.code, "UnauthorizedOperation");
  EXPECT_EQ(e.message, "denied");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.request_id, "req-1");
  EXPECT_EQ(e.describe(), "denied (UnauthorizedOperation, HTTP 403, request id req-1)");
  EXPECT_EQ(Error::service(ErrorKind::kAws, "Boom", "m", 500).request_id, "");
}

TEST(ErrorFactories, CodeAndStatusCanBeAdded) {
  Error coded = Error::invalid_argument("plan is stale").with_code("StalePlan");
  EXPECT_EQ(coded.kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(coded.code, "StalePlan");
  EXPECT_EQ(coded.http_status, 0);
  Error status = Error::credentials("HTTP 500").with_http_status(500);
  EXPECT_EQ(status.kind, ErrorKind::kCredentials);
  EXPECT_EQ(status.code, "");
  EXPECT_EQ(status.http_status, 500);
}

TEST(ErrorFactories, FailUsesTheKindAndMessage) {
  Result<int> r = fail(ErrorKind::kParse, "bad XML");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_EQ(r.error().message, "bad XML");
  EXPECT_EQ(r.error().code, "");
}

}  // namespace
}  // namespace rolecall
