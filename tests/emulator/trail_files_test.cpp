// The emulator's trail log files (--trail-out): AWS's layout, one gzip file per account, region and
// 5-minute slice named by the slice's end, each record the CloudTrailEvent LookupEvents serves,
// oldest first, events not yet happened left out.
#include "emulator/services/cloudtrail/trail_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/iso8601.h"
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"
#include "emulator/network_estate.h"
#include "emulator/services/cloudtrail/event_record.h"

namespace rolecall::testing {
namespace {

using nlohmann::json;

json trail_file_event(const std::string& id, const std::string& time, const std::string& region) {
  return {
      {"id", id},
      {"region", region},
      {"time", time},
      {"event_name", "GetObject"},
      {"event_source", "s3.amazonaws.com"},
      {"access_key_id", admin_identity().key},
      {"user_identity", {{"type", "IAMUser"}, {"user_name", "admin"}, {"arn", "arn:aws:iam::111111111111:user/admin"}}},
      {"source_ip", "3.3.3.3"},
      {"user_agent", "aws-cli/2.15.0"}};
}

std::string gunzip_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string gz{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(EmulatorTrailFiles, WritesAwsLayoutOneFilePerAccountRegionAndSlice) {
  json doc = networked_estate();
  doc["accounts"][0]["cloudtrail_events"] = {
      trail_file_event("ev-b", "2026-01-01T11:33:00Z", "us-east-1"),
      trail_file_event("ev-a", "2026-01-01T11:30:00Z", "us-east-1"),  // same slice, earlier: first
      trail_file_event("ev-c", "2026-01-01T23:58:00Z", "us-east-1"),  // delivered the next day
      trail_file_event("ev-d", "2026-01-01T11:31:00Z", "eu-west-1"),
      trail_file_event("ev-e", "2026-03-01T00:00:00Z", "us-east-1"),  // after now: not delivered
  };
  auto estate = emulator::load_estate_json(doc);
  ASSERT_TRUE(estate) << estate.error().message;
  char pattern[] = "/tmp/rolecall-trail-files-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path dir(pattern);
  const auto now = *base::parse_iso8601("2026-02-01T00:00:00Z");
  auto written = emulator::cloudtrail::write_trail_files(*estate, now, dir.string());
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(written->files, 3u);
  EXPECT_EQ(written->records, 4u);

  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(std::filesystem::relative(entry.path(), dir).string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 3u);
  const std::string account = "111111111111";
  EXPECT_TRUE(files[0].starts_with("AWSLogs/" + account + "/CloudTrail/eu-west-1/2026/01/01/" + account +
                                   "_CloudTrail_eu-west-1_20260101T1135Z_"))
      << files[0];
  EXPECT_TRUE(files[1].starts_with("AWSLogs/" + account + "/CloudTrail/us-east-1/2026/01/01/" + account +
                                   "_CloudTrail_us-east-1_20260101T1135Z_"))
      << files[1];
  EXPECT_TRUE(files[2].starts_with("AWSLogs/" + account + "/CloudTrail/us-east-1/2026/01/02/" + account +
                                   "_CloudTrail_us-east-1_20260102T0000Z_"))
      << files[2];
  for (const auto& f : files) {
    EXPECT_TRUE(f.ends_with(".json.gz"));
    EXPECT_EQ(f.size() - f.rfind('_') - 1, 16u + 8u) << f;  // 16 characters, then ".json.gz"
  }

  json records = json::parse(gunzip_file(dir / files[1]))["Records"];
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["eventID"], "ev-a");
  EXPECT_EQ(records[1]["eventID"], "ev-b");
  const auto& events = estate->accounts[0].regions.at("us-east-1").events;
  auto ev_a = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.id == "ev-a"; });
  ASSERT_NE(ev_a, events.end());
  EXPECT_EQ(records[0], emulator::cloudtrail::event_record(*ev_a, "aws", account, "us-east-1", now));
  EXPECT_EQ(records[0]["userIdentity"]["accessKeyId"], admin_identity().key);
  EXPECT_TRUE(records[0]["requestParameters"].is_null());

  // A rerun rewrites the same names.
  ASSERT_TRUE(emulator::cloudtrail::write_trail_files(*estate, now, dir.string()));
  std::size_t again = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) again += entry.is_regular_file();
  EXPECT_EQ(again, 3u);
  std::filesystem::remove_all(dir);
}

TEST(EmulatorTrailFiles, AnUnwritableDirectoryIsAnIoErrorNamingIt) {
  json doc = networked_estate();
  doc["accounts"][0]["cloudtrail_events"] = {trail_file_event("ev-a", "2026-01-01T11:30:00Z", "us-east-1")};
  auto with_event = emulator::load_estate_json(doc);
  ASSERT_TRUE(with_event);
  auto written = emulator::cloudtrail::write_trail_files(*with_event, *base::parse_iso8601("2026-02-01T00:00:00Z"),
                                                         "/proc/rolecall-not-writable");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::kIo);
  EXPECT_NE(written.error().message.find("/proc/rolecall-not-writable"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::testing
