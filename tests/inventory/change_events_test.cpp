// rolecall watch's event source (inventory/change_events.h): which calls can change a verdict, and a
// poll that reads every page of each account and region's mutating events, keeps the relevant
// ones oldest first, and names the sources it could not read.
#include "inventory/change_events.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws/http/curl_loop.h"
#include "base/iso8601.h"
#include "support/fake_aws_caller.h"

namespace rolecall::inventory {
namespace {

using rolecall::testing::FakeAwsCaller;
using namespace std::chrono_literals;

// A LookupEvents page of (id, name, time, source), with `next` as its NextToken.
std::string change_page(const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& events,
                        const std::string& next = "") {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, name, when, source] : events) {
    nlohmann::json record = {{"userIdentity", {{"type", "AssumedRole"}}}, {"sourceIPAddress", "10.0.0.1"}};
    list.push_back({{"EventId", id},
                    {"EventName", name},
                    {"EventSource", source},
                    {"EventTime", base::parse_iso8601(when)->time_since_epoch() / 1s},
                    {"Username", "ops"},
                    {"CloudTrailEvent", record.dump()}});
  }
  nlohmann::json page = {{"Events", list}};
  if (!next.empty()) page["NextToken"] = next;
  return page.dump();
}

TEST(ChangeEvents, TheCallsThatCanTurnAVerdict) {
  for (const char* name :
       {"RunInstances", "AssociateIamInstanceProfile", "DisassociateIamInstanceProfile", "PutRolePolicy",
        "UpdateAssumeRolePolicy", "CreateLaunchTemplateVersion", "UpdateAccessKey"}) {
    EXPECT_TRUE(changes_verdicts(name)) << name;
  }
  for (const char* name : {"CreateBucket", "PutObject", "DescribeInstances", "CreateUser", ""})
    EXPECT_FALSE(changes_verdicts(name)) << name;
  EXPECT_TRUE(global_event_source("iam.amazonaws.com"));
  EXPECT_FALSE(global_event_source("ec2.amazonaws.com"));
}

TEST(ChangeEvents, APollReadsEveryPageKeepsTheRelevantOnesOldestFirst) {
  FakeAwsCaller member, denied;
  aws::CurlLoop loop;
  member.reply(change_page({{"e3", "AttachRolePolicy", "2026-12-06T10:03:00Z", "iam.amazonaws.com"},
                            {"e2", "CreateBucket", "2026-12-06T10:02:00Z", "s3.amazonaws.com"}},
                           "page-2"));
  member.reply(change_page({{"e1", "RunInstances", "2026-12-06T10:01:00Z", "ec2.amazonaws.com"}}));
  denied.reply_json_error(400, R"({"__type":"AccessDeniedException","message":"no"})");
  const auto since = *base::parse_iso8601("2026-12-06T09:45:00Z");
  const auto until = *base::parse_iso8601("2026-12-06T10:05:00Z");
  ChangePoll poll = poll_changes(loop, {{"111122223333", "us-east-1", &member}, {"444455556666", "eu-west-1", &denied}},
                                 since, until);
  ASSERT_EQ(poll.events.size(), 2u);
  EXPECT_EQ(poll.events[0].event_name, "RunInstances");
  EXPECT_EQ(poll.events[1].event_name, "AttachRolePolicy");
  EXPECT_EQ(poll.events[1].event_source, "iam.amazonaws.com");
  EXPECT_EQ(poll.events[1].account_id, "111122223333");
  EXPECT_EQ(poll.events[1].region, "us-east-1");
  EXPECT_EQ(poll.events[1].username, "ops");
  ASSERT_EQ(poll.errors.size(), 1u);
  EXPECT_EQ(poll.errors[0].first.account_id, "444455556666");
  EXPECT_EQ(poll.errors[0].second.kind, ErrorKind::kAccessDenied);
  // Mutating events only, in the window, the second page by its token.
  ASSERT_EQ(member.calls.size(), 2u);
  const auto first = nlohmann::json::parse(member.calls[0].json_body);
  EXPECT_EQ(first["LookupAttributes"][0]["AttributeKey"], "ReadOnly");
  EXPECT_EQ(first["LookupAttributes"][0]["AttributeValue"], "false");
  EXPECT_EQ(first["StartTime"], since.time_since_epoch() / 1s);
  EXPECT_EQ(first["EndTime"], until.time_since_epoch() / 1s);
  EXPECT_EQ(nlohmann::json::parse(member.calls[1].json_body)["NextToken"], "page-2");
}

}  // namespace
}  // namespace rolecall::inventory
