// CloudTrail in the emulator: events in the estate (load, dump, validation), LookupEvents (filters,
// pages, the 90-day window, errors, authorization, the 2 requests/s limit) and the key_use truth.
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/redact.h"
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"
#include "emulator/network_estate.h"

namespace rolecall::testing {
namespace {

using nlohmann::json;

constexpr const char* kSessionKey = "ASIAPRODSESSION00001";

json user(const std::string& name) {
  return {{"type", "IAMUser"}, {"user_name", name}, {"arn", "arn:aws:iam::111111111111:user/" + name}};
}

json event(const std::string& id, long long minutes_ago, const char* name, const char* source, const Identity& who,
           const std::string& user_name, const std::string& ip, const std::string& region = "us-east-1") {
  return {{"id", id},
          {"region", region},
          {"time", {{"minutes_ago", minutes_ago}}},
          {"event_name", name},
          {"event_source", source},
          {"access_key_id", who.key},
          {"user_identity", user(user_name)},
          {"source_ip", ip},
          {"user_agent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 botocore/2.4.5"}};
}

// networked_estate() (a06 holds Elastic IP 3.3.3.3; a07 (10.1.64.10) and a08 sit behind NAT gateway
// 54.1.2.3) with events: exact, NAT-shared, VPC endpoint, outside, too old, a role session, another
// region, and 60 more uses of the admin key from outside for paging.
json trail_estate() {
  json doc = networked_estate();
  json events = json::array();
  events.push_back(event("ev-01", 10, "DescribeInstances", "ec2.amazonaws.com", admin_identity(), "admin", "3.3.3.3"));
  events.push_back(event("ev-02", 60, "GetObject", "s3.amazonaws.com", reader_identity(), "reader", "54.1.2.3"));
  json vpce = event("ev-03", 120, "PutObject", "s3.amazonaws.com", nobody_identity(), "nobody", "10.1.64.10");
  vpce["vpc_endpoint_id"] = "vpce-0123456789abcdef0";
  vpce["read_only"] = false;
  events.push_back(vpce);
  events.push_back(event("ev-04", 180, "ListBuckets", "s3.amazonaws.com", admin_identity(), "admin", "203.0.113.9"));
  json old = event("ev-05", 0, "DescribeInstances", "ec2.amazonaws.com", ec2only_identity(), "ec2only", "3.3.3.3");
  old["time"] = {{"days_ago", 91}};
  events.push_back(old);
  events.push_back({{"id", "ev-06"},
                    {"region", "us-east-1"},
                    {"time", "2026-01-01T11:30:00Z"},
                    {"event_name", "CreateTags"},
                    {"event_source", "ec2.amazonaws.com"},
                    {"access_key_id", kSessionKey},
                    {"user_identity",
                     {{"type", "AssumedRole"},
                      {"arn", "arn:aws:iam::111111111111:role/web"},
                      {"session_name", "i-00000000000000a00"}}},
                    {"source_ip", "3.3.3.3"},
                    {"read_only", false},
                    {"resources", {{{"type", "AWS::EC2::Instance"}, {"name", "i-00000000000000a00"}}}}});
  events.push_back(event("ev-07", 5, "DescribeInstances", "ec2.amazonaws.com", admin_identity(), "admin", "203.0.113.7",
                         "eu-west-1"));
  for (int i = 0; i < 60; ++i) {
    events.push_back(event(fmt::format("ev-p{:02}", i), 1000 + i, "DescribeRegions", "ec2.amazonaws.com",
                           admin_identity(), "admin", "198.51.100.20"));
  }
  doc["accounts"][0]["cloudtrail_events"] = events;
  return doc;
}

class CloudTrail : public EmulatorTest {
 public:
  void SetUp() override { start_trail({}); }
  void start_trail(emulator::EmulatorOptions options) {
    options.estate = trail_estate();
    start(std::move(options));
  }
  json lookup(const json& body, const std::string& region = "us-east-1", const Identity& who = admin_identity()) {
    Answer a = cloudtrail(who, "LookupEvents", body, region);
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body);
  }
  // The error code of a refused lookup (JSON 1.1 __type).
  std::string refused(const json& body, const Identity& who = admin_identity()) {
    Answer a = cloudtrail(who, "LookupEvents", body);
    EXPECT_EQ(a.status, 400) << a.body;
    return json::parse(a.body).value("__type", "");
  }
  static json by_key(const std::string& key) {
    return {{"LookupAttributes", {{{"AttributeKey", "AccessKeyId"}, {"AttributeValue", key}}}}};
  }
  static std::vector<std::string> ids(const json& answer) {
    std::vector<std::string> out;
    for (const auto& e : answer["Events"]) out.push_back(e["EventId"]);
    return out;
  }
};

TEST_F(CloudTrail, EventsLoadDumpAndLoadBack) {
  json state = emu_->dump_state();
  const json& events = state["accounts"][0]["cloudtrail_events"];
  ASSERT_EQ(events.size(), 67u);
  EXPECT_EQ(events[0]["region"], "eu-west-1");  // dumped region by region
  EXPECT_TRUE(emu_->load_estate(state));
  EXPECT_EQ(emu_->dump_state()["accounts"][0]["cloudtrail_events"], events);
  EXPECT_FALSE(state["accounts"][1].contains("cloudtrail_events"));  // none: key left out
}

TEST_F(CloudTrail, InvalidEventsAreRefusedNamingTheField) {
  auto error_of = [](const std::function<void(json&)>& change) {
    json doc = trail_estate();
    change(doc["accounts"][0]["cloudtrail_events"][1]);
    auto loaded = emulator::load_estate_json(doc);
    return loaded ? std::string() : loaded.error().message;
  };
  EXPECT_NE(error_of([](json& e) { e["source_ip"] = "54.1.2"; }).find("cloudtrail_events[1].source_ip"),
            std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["region"] = "mars-1"; }).find("cloudtrail_events[1].region"), std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["id"] = "ev-01"; }).find("duplicate event id"), std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["access_key_id"] = kSessionKey; }).find("cloudtrail_events[1].access_key_id"),
            std::string::npos);
  EXPECT_NE(error_of([](json& e) {
              e["time"] = {{"days_ago", 1}, {"minutes_ago", 3}};
            }).find("cloudtrail_events[1].time"),
            std::string::npos);
  EXPECT_NE(error_of([](json& e) {
              e["time"] = {{"days_ago", 9000000000000000000LL}};
            }).find("time.days_ago"),
            std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["user_identity"]["type"] = "Root"; }).find("user_identity.type"),
            std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["vpc_endpoint_id"] = "vpc-1"; }).find("vpc_endpoint_id"), std::string::npos);
  EXPECT_NE(error_of([](json& e) { e["colour"] = "red"; }).find("cloudtrail_events[1].colour"), std::string::npos);
  EXPECT_EQ(error_of([](json&) {}), "");
}

TEST_F(CloudTrail, LookupListsTheRegionsEventsNewestFirstWithinNinetyDays) {
  json page = lookup({{"MaxResults", 10}});
  EXPECT_EQ(ids(page), (std::vector<std::string>{"ev-01", "ev-06", "ev-02", "ev-03", "ev-04", "ev-p00", "ev-p01",
                                                 "ev-p02", "ev-p03", "ev-p04"}));
  const json& first = page["Events"][0];
  EXPECT_EQ(first["EventName"], "DescribeInstances");
  EXPECT_EQ(first["EventSource"], "ec2.amazonaws.com");
  EXPECT_EQ(first["AccessKeyId"], admin_identity().key);
  EXPECT_EQ(first["Username"], "admin");
  EXPECT_EQ(first["ReadOnly"], "true");
  EXPECT_EQ(first["EventTime"], kEpoch - 600);
  json record = json::parse(first["CloudTrailEvent"].get<std::string>());
  EXPECT_EQ(record["eventID"], "ev-01");
  EXPECT_EQ(record["eventType"], "AwsApiCall");
  EXPECT_EQ(record["eventTime"], "2026-01-01T11:50:00Z");
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["sourceIPAddress"], "3.3.3.3");
  EXPECT_EQ(record["recipientAccountId"], "111111111111");
  EXPECT_EQ(record["userIdentity"]["type"], "IAMUser");
  EXPECT_EQ(record["userIdentity"]["userName"], "admin");
  EXPECT_EQ(record["userIdentity"]["accessKeyId"], admin_identity().key);
  EXPECT_EQ(record["userIdentity"]["arn"], "arn:aws:iam::111111111111:user/admin");
  EXPECT_FALSE(record.contains("vpcEndpointId"));

  const json& role = page["Events"][1];
  EXPECT_EQ(role["Username"], "i-00000000000000a00");  // the session name
  EXPECT_EQ(role["ReadOnly"], "false");
  EXPECT_EQ(role["Resources"][0]["ResourceType"], "AWS::EC2::Instance");
  json session = json::parse(role["CloudTrailEvent"].get<std::string>());
  EXPECT_EQ(session["userIdentity"]["type"], "AssumedRole");
  EXPECT_EQ(session["userIdentity"]["arn"], "arn:aws:sts::111111111111:assumed-role/web/i-00000000000000a00");
  EXPECT_EQ(session["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"], "arn:aws:iam::111111111111:role/web");
  EXPECT_EQ(json::parse(page["Events"][3]["CloudTrailEvent"].get<std::string>())["vpcEndpointId"],
            "vpce-0123456789abcdef0");

  EXPECT_EQ(ids(lookup(json::object(), "eu-west-1")), std::vector<std::string>{"ev-07"});
  // ev-05 (91 days ago) is gone even when asked for.
  EXPECT_TRUE(lookup(by_key(ec2only_identity().key))["Events"].empty());
  json since = by_key(ec2only_identity().key);
  since["StartTime"] = kEpoch - 100LL * 86400;
  EXPECT_TRUE(lookup(since)["Events"].empty());
}

TEST_F(CloudTrail, LookupAttributesFilter) {
  auto one = [&](const char* key, const char* value) {
    return ids(lookup({{"LookupAttributes", {{{"AttributeKey", key}, {"AttributeValue", value}}}}}));
  };
  EXPECT_EQ(one("AccessKeyId", "AKIAPRODREADER000001"), std::vector<std::string>{"ev-02"});
  EXPECT_EQ(one("EventName", "PutObject"), std::vector<std::string>{"ev-03"});
  EXPECT_EQ(one("ReadOnly", "false"), (std::vector<std::string>{"ev-06", "ev-03"}));
  EXPECT_EQ(one("Username", "i-00000000000000a00"), std::vector<std::string>{"ev-06"});
  EXPECT_EQ(one("Username", "nobody"), std::vector<std::string>{"ev-03"});
  EXPECT_EQ(one("ResourceType", "AWS::EC2::Instance"), std::vector<std::string>{"ev-06"});
  EXPECT_EQ(one("ResourceName", "i-00000000000000a00"), std::vector<std::string>{"ev-06"});
  EXPECT_EQ(one("EventSource", "s3.amazonaws.com"), (std::vector<std::string>{"ev-02", "ev-03", "ev-04"}));
  EXPECT_EQ(one("EventId", "ev-04"), std::vector<std::string>{"ev-04"});
  EXPECT_TRUE(one("EventId", "ev-07").empty());  // another region's
}

TEST_F(CloudTrail, PagesWithNextTokenAndTimeRange) {
  json body = by_key(admin_identity().key);
  body["MaxResults"] = 25;
  std::vector<std::string> all;
  std::vector<std::size_t> sizes;
  for (int guard = 0; guard < 10; ++guard) {
    json page = lookup(body);
    for (auto& id : ids(page)) all.push_back(id);
    sizes.push_back(page["Events"].size());
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{25, 25, 12}));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 62u);
  EXPECT_EQ(all.front(), "ev-01");
  EXPECT_EQ(all.back(), "ev-p59");
  // The default page is 50.
  EXPECT_EQ(lookup(by_key(admin_identity().key))["Events"].size(), 50u);

  json range = by_key(admin_identity().key);
  range["StartTime"] = kEpoch - 1005 * 60;
  range["EndTime"] = kEpoch - 1001 * 60;
  EXPECT_EQ(ids(lookup(range)), (std::vector<std::string>{"ev-p01", "ev-p02", "ev-p03", "ev-p04", "ev-p05"}));

  // A token only resumes the listing it came from.
  json first = lookup({{"MaxResults", 1}});
  json other = by_key(admin_identity().key);
  other["NextToken"] = first["NextToken"];
  EXPECT_EQ(refused(other), "InvalidNextTokenException");
}

TEST_F(CloudTrail, BadInputIsRefusedAsCloudTrailNamesIt) {
  json two = {{"LookupAttributes",
               {{{"AttributeKey", "EventName"}, {"AttributeValue", "A"}},
                {{"AttributeKey", "EventName"}, {"AttributeValue", "B"}}}}};
  EXPECT_EQ(refused(two), "InvalidLookupAttributesException");
  EXPECT_EQ(refused({{"LookupAttributes", {{{"AttributeKey", "Colour"}, {"AttributeValue", "red"}}}}}),
            "InvalidLookupAttributesException");
  EXPECT_EQ(refused({{"LookupAttributes", {{{"AttributeKey", "EventName"}}}}}), "InvalidLookupAttributesException");
  EXPECT_EQ(refused({{"MaxResults", 0}}), "InvalidMaxResultsException");
  EXPECT_EQ(refused({{"MaxResults", 51}}), "InvalidMaxResultsException");
  EXPECT_EQ(refused({{"StartTime", kEpoch}, {"EndTime", kEpoch - 60}}), "InvalidTimeRangeException");
  EXPECT_EQ(refused({{"NextToken", "not-a-token"}}), "InvalidNextTokenException");
  EXPECT_EQ(refused({{"StartTime", "yesterday"}}), "SerializationException");
  EXPECT_EQ(refused({{"EndTime", 1e300}}), "SerializationException");
  EXPECT_EQ(refused(json::object(), nobody_identity()), "AccessDeniedException");
  EXPECT_EQ(cloudtrail(reader_identity(), "LookupEvents", json::object()).status, 200);  // ReadOnlyAccess grants it
  Answer unknown = cloudtrail(admin_identity(), "DescribeTrails", json::object());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["__type"], "UnknownOperationException");
  // af-south-1 is not enabled for prod: its credentials are not valid there.
  Answer opt_in = cloudtrail(admin_identity(), "LookupEvents", json::object(), "af-south-1");
  EXPECT_EQ(json::parse(opt_in.body)["__type"], "UnrecognizedClientException");
}

TEST_F(CloudTrail, ThrottledAtTwoRequestsPerSecondPerAccountAndRegion) {
  emulator::EmulatorOptions options;
  options.throttle = true;
  start_trail(options);
  EXPECT_EQ(cloudtrail(admin_identity(), "LookupEvents", json::object()).status, 200);
  EXPECT_EQ(cloudtrail(reader_identity(), "LookupEvents", json::object()).status, 200);  // same account
  Answer limited = cloudtrail(admin_identity(), "LookupEvents", json::object());
  EXPECT_EQ(limited.status, 400);
  EXPECT_EQ(json::parse(limited.body)["__type"], "ThrottlingException");
  EXPECT_EQ(cloudtrail(admin_identity(), "LookupEvents", json::object(), "eu-west-1").status, 200);  // its own bucket
  EXPECT_EQ(cloudtrail(dev_identity(), "LookupEvents", json::object()).status, 200);  // another account's
  advance(std::chrono::seconds(1));
  EXPECT_EQ(cloudtrail(admin_identity(), "LookupEvents", json::object()).status, 200);
  EXPECT_EQ(cloudtrail(admin_identity(), "LookupEvents", json::object()).status, 200);
  EXPECT_EQ(cloudtrail(admin_identity(), "LookupEvents", json::object()).status, 400);
}

TEST_F(CloudTrail, FaultsAreInjectedAsForEveryOperation) {
  emulator::EmulatorOptions options;
  options.faults.internal = 1.0;
  start_trail(options);
  Answer a = cloudtrail(admin_identity(), "LookupEvents", json::object());
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(json::parse(a.body)["__type"], "InternalFailure");
}

TEST_F(CloudTrail, TruthJoinsEventsToInstances) {
  json truth = emu_->truth();
  std::map<std::string, json> use;
  for (const auto& entry : truth["key_use"]) use[entry["instance_id"]] = entry;
  EXPECT_FALSE(use.contains("i-00000000000000a0a"));  // terminated: not judged
  ASSERT_TRUE(use.contains("i-00000000000000a06"));
  const json& eip = use["i-00000000000000a06"];  // ev-01 from its Elastic IP (ev-05 is too old)
  EXPECT_EQ(eip["status"], "FAIL");
  EXPECT_EQ(eip["confidence"], "exact");
  EXPECT_EQ(eip["candidates"], 1);
  EXPECT_EQ(eip["keys"], json::array({base::redact_key_id(admin_identity().key)}));
  const json& vpce = use["i-00000000000000a07"];  // behind the NAT (ev-02) and by VPC endpoint (ev-03)
  EXPECT_EQ(vpce["confidence"], "exact");
  // The test keys all end in 0001: one redacted id for both (keys are redacted ids, sorted, unique).
  std::set<std::string> keys = {base::redact_key_id(reader_identity().key), base::redact_key_id(nobody_identity().key)};
  EXPECT_EQ(vpce["keys"], json(keys));
  const json& nat = use["i-00000000000000a08"];
  EXPECT_EQ(nat["status"], "FAIL");
  EXPECT_EQ(nat["confidence"], "ambiguous");
  EXPECT_EQ(nat["candidates"], 2);
  EXPECT_EQ(nat["keys"], json::array({base::redact_key_id(reader_identity().key)}));
  const json& clean = use["i-00000000000000a00"];  // only a role session came from it
  EXPECT_EQ(clean["status"], "PASS");
  EXPECT_EQ(clean["confidence"], "");
  EXPECT_EQ(clean["candidates"], 0);
  EXPECT_EQ(clean["keys"], json::array());
  // Its role session (ev-06) called from a06's Elastic IP: not from a00, the healthy case's opposite.
  EXPECT_EQ(clean["role_session_calls"], 0);
  EXPECT_EQ(clean["role_session_calls_elsewhere"], 1);
  EXPECT_EQ(eip["role_session_calls"], 0);  // named after a00, not a06, whatever the address
  int fails = 0;
  for (const auto& [id, entry] : use) fails += entry["status"] == "FAIL";
  EXPECT_EQ(fails, 3);  // ev-04, ev-07 and the paging events came from outside
  EXPECT_EQ(clean["account_id"], "111111111111");
  EXPECT_EQ(clean["region"], "us-east-1");
}

TEST_F(CloudTrail, TruthCountsRoleSessionsFromTheirOwnInstance) {
  json state = emu_->dump_state();
  json& events = state["accounts"][0]["cloudtrail_events"];
  json own = events[0];
  for (const auto& e : events) {
    if (e["id"] == "ev-06") own = e;
  }
  own["id"] = "ev-06b";
  own["user_identity"]["session_name"] = "i-00000000000000a06";
  own["time"] = {{"minutes_ago", 30}};
  events.push_back(own);  // a06's session from its own Elastic IP, twice
  own["id"] = "ev-06c";
  events.push_back(own);
  ASSERT_TRUE(emu_->load_estate(state));
  std::map<std::string, json> use;
  const json truth = emu_->truth();
  for (const auto& entry : truth["key_use"]) use[entry["instance_id"]] = entry;
  ASSERT_TRUE(use.contains("i-00000000000000a06")) << truth["key_use"].dump().substr(0, 600);
  EXPECT_EQ(use["i-00000000000000a06"]["role_session_calls"], 2);
  EXPECT_EQ(use["i-00000000000000a06"]["role_session_calls_elsewhere"], 0);
  EXPECT_EQ(use["i-00000000000000a06"]["status"], "FAIL");  // its key use stays what it was
}

TEST_F(CloudTrail, CallsWithLongTermKeysAreRecordedWhenAsked) {
  auto recorded = [&](const Identity& who) {
    std::vector<json> out;
    for (const char* region : {"us-east-1", "eu-west-1"}) {
      json page = lookup(by_key(who.key), region);  // kept: the loop must not iterate a temporary's member
      for (auto& e : page["Events"]) {
        if (e["EventId"].get<std::string>().starts_with("ev-")) continue;  // the estate's own
        out.push_back(json::parse(e["CloudTrailEvent"].get<std::string>()));
      }
    }
    return out;
  };
  ASSERT_EQ(query(reader_identity(), "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  EXPECT_TRUE(recorded(reader_identity()).empty());  // off by default

  emulator::EmulatorOptions options;
  options.record_calls = true;
  start_trail(options);
  ASSERT_EQ(query(reader_identity(), "ec2", {{"Action", "DescribeInstances"}}, "eu-west-1").status, 200);
  advance(std::chrono::seconds(60));
  ASSERT_EQ(query(reader_identity(), "iam", {{"Action", "ListUsers"}}, "eu-west-1").status, 200);
  std::vector<json> events = recorded(reader_identity());
  ASSERT_EQ(events.size(), 2u);
  const json& iam = events[0];  // IAM is global: recorded in us-east-1
  EXPECT_EQ(iam["eventName"], "ListUsers");
  EXPECT_EQ(iam["eventSource"], "iam.amazonaws.com");
  EXPECT_EQ(iam["awsRegion"], "us-east-1");
  const json& ec2 = events[1];
  EXPECT_EQ(ec2["eventName"], "DescribeInstances");
  EXPECT_EQ(ec2["awsRegion"], "eu-west-1");
  EXPECT_EQ(ec2["sourceIPAddress"], "127.0.0.1");
  EXPECT_FALSE(ec2["userAgent"].get<std::string>().empty());
  EXPECT_EQ(ec2["userIdentity"]["userName"], "reader");
  EXPECT_EQ(ec2["readOnly"], true);
  EXPECT_EQ(ec2["eventTime"], "2026-01-01T12:00:00Z");
  // The key's last use is the newest call.
  Answer used =
      query(admin_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", reader_identity().key}});
  EXPECT_EQ(used.find("ServiceName"), "iam");
  EXPECT_EQ(used.find("Region"), "us-east-1");
  EXPECT_EQ(used.find("LastUsedDate"), "2026-01-01T12:01:00Z");
  // A role session's calls are recorded as AssumedRole, named by the session; LookupEvents itself is not.
  Answer session = query(admin_identity(), "sts",
                         {{"Action", "AssumeRole"},
                          {"RoleArn", "arn:aws:iam::111111111111:role/admin-role"},
                          {"RoleSessionName", "audit"}});
  Identity role{session.find("AccessKeyId"), session.find("SecretAccessKey"), session.find("SessionToken")};
  ASSERT_EQ(query(role, "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  json by_role = lookup(by_key(role.key));
  ASSERT_EQ(by_role["Events"].size(), 1u);
  EXPECT_EQ(by_role["Events"][0]["Username"], "audit");
  json session_record = json::parse(by_role["Events"][0]["CloudTrailEvent"].get<std::string>());
  EXPECT_EQ(session_record["userIdentity"]["type"], "AssumedRole");
  EXPECT_EQ(session_record["userIdentity"]["arn"], "arn:aws:sts::111111111111:assumed-role/admin-role/audit");
  EXPECT_EQ(session_record["readOnly"], true);
  EXPECT_EQ(recorded(reader_identity()).size(), 2u);
  // The state dump carries the recorded events, and they load back.
  json state = emu_->dump_state();
  EXPECT_TRUE(emu_->load_estate(state));
  EXPECT_EQ(recorded(reader_identity()).size(), 2u);
}

TEST_F(CloudTrail, S3BucketCallsAreRecordedAsManagementEventsObjectCallsAreNot) {
  emulator::EmulatorOptions options;
  options.record_calls = true;
  start_trail(options);
  const Identity& admin = admin_identity();
  ASSERT_EQ(s3_send(admin, "PUT", "/evidence-bucket", "", "", "us-east-1").status, 200);
  ASSERT_EQ(s3_send(admin, "PUT", "/evidence-bucket/notes.txt", "hello", "text/plain", "us-east-1").status, 200);
  ASSERT_EQ(s3_get(admin, "/evidence-bucket?list-type=2").status, 200);
  ASSERT_EQ(s3_get(admin, "/evidence-bucket/notes.txt").status, 200);
  ASSERT_EQ(
      s3_send(admin, "PUT", "/evidence-bucket?policy",
              R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",)"
              R"("Resource":"arn:aws:s3:::evidence-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})",
              "", "us-east-1")
          .status,
      204);
  ASSERT_EQ(s3_get(admin, "/").status, 200);
  ASSERT_EQ(s3_get(admin, "/evidence-bucket/missing.txt").status, 404);  // failed: not recorded here

  std::map<std::string, bool> read_only;  // by event name, the calls recorded for the admin's key
  json page = lookup(by_key(admin.key));
  for (const auto& e : page["Events"]) {
    if (e["EventId"].get<std::string>().starts_with("ev-")) continue;  // the estate's own
    json record = json::parse(e["CloudTrailEvent"].get<std::string>());
    EXPECT_EQ(record["eventSource"], "s3.amazonaws.com");
    EXPECT_EQ(record["awsRegion"], "us-east-1");
    EXPECT_EQ(record["userIdentity"]["type"], "IAMUser");
    read_only[record["eventName"]] = record["readOnly"];
  }
  EXPECT_EQ(read_only,
            (std::map<std::string, bool>{{"CreateBucket", false}, {"ListBuckets", true}, {"PutBucketPolicy", false}}))
      << "PutObject, ListObjectsV2 and GetObject are data events";
}

TEST_F(CloudTrail, RecordedCallsCarryWhatTheyTouchedAsAwsRecordsItNeverASecret) {
  emulator::EmulatorOptions options;
  options.record_calls = true;
  start_trail(options);
  ASSERT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "ModifyInstanceMetadataOptions"},
                   {"InstanceId", "i-00000000000000a06"},
                   {"HttpTokens", "required"}})
                .status,
            200);
  Answer created = query(admin_identity(), "iam", {{"Action", "CreateAccessKey"}, {"UserName", "reader"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string secret = created.find("SecretAccessKey");
  ASSERT_FALSE(secret.empty());
  std::map<std::string, json> records;
  json page = lookup(by_key(admin_identity().key));
  for (auto& e : page["Events"]) {
    if (e["EventId"].get<std::string>().starts_with("ev-")) continue;  // the estate's own
    const std::string text = e["CloudTrailEvent"].get<std::string>();
    EXPECT_EQ(text.find(secret), std::string::npos) << "a new key's secret is never recorded";
    json record = json::parse(text);
    records[record["eventName"].get<std::string>()] = record;
  }
  ASSERT_TRUE(records.contains("ModifyInstanceMetadataOptions"));
  EXPECT_EQ(records["ModifyInstanceMetadataOptions"]["requestParameters"]["ModifyInstanceMetadataOptionsRequest"]
                   ["InstanceId"],
            "i-00000000000000a06");
  EXPECT_EQ(records["ModifyInstanceMetadataOptions"]["responseElements"]["ModifyInstanceMetadataOptionsResponse"]
                   ["instanceId"],
            "i-00000000000000a06");
  ASSERT_TRUE(records.contains("CreateAccessKey"));
  EXPECT_EQ(records["CreateAccessKey"]["requestParameters"]["userName"], "reader");
  EXPECT_EQ(records["CreateAccessKey"]["responseElements"]["accessKey"]["accessKeyId"], created.find("AccessKeyId"));
  EXPECT_FALSE(records["CreateAccessKey"]["responseElements"]["accessKey"].contains("secretAccessKey"));
}

}  // namespace
}  // namespace rolecall::testing
