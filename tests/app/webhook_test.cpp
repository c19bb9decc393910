// watch --webhook's delivery (app/webhook.h) to a local HTTP server: one signed POST, the same
// delivery id on every retry, retries on 429/5xx and connection failures only, and errors that
// name the URL's origin, never its path (a Slack hook's path is its token).
#include "app/webhook.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "aws/http/curl_blocking_client.h"
#include "aws/http/local_server.h"
#include "base/sha256.h"

namespace rolecall::testing {
namespace {

struct Received {
  std::string body, signature, delivery, content_type;
};

class Webhook : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post("/hooks/T000/SECRETPATH", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      received_.push_back({req.body, req.get_header_value(std::string(app::kWebhookSignatureHeader)),
                           req.get_header_value(std::string(app::kWebhookDeliveryHeader)),
                           req.get_header_value("Content-Type")});
      const int status = statuses_.empty() ? 200 : statuses_.front();
      if (!statuses_.empty()) statuses_.erase(statuses_.begin());
      res.status = status;
      res.set_content(status == 200 ? "ok" : "invalid_payload\n", "text/plain");
    });
    server_.start();
    ASSERT_GT(server_.port(), 0);
    options_.url = server_.url("/hooks/T000/SECRETPATH");
    options_.secret = "webhook-test-secret";
    options_.first_wait = std::chrono::milliseconds(100);
  }

  Result<void> deliver(const std::string& body) {
    return app::deliver_webhook(client_, options_, body,
                                [this](std::chrono::milliseconds ms) { waits_.push_back(ms); });
  }

  LocalServer server_;
  aws::CurlBlockingClient client_;
  app::WebhookOptions options_;
  std::mutex mu_;
  std::vector<Received> received_;
  std::vector<int> statuses_;  // answered in order, then 200
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(Webhook, PostsTheBodySignedWithTheSecret) {
  const std::string body = R"({"source":"rolecall","changes":[]})";
  ASSERT_TRUE(deliver(body));
  ASSERT_EQ(received_.size(), 1u);
  EXPECT_EQ(received_[0].body, body);
  EXPECT_EQ(received_[0].content_type, "application/json");
  EXPECT_EQ(received_[0].signature, "sha256=" + base::to_hex(base::hmac_sha256("webhook-test-secret", body)));
  EXPECT_EQ(received_[0].delivery, base::sha256_hex(body));
  EXPECT_TRUE(waits_.empty());

  options_.secret.clear();
  ASSERT_TRUE(deliver(body));
  EXPECT_EQ(received_.at(1).signature, "") << "no secret, no signature";
}

TEST_F(Webhook, RetriesThrottlingAndServerErrorsWithTheSameDeliveryId) {
  statuses_ = {503, 429};
  ASSERT_TRUE(deliver("{}"));
  ASSERT_EQ(received_.size(), 3u);
  EXPECT_EQ(received_[0].delivery, received_[2].delivery);
  EXPECT_EQ(waits_,
            (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(100), std::chrono::milliseconds(200)}));

  statuses_ = {500, 500, 500, 500};
  received_.clear();
  auto failed = deliver("{}");
  ASSERT_FALSE(failed);
  EXPECT_EQ(received_.size(), 3u) << "three attempts in all";
  EXPECT_EQ(failed.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(failed.error().http_status, 500);
}

TEST_F(Webhook, ARefusalIsNotRetriedAndNamesOnlyTheOrigin) {
  statuses_ = {400};
  auto refused = deliver("{}");
  ASSERT_FALSE(refused);
  EXPECT_EQ(received_.size(), 1u);
  EXPECT_EQ(refused.error().http_status, 400);
  EXPECT_NE(refused.error().message.find(server_.url("")), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("invalid_payload"), std::string::npos) << "the receiver's reason";
  EXPECT_EQ(refused.error().message.find("SECRETPATH"), std::string::npos) << refused.error().message;
}

TEST_F(Webhook, AnUnreachableReceiverIsRetriedAndItsErrorHidesThePath) {
  LocalServer closed;
  closed.start();
  const std::string url = closed.url("/hooks/T000/SECRETPATH?token=abc");
  closed.server().stop();  // nothing listens on its port any more
  options_.url = url;
  auto failed = deliver("{}");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(waits_.size(), 2u) << "retried";
  EXPECT_EQ(failed.error().message.find("SECRETPATH"), std::string::npos) << failed.error().message;
  EXPECT_EQ(failed.error().message.find("token=abc"), std::string::npos) << failed.error().message;
}

TEST(WebhookOrigin, AcceptsHttpAndHttpsUrlsAndNeverEchoesABadOne) {
  EXPECT_EQ(app::webhook_origin("--webhook", "https://hooks.slack.com/services/T0/B0/XYZ").value(),
            "https://hooks.slack.com");
  EXPECT_EQ(app::webhook_origin("--webhook", "http://127.0.0.1:8080?x=1").value(), "http://127.0.0.1:8080");
  for (const char* bad : {"hooks.slack.com/services/T0/B0/XYZ", "ftp://host/SECRET", "https:///SECRET",
                          "https://user:SECRET@host/", ""}) {
    auto refused = app::webhook_origin("--webhook", bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(refused.error().message.find("SECRET"), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find("--webhook"), std::string::npos);
  }
}

}  // namespace
}  // namespace rolecall::testing
