#include "aws/protocol/pagination.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "aws/protocol/xml.h"
#include "support/fake_aws_caller.h"

namespace rolecall::aws {
namespace {

using rolecall::testing::Delivery;
using rolecall::testing::FakeAwsCaller;

// An EC2-style page: <R><item>v</item>...<nextToken>t</nextToken></R>.
std::string page(std::vector<std::string> values, const std::string& token) {
  std::string s = "<R>";
  for (const auto& v : values) s += "<item>" + v + "</item>";
  if (!token.empty()) s += "<nextToken>" + token + "</nextToken>";
  return s + "</R>";
}

struct Page {
  std::vector<std::string> values;
  std::string next;
};

Result<Page> parse_page(ServiceResponse r) {
  auto doc = xml::Document::parse(std::move(r.body), "ListThings");
  if (!doc) return std::unexpected(doc.error());
  Page p;
  for (pugi::xml_node n = doc->root().child("item"); n; n = n.next_sibling("item"))
    p.values.emplace_back(n.child_value());
  p.next = xml::child_string(doc->root(), "nextToken");
  return p;
}

ServiceCall build(const std::string& token) {
  ServiceCall c;
  c.service = "ec2";
  c.action = "ListThings";
  c.api_version = "2016-11-15";
  set_token_param(c.params, "NextToken", token);
  return c;
}

struct Walk {
  std::vector<std::string> values;
  int pages = 0;
  std::optional<Result<void>> done;
};

// Starts a walk whose pages and outcome land in `w`.
void paginate_into(AwsCaller& caller, Walk& w, PaginationLimits limits = {}) {
  paginate_pages<Page>(
      caller, build, parse_page, [](const Page& p) { return p.next; },
      [&w](Page&& p) {
        ++w.pages;
        w.values.insert(w.values.end(), p.values.begin(), p.values.end());
      },
      [&w](Result<void> r) {
        ASSERT_FALSE(w.done.has_value()) << "done called twice";
        w.done = std::move(r);
      },
      limits);
}

void start(FakeAwsCaller& caller, Walk& w, PaginationLimits limits = {}) {
  paginate_into(caller, w, limits);
  caller.run();
}

TEST(Paginate, FollowsTokensAcrossPages) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, page({"a", "b"}, "t1")}, {200, page({"c"}, "t2")}, {200, page({"d"}, "")}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done.has_value());
  EXPECT_TRUE(*w.done);
  EXPECT_EQ(w.values, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(w.pages, 3);
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_TRUE(caller.calls[0].params.empty());
  EXPECT_EQ(caller.calls[1].params, (QueryParams{{"NextToken", "t1"}}));
  EXPECT_EQ(caller.calls[2].params, (QueryParams{{"NextToken", "t2"}}));
}

TEST(Paginate, SinglePageWithoutToken) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, page({}, "")}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done && *w.done);
  EXPECT_EQ(w.pages, 1);
  EXPECT_TRUE(w.values.empty());
}

TEST(Paginate, TokenLoopIsAnError) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {
      {200, page({"a"}, "t1")}, {200, page({"b"}, "t2")}, {200, page({"c"}, "t1")}, {200, page({"never"}, "")}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done.has_value());
  ASSERT_FALSE(*w.done);
  EXPECT_EQ(w.done->error().kind, ErrorKind::kParse);
  EXPECT_NE(w.done->error().message.find("loop"), std::string::npos);
  EXPECT_EQ(w.values, (std::vector<std::string>{"a", "b", "c"}));  // delivered pages stay delivered
  EXPECT_EQ(caller.calls.size(), 3u);
}

TEST(Paginate, ServiceErrorMidwayStopsAndKeepsEarlierPages) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, page({"a"}, "t1")},
                   {403,
                    "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error>"
                    "</Errors><RequestID>r-2</RequestID></Response>"}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done.has_value());
  ASSERT_FALSE(*w.done);
  const Error& e = w.done->error();
  EXPECT_EQ(e.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(e.code, "UnauthorizedOperation");
  EXPECT_EQ(e.request_id, "r-2");
  EXPECT_NE(e.message.find("page 2"), std::string::npos) << e.message;
  EXPECT_EQ(w.values, (std::vector<std::string>{"a"}));
}

TEST(Paginate, ThrottledPageIsRetriedByTheCallerThenContinues) {
  FakeAwsCaller caller(Delivery::kOnRun);
  std::string throttle = "<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>";
  caller.script = {{200, page({"a"}, "t1")}, {503, throttle}, {200, page({"b"}, "")}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done && *w.done);
  EXPECT_EQ(w.values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(caller.calls.size(), 3u);
}

TEST(Paginate, MalformedPageStopsWithParseError) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, page({"a"}, "t1")}, {200, "<R><item>trunc"}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done.has_value());
  ASSERT_FALSE(*w.done);
  EXPECT_EQ(w.done->error().kind, ErrorKind::kParse);
  EXPECT_NE(w.done->error().message.find("ListThings"), std::string::npos);
  EXPECT_EQ(w.values, (std::vector<std::string>{"a"}));
}

TEST(Paginate, NetworkErrorOnFirstPage) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{0, "", true}};
  Walk w;
  start(caller, w);
  ASSERT_TRUE(w.done.has_value());
  ASSERT_FALSE(*w.done);
  EXPECT_EQ(w.done->error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(w.pages, 0);
}

TEST(Paginate, MaxPagesBoundsARunawayService) {
  FakeAwsCaller caller(Delivery::kOnRun);
  for (int i = 0; i < 10; ++i) caller.script.push_back({200, page({"x"}, "t" + std::to_string(i))});
  Walk w;
  start(caller, w, PaginationLimits{3});
  ASSERT_TRUE(w.done.has_value());
  ASSERT_FALSE(*w.done);
  EXPECT_EQ(w.pages, 3);
  EXPECT_EQ(caller.calls.size(), 3u);
}

TEST(Paginate, RawConsumerErrorStops) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, "<R/>"}, {200, "<R/>"}};
  std::optional<Result<void>> done;
  int consumed = 0;
  paginate(
      caller, build,
      [&](ServiceResponse) -> Result<std::string> {
        if (++consumed == 2) return fail(ErrorKind::kInternal, "consumer gave up");
        return std::string("next");
      },
      [&](Result<void> r) { done = std::move(r); });
  caller.run();
  ASSERT_TRUE(done.has_value());
  ASSERT_FALSE(*done);
  EXPECT_NE(done->error().message.find("consumer gave up"), std::string::npos);
  EXPECT_EQ(consumed, 2);
}

// A loop whose offloaded work runs only when run() is called, after whatever was queued before:
// the walk must wait for the parse instead of assuming it already happened.
class DeferredLoop final : public EventLoop {
 public:
  void post(std::function<void()> fn) override { queue_.push_back(std::move(fn)); }
  void schedule_after(std::chrono::milliseconds, std::function<void()> fn) override { queue_.push_back(std::move(fn)); }
  void run() override {
    while (!queue_.empty()) {
      auto fn = std::move(queue_.front());
      queue_.pop_front();
      fn();
    }
  }
  void offload(std::function<void()> work, std::function<void()> then) override {
    ++offloads;
    queue_.push_back([this, work = std::move(work), then = std::move(then)]() mutable {
      work();
      post(std::move(then));
    });
  }
  const base::Clock& clock() const override { return clock_; }
  bool empty() const { return queue_.empty(); }
  int offloads = 0;

 private:
  std::deque<std::function<void()>> queue_;
  base::SystemClock clock_;
};

// A FakeAwsCaller that names a loop, so paginate_pages parses through offload().
class LoopCaller final : public FakeAwsCaller {
 public:
  explicit LoopCaller(DeferredLoop& loop) : FakeAwsCaller(Delivery::kOnRun), loop_(loop) {}
  EventLoop* loop() override { return &loop_; }

 private:
  DeferredLoop& loop_;
};

void start_offloaded(LoopCaller& caller, DeferredLoop& loop, Walk& w) {
  paginate_into(caller, w);
  while (caller.run() > 0 || !loop.empty()) loop.run();
}

TEST(PaginateOffloaded, ParsesThroughTheLoopAndFollowsTokensInOrder) {
  DeferredLoop loop;
  LoopCaller caller(loop);
  caller.script = {{200, page({"a", "b"}, "t1")}, {200, page({"c"}, "t2")}, {200, page({"d"}, "")}};
  Walk w;
  start_offloaded(caller, loop, w);
  ASSERT_TRUE(w.done.has_value());
  EXPECT_TRUE(*w.done);
  EXPECT_EQ(w.values, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(loop.offloads, 3);
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_EQ(caller.calls[2].params, (QueryParams{{"NextToken", "t2"}}));
}

TEST(PaginateOffloaded, MalformedPageStopsAndTokenLoopsAreCaught) {
  {
    DeferredLoop loop;
    LoopCaller caller(loop);
    caller.script = {{200, page({"a"}, "t1")}, {200, "<R><item>b"}, {200, page({"never"}, "")}};
    Walk w;
    start_offloaded(caller, loop, w);
    ASSERT_TRUE(w.done.has_value());
    ASSERT_FALSE(*w.done);
    EXPECT_EQ(w.done->error().kind, ErrorKind::kParse);
    EXPECT_NE(w.done->error().message.find("page 2"), std::string::npos) << w.done->error().message;
    EXPECT_EQ(w.values, (std::vector<std::string>{"a"}));
    EXPECT_EQ(caller.calls.size(), 2u);
  }
  {
    DeferredLoop loop;
    LoopCaller caller(loop);
    caller.script = {{200, page({"a"}, "t1")}, {200, page({"b"}, "t1")}, {200, page({"never"}, "")}};
    Walk w;
    start_offloaded(caller, loop, w);
    ASSERT_TRUE(w.done.has_value());
    ASSERT_FALSE(*w.done);
    EXPECT_NE(w.done->error().message.find("loop"), std::string::npos);
    EXPECT_EQ(w.values, (std::vector<std::string>{"a", "b"}));
  }
}

TEST(MarkerToken, IamStyle) {
  EXPECT_EQ(marker_token(false, "ignored", "ListRoles").value(), "");
  EXPECT_EQ(marker_token(true, "m1", "ListRoles").value(), "m1");
  auto bad = marker_token(true, "", "ListRoles");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kParse);
  EXPECT_NE(bad.error().message.find("ListRoles"), std::string::npos);
}

TEST(SetTokenParam, ReplacesOrRemoves) {
  QueryParams p{{"A", "1"}, {"Marker", "old"}};
  set_token_param(p, "Marker", "new");
  EXPECT_EQ(p, (QueryParams{{"A", "1"}, {"Marker", "new"}}));
  set_token_param(p, "Marker", "");
  EXPECT_EQ(p, (QueryParams{{"A", "1"}}));
}

}  // namespace
}  // namespace rolecall::aws
