// inventory::TrailFileParser: one trail log file's bytes, gzip or plain, to its long-term key
// and instance role session records; hostile input (truncated or corrupt gzip, wrong JSON, missing or mistyped fields,
// huge strings) is a kParse error saying what is wrong, never a crash.
#include "inventory/trail_file_parse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/encode.h"

namespace rolecall::inventory {
namespace {

using nlohmann::json;

json key_record(const std::string& key, const std::string& ip, const std::string& time = "2026-11-30T12:00:00Z") {
  return {{"eventVersion", "1.08"},
          {"userIdentity",
           {{"type", "IAMUser"},
            {"principalId", "AIDAEXAMPLE"},
            {"arn", "arn:aws:iam::111111111111:user/deploy"},
            {"accountId", "111111111111"},
            {"accessKeyId", key},
            {"userName", "deploy"}}},
          {"eventTime", time},
          {"eventSource", "s3.amazonaws.com"},
          {"eventName", "GetObject"},
          {"awsRegion", "eu-west-1"},
          {"sourceIPAddress", ip},
          {"userAgent", "aws-cli/2.15.0"},
          {"requestParameters", {{"bucketName", "b"}, {"key", "k"}}},
          {"responseElements", nullptr},
          {"requestID", "r"},
          {"eventID", "e"},
          {"readOnly", true},
          {"eventType", "AwsApiCall"},
          {"managementEvent", true},
          {"recipientAccountId", "111111111111"}};
}

json role_record() {
  json r = key_record("ASIAROLESESSIONKEY01", "54.1.2.3");
  r["userIdentity"] = {{"type", "AssumedRole"},
                       {"accessKeyId", "ASIAROLESESSIONKEY01"},
                       {"sessionContext", {{"sessionIssuer", {{"type", "Role"}}}}}};
  return r;
}

json service_record() {
  json r = key_record("", "ec2.amazonaws.com");
  r["userIdentity"] = {{"type", "AWSService"}, {"invokedBy", "ec2.amazonaws.com"}};
  return r;
}

std::string file_text(const std::vector<json>& records) { return json{{"Records", records}}.dump(); }

struct Parsed {
  Result<TrailFileCounts> counts;
  std::vector<std::vector<std::string>> records;  // key, account, user, region, ip, vpce, time, name, agent
};

Parsed parse(std::string_view bytes) {
  TrailFileParser parser;
  Parsed out{TrailFileCounts{}, {}};
  out.counts = parser.parse(bytes, [&](const TrailKeyRecord& r) {
    out.records.push_back({std::string(r.key_id), std::string(r.account), std::string(r.user), std::string(r.region),
                           std::string(r.source_ip), std::string(r.vpc_endpoint_id), std::string(r.event_time),
                           std::string(r.event_name), std::string(r.user_agent)});
  });
  return out;
}

std::string parse_error(std::string_view bytes) {
  Parsed p = parse(bytes);
  if (p.counts) return "no error";
  EXPECT_EQ(p.counts.error().kind, ErrorKind::kParse) << p.counts.error().message;
  return p.counts.error().message;
}

TEST(TrailFileParse, KeepsOnlyLongTermKeyRecords) {
  json vpce = key_record("AKIAKEYTWOKEYTWOKEY2", "10.0.0.5");
  vpce["vpcEndpointId"] = "vpce-0123";
  const std::string text =
      file_text({key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3"), role_record(), service_record(), vpce});
  for (const std::string& bytes : {text, testing::gzip(text)}) {
    Parsed p = parse(bytes);
    ASSERT_TRUE(p.counts) << p.counts.error().message;
    EXPECT_EQ(p.counts->records, 4u);
    EXPECT_EQ(p.counts->key_records, 2u);
    ASSERT_EQ(p.records.size(), 2u);
    EXPECT_EQ(p.records[0],
              (std::vector<std::string>{"AKIAKEYONEKEYONEKEY1", "111111111111", "deploy", "eu-west-1", "54.1.2.3", "",
                                        "2026-11-30T12:00:00Z", "GetObject", "aws-cli/2.15.0"}));
    EXPECT_EQ(p.records[1][4], "10.0.0.5");
    EXPECT_EQ(p.records[1][5], "vpce-0123");
  }
}

// A role session as EC2 names an instance profile's: after the instance.
json session_record(const std::string& arn) {
  json r = role_record();
  r["userIdentity"]["arn"] = arn;
  r["userIdentity"]["principalId"] = "AROAEXAMPLE:" + arn.substr(arn.rfind('/') + 1);
  return r;
}

TEST(TrailFileParse, KeepsRoleSessionsNamedAfterAnInstance) {
  json missing_ip = session_record("arn:aws:sts::111111111111:assumed-role/app/i-0123456789abcdef0");
  missing_ip.erase("sourceIPAddress");
  json untyped_arn = session_record("arn:aws:sts::111111111111:assumed-role/app/i-0123456789abcdef0");
  untyped_arn["userIdentity"]["arn"] = 7;
  const std::string text = file_text({
      session_record("arn:aws:sts::111111111111:assumed-role/app-role/i-0123456789abcdef0"),
      session_record("arn:aws-cn:sts::111111111111:assumed-role/legacy/i-0a1b2c3d"),
      session_record("arn:aws:sts::111111111111:assumed-role/app-role/deploy-bot"),           // not an instance
      session_record("arn:aws:sts::111111111111:assumed-role/app-role/i-0123456789ABCDEF0"),  // not lowercase hex
      session_record("arn:aws:iam::111111111111:role/app-role/i-0123456789abcdef0"),          // not a session
      missing_ip,                                                                             // skipped, no error
      untyped_arn,
      key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3"),
  });
  TrailFileParser parser;
  std::vector<std::vector<std::string>> sessions;
  std::size_t keys = 0;
  auto counts = parser.parse(text, [&](const TrailKeyRecord& r) {
    if (r.caller == TrailCaller::kLongTermKey) {
      ++keys;
      EXPECT_EQ(r.key_id, "AKIAKEYONEKEYONEKEY1");
      return;
    }
    sessions.push_back({std::string(r.role_name), std::string(r.session_name), std::string(r.account),
                        std::string(r.source_ip), std::string(r.user)});
  });
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->records, 8u);
  EXPECT_EQ(counts->key_records, 1u);
  EXPECT_EQ(counts->session_records, 2u);
  EXPECT_EQ(keys, 1u);
  EXPECT_EQ(sessions, (std::vector<std::vector<std::string>>{
                          {"app-role", "i-0123456789abcdef0", "111111111111", "54.1.2.3", ""},
                          {"legacy", "i-0a1b2c3d", "111111111111", "54.1.2.3", ""},
                      }));
}

TEST(TrailFileParse, InstanceIdShape) {
  EXPECT_TRUE(is_instance_id("i-0123456789abcdef0"));
  EXPECT_TRUE(is_instance_id("i-0a1b2c3d"));
  EXPECT_FALSE(is_instance_id("i-0a1b2c3"));
  EXPECT_FALSE(is_instance_id("i-0123456789abcdef"));
  EXPECT_FALSE(is_instance_id("i-0123456789abcdeg0"));
  EXPECT_FALSE(is_instance_id("j-0123456789abcdef0"));
  EXPECT_FALSE(is_instance_id(""));
}

TEST(TrailFileParse, ReadsFieldsInAnyOrderAndEveryGzipMember) {
  // Fields after userIdentity or before it, escaped strings, and a file of two gzip members.
  const std::string text =
      R"({"Records":[{"eventTime":"2026-11-30T12:00:00Z","recipientAccountId":"111111111111","eventName":"Put\u004fbject",)"
      R"("awsRegion":"us-east-1","sourceIPAddress":"54.1.2.3","userIdentity":{"userName":"a\"b","accessKeyId":"AKIAORDERORDERORDER1"}}]})";
  const std::size_t half = text.size() / 2;
  Parsed p = parse(testing::gzip(text.substr(0, half)) + testing::gzip(text.substr(half)));
  ASSERT_TRUE(p.counts) << p.counts.error().message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0][7], "PutObject");
  EXPECT_EQ(p.records[0][2], "a\"b");
}

TEST(TrailFileParse, AnEmptyTrailFileHasNoRecords) {
  Parsed p = parse(testing::gzip(R"({"Records":[]})"));
  ASSERT_TRUE(p.counts);
  EXPECT_EQ(p.counts->records, 0u);
}

TEST(TrailFileParse, TruncatedOrCorruptGzipIsAParseError) {
  const std::string gz = testing::gzip(file_text({key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3")}));
  EXPECT_EQ(parse_error(gz.substr(0, gz.size() - 6)), "truncated gzip data");
  EXPECT_EQ(parse_error(gz.substr(0, 12)), "truncated gzip data");
  EXPECT_EQ(parse_error(gz.substr(0, 2)), "truncated gzip data");
  std::string corrupt = gz;
  for (std::size_t i = 12; i < corrupt.size() - 8; i += 3) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  const std::string why = parse_error(corrupt);
  EXPECT_TRUE(why.starts_with("corrupt gzip data") || why == "truncated gzip data") << why;
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
  EXPECT_EQ(parse_error(bad_crc), "corrupt gzip data (checksum mismatch)");
  EXPECT_EQ(parse_error(gz + "garbage"), "trailing garbage after the gzip data");
}

TEST(TrailFileParse, WrongJsonIsNotACloudTrailFile) {
  EXPECT_TRUE(parse_error("").starts_with("not a CloudTrail log file"));
  EXPECT_TRUE(parse_error("not json").starts_with("not a CloudTrail log file"));
  EXPECT_EQ(parse_error("[1,2]"), "not a CloudTrail log file: not a JSON object");
  EXPECT_EQ(parse_error(R"({"Events":[]})"), "not a CloudTrail log file: no Records array");
  EXPECT_EQ(parse_error(R"({"Records":{}})"), "not a CloudTrail log file: Records is not an array");
  EXPECT_EQ(parse_error(R"({"Records":[1]})"), "Records[0]: not a JSON object");
  const std::string text = file_text({key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3")});
  EXPECT_NE(parse_error(text.substr(0, text.size() - 3)), "no error");  // truncated JSON
  EXPECT_NE(parse_error(testing::gzip(text.substr(0, text.size() / 2))), "no error");
}

TEST(TrailFileParse, ALongTermKeyRecordNeedsItsFields) {
  for (const char* field : {"eventTime", "eventName", "awsRegion", "sourceIPAddress", "recipientAccountId"}) {
    json r = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3");
    r.erase(field);
    EXPECT_TRUE(parse_error(file_text({role_record(), r})).starts_with("Records[1]: ")) << field;
    EXPECT_NE(parse_error(file_text({role_record(), r})).find(field), std::string::npos) << field;
  }
  json bad_time = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3", "30/11/2026");
  EXPECT_EQ(parse_error(file_text({bad_time})), "Records[0]: eventTime is missing or not YYYY-MM-DDTHH:MM:SSZ");
  json typed = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3");
  typed["sourceIPAddress"] = 54;
  EXPECT_EQ(parse_error(file_text({typed})), "Records[0]: sourceIPAddress is not a string");
  typed = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3");
  typed["userIdentity"]["userName"] = json::array();
  EXPECT_EQ(parse_error(file_text({typed})), "Records[0]: userIdentity.userName is not a string");
  // A role session's or a service's record is only counted: its fields are not checked.
  json loose = role_record();
  loose.erase("eventTime");
  loose["sourceIPAddress"] = 1;
  Parsed p = parse(file_text({loose, service_record()}));
  ASSERT_TRUE(p.counts) << p.counts.error().message;
  EXPECT_EQ(p.counts->records, 2u);
  EXPECT_EQ(p.counts->key_records, 0u);
  // Optional fields may be absent or null.
  json sparse = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3");
  sparse.erase("userAgent");
  sparse["userIdentity"]["userName"] = nullptr;
  p = parse(file_text({sparse}));
  ASSERT_TRUE(p.counts) << p.counts.error().message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0][2], "");
  EXPECT_EQ(p.records[0][8], "");
}

TEST(TrailFileParse, HugeStringsAreRead) {
  json r = key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3");
  r["userAgent"] = std::string(8 << 20, 'a');
  r["requestParameters"] = {{"blob", std::string(4 << 20, 'b')}};
  Parsed p = parse(testing::gzip(file_text({r})));
  ASSERT_TRUE(p.counts) << p.counts.error().message;
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0][8].size(), std::size_t{8} << 20);
}

TEST(TrailFileParse, AParserIsReusedAcrossFiles) {
  TrailFileParser parser;
  std::size_t seen = 0;
  auto count = [&](const TrailKeyRecord&) { ++seen; };
  const std::string good = testing::gzip(file_text({key_record("AKIAKEYONEKEYONEKEY1", "54.1.2.3")}));
  ASSERT_TRUE(parser.parse(good, count));
  ASSERT_FALSE(parser.parse(good.substr(0, 20), count));
  ASSERT_FALSE(parser.parse("{", count));
  ASSERT_TRUE(parser.parse(good, count));
  EXPECT_EQ(seen, 2u);
}

}  // namespace
}  // namespace rolecall::inventory
