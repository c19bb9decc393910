#include "emulator/services/cloudtrail/trail_files.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "base/json_text.h"
#include "base/sha256.h"
#include "emulator/services/cloudtrail/event_record.h"

namespace rolecall::emulator::cloudtrail {
namespace {

// CloudTrail delivers a region's events about every 5 minutes.
constexpr long long kTrailSliceSeconds = 300;

long long epoch_seconds_of(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::tm utc_tm(long long seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// The gzip member of `text` (zlib's deflate with a gzip header: windowBits 15 + 16).
Result<std::string> gzip_text(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return fail(ErrorKind::kInternal, "deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const std::size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return fail(ErrorKind::kInternal, "deflate did not finish");
  out.resize(produced);
  return out;
}

// AWS's file name suffix: 16 characters, here fixed by the file's place so reruns agree.
std::string trail_file_suffix(const std::string& account, const std::string& region, long long slice) {
  static constexpr std::string_view kSuffixChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::string h = base::sha256_hex(fmt::format("trail-file:{}:{}:{}", account, region, slice));
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    const unsigned v = static_cast<unsigned>(std::stoul(h.substr(i * 2, 2), nullptr, 16));
    out += kSuffixChars[v % kSuffixChars.size()];
  }
  return out;
}

Result<void> write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return fail(ErrorKind::kIo, fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return fail(ErrorKind::kIo, fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  return {};
}

}  // namespace

Result<std::vector<TrailFileObject>> trail_file_objects(const Estate& estate, TimePoint now) {
  std::vector<TrailFileObject> out;
  for (const auto& account : estate.accounts) {
    for (const auto& [region, data] : account.regions) {
      // Slice start -> the slice's events, oldest first.
      std::map<long long, std::vector<std::pair<TimePoint, const TrailEvent*>>> slices;
      for (const auto& e : data.events) {
        const TimePoint when = e.when.at(now);
        if (when > now) continue;  // not delivered yet
        const long long t = epoch_seconds_of(when);
        slices[t - (t % kTrailSliceSeconds + kTrailSliceSeconds) % kTrailSliceSeconds].emplace_back(when, &e);
      }
      for (auto& [slice, events] : slices) {
        std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        nlohmann::json records = nlohmann::json::array();
        for (const auto& [when, e] : events)
          records.push_back(event_record(*e, estate.partition, account.id, region, now));
        auto gz = gzip_text(base::json_text(nlohmann::json{{"Records", std::move(records)}}));
        if (!gz) return fail(gz.error());
        const std::tm delivered = utc_tm(slice + kTrailSliceSeconds);  // filed and named for when the slice closes
        const std::string name =
            fmt::format("{}_CloudTrail_{}_{:04}{:02}{:02}T{:02}{:02}Z_{}.json.gz", account.id, region,
                        delivered.tm_year + 1900, delivered.tm_mon + 1, delivered.tm_mday, delivered.tm_hour,
                        delivered.tm_min, trail_file_suffix(account.id, region, slice));
        out.push_back({fmt::format("AWSLogs/{}/CloudTrail/{}/{:04}/{:02}/{:02}/{}", account.id, region,
                                   delivered.tm_year + 1900, delivered.tm_mon + 1, delivered.tm_mday, name),
                       std::move(*gz), TimePoint(std::chrono::seconds(slice + kTrailSliceSeconds)), events.size()});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const TrailFileObject& a, const TrailFileObject& b) { return a.key < b.key; });
  return out;
}

Result<TrailFilesWritten> write_trail_files(const Estate& estate, TimePoint now, const std::string& dir) {
  auto objects = trail_file_objects(estate, now);
  if (!objects) return fail(objects.error());
  TrailFilesWritten written;
  for (const auto& object : *objects) {
    if (auto ok = write_bytes(std::filesystem::path(dir) / object.key, object.bytes); !ok) return fail(ok.error());
    ++written.files;
    written.records += object.records;
  }
  return written;
}

}  // namespace rolecall::emulator::cloudtrail
