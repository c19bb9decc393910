#include "aws/http/curl_blocking_client.h"

#include <gtest/gtest.h>

#include "aws/http/local_server.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::LocalServer;

TEST(CurlBlockingClient, FetchesAndKeepsTheConnection) {
  LocalServer server;
  server.server().Put("/latest/api/token", [&server](const httplib::Request& req, httplib::Response& res) {
    server.enter(req);
    res.set_content("token-for-" + req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds"), "text/plain");
    server.leave();
  });
  server.start();
  CurlBlockingClient client;
  for (int i = 0; i < 5; ++i) {
    HttpRequest r;
    r.method = "PUT";
    r.url = server.url("/latest/api/token");
    r.set_header("X-aws-ec2-metadata-token-ttl-seconds", "21600");
    auto outcome = client.fetch(r);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    EXPECT_EQ(outcome->status, 200);
    EXPECT_EQ(outcome->body, "token-for-21600");
  }
  EXPECT_EQ(server.requests(), 5);
  EXPECT_EQ(server.connections(), 1u);
}

TEST(CurlBlockingClient, NoServerIsNetworkError) {
  rolecall::testing::RefusingPort refusing;
  int port = refusing.port();
  HttpOptions options;
  options.connect_timeout = std::chrono::milliseconds(500);
  CurlBlockingClient client(options);
  HttpRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(port) + "/latest/meta-data/";
  auto outcome = client.fetch(r);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind, ErrorKind::kNetwork);
}

TEST(CurlBlockingClient, RejectsMalformedMethod) {
  CurlBlockingClient client;
  HttpRequest r;
  r.method = "GET /x HTTP/1.1\r\n";
  r.url = "http://127.0.0.1:1/";
  auto outcome = client.fetch(r);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace rolecall::aws
