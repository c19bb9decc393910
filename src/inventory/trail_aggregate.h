#pragma once
// What reading a trail's log files adds up to, wherever the bytes come from (a directory:
// inventory/trail_files.h; an S3 bucket: inventory/trail_s3.h): each thread parses files into its
// own table of long-term key uses and covered accounts and regions, merged once at the end into
// the scan's KeyEvidence. Only events within the window count.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/trail_window.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// A file that could not be read or parsed.
struct TrailFileFailure {
  std::string path;  // the file, or s3://bucket/key
  Error error;       // kIo (unreadable), kParse (corrupt, truncated, not CloudTrail), kAuth...; names the file
};

// The per-thread parsers and tables of one read. parse() and fail() may be called concurrently
// with different `thread`s; finish() after they all returned.
class TrailAggregator {
 public:
  TrailAggregator(const TrailWindow& window, unsigned threads);
  ~TrailAggregator();
  TrailAggregator(const TrailAggregator&) = delete;
  TrailAggregator& operator=(const TrailAggregator&) = delete;

  // Parses one file's bytes (gzip or JSON) on `thread`: its long-term key records within the window
  // count, and when `name` follows a trail's layout and was delivered within the window, the file
  // covers its account and region. A corrupt file is a failure naming `name`.
  void parse(unsigned thread, const std::string& name, std::string_view bytes);
  // Records a file that could not be fetched.
  void fail(std::string name, Error error);

  // The evidence (source kTrailFiles, `location` as its directory, uses sorted by key, region,
  // source, endpoint, coverage sorted by account, region) and the failures sorted by name.
  KeyEvidence finish(const std::string& location, std::size_t skipped_files);
  std::vector<TrailFileFailure> take_failures();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Moves `failures` into `inventory.scope_errors`: the first few by name, then one counting the rest.
void add_trail_failures(std::vector<TrailFileFailure> failures, const std::string& location, Inventory& inventory);

}  // namespace rolecall::inventory
