#include "inventory/trail_s3.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "aws/ops/s3_objects.h"
#include "aws/s3_location.h"
#include "base/sync.h"
#include "inventory/trail_aggregate.h"
#include "inventory/trail_files.h"

namespace rolecall::inventory {
namespace {

// A fetched object waiting for a parser thread.
struct TrailS3Body {
  std::string key;
  Result<std::string> bytes;
};

// The fetches of one read: the loop thread issues and receives them, parser threads take the bodies.
// in_flight + waiting never exceeds `max`: memory holds at most that many bodies (plus one per parser).
struct TrailS3Fetches {
  TrailS3Fetches(aws::AwsCaller& c, const TrailS3Options& o, const std::string& r, const std::vector<std::string>& k,
                 std::size_t m)
      : caller(c), options(o), region(r), keys(k), max(m) {}

  aws::AwsCaller& caller;
  const TrailS3Options& options;
  const std::string& region;
  const std::vector<std::string>& keys;
  std::size_t max;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<TrailS3Body> waiting;
  std::size_t next = 0;       // the next key to fetch
  std::size_t in_flight = 0;  // GetObject calls not yet answered
  std::size_t parsing = 0;    // bodies taken by a parser, not yet parsed
  bool closed = false;

  // Issues GetObject calls while there is room. Loop thread only. The calls are made outside the
  // lock: a call that fails at once (no credentials) completes inside get_object.
  void refill() {
    std::size_t first = 0, count = 0;
    {
      std::lock_guard lock(mutex);
      first = next;
      while (next < keys.size() && in_flight + waiting.size() + parsing < max) {
        ++next;
        ++in_flight;
      }
      count = next - first;
    }
    for (std::size_t i = first; i < first + count; ++i) {
      const std::string& key = keys[i];
      aws::s3::get_object(caller, region, options.location.bucket, key, [this, &key](Result<std::string> body) {
        {
          std::lock_guard guard(mutex);
          --in_flight;
          waiting.push_back({key, std::move(body)});
        }
        changed.notify_all();
        refill();
      });
    }
  }

  bool finished() const { return next == keys.size() && in_flight == 0 && waiting.empty() && parsing == 0; }
};

// The trail log files of the listing (all pages), those the window wants; `skipped` counts the
// others among the trail log files. A failed page fails the listing.
Result<std::vector<std::string>> list_trail_keys(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                 const TrailS3Options& options, const std::string& region,
                                                 std::size_t& skipped) {
  std::vector<std::string> keys;
  aws::s3::ListObjectsRequest request;
  request.region = region;
  request.bucket = options.location.bucket;
  request.prefix = options.location.prefix;
  do {
    auto page = base::run_sync<aws::s3::ListObjectsResponse>(
        loop, [&](aws::ops::OpCallback<aws::s3::ListObjectsResponse> done) {
          aws::s3::list_objects(caller, request, std::move(done));
        });
    if (!page) return fail(page.error());
    for (auto& object : page->objects) {
      if (!is_trail_object_key(object.key)) continue;
      if (!trail_file_wanted(object.key, options.window)) {
        ++skipped;
        continue;
      }
      keys.push_back(std::move(object.key));
    }
    request.continuation_token = std::move(page->next_continuation_token);
  } while (!request.continuation_token.empty());
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The bucket's region: given, else GetBucketLocation (asked in us-east-1, which answers for every
// bucket of the aws partition; other partitions ask their own region), else the session's region.
std::string trail_bucket_region(aws::EventLoop& loop, aws::AwsCaller& caller, const TrailS3Options& options) {
  if (!options.region.empty()) return options.region;
  auto located = aws::locate_bucket(loop, caller, options.location.bucket, options.home_region);
  return located ? *located : options.home_region;
}

}  // namespace

bool is_trail_object_key(std::string_view key) {
  if (!key.ends_with(".json.gz") && !key.ends_with(".json")) return false;
  const auto logs = key.starts_with("AWSLogs/") ? 0 : key.find("/AWSLogs/");
  if (logs == std::string_view::npos) return false;
  return key.find("/CloudTrail/", logs) != std::string_view::npos;
}

void collect_trail_evidence_s3(aws::EventLoop& loop, aws::AwsCaller& caller, const TrailS3Options& options,
                               Inventory& inventory) {
  const std::string region = trail_bucket_region(loop, caller, options);
  std::size_t skipped = 0;
  auto keys = list_trail_keys(loop, caller, options, region, skipped);
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  TrailAggregator aggregate(options.window, threads);
  if (!keys) {
    // Nothing was read: every would-be PASS is an ERROR naming the listing's failure.
    aggregate.fail(options.url,
                   keys.error().with_context(
                       fmt::format("listing {} (bucket region {}; --trail-logs-region sets it)", options.url, region)));
    inventory.key_evidence = aggregate.finish(options.url, 0);
    add_trail_failures(aggregate.take_failures(), options.url, inventory);
    return;
  }
  TrailS3Fetches fetches{caller, options, region, *keys, options.max_bodies != 0 ? options.max_bodies : 4 * threads};
  std::vector<std::thread> parsers;
  for (unsigned t = 0; t < threads; ++t) {
    parsers.emplace_back([&fetches, &aggregate, &options, t] {
      std::unique_lock lock(fetches.mutex);
      while (true) {
        fetches.changed.wait(lock, [&] { return fetches.closed || !fetches.waiting.empty(); });
        if (fetches.waiting.empty()) return;  // closed and drained
        TrailS3Body body = std::move(fetches.waiting.front());
        fetches.waiting.pop_front();
        ++fetches.parsing;
        lock.unlock();
        const std::string name = fmt::format("s3://{}/{}", options.location.bucket, body.key);
        if (body.bytes) {
          aggregate.parse(t, name, *body.bytes);
        } else {
          aggregate.fail(name, body.bytes.error().with_context(name));
        }
        body.bytes = std::string();  // the body's memory goes before the slot is given back
        lock.lock();
        --fetches.parsing;
        fetches.changed.notify_all();
      }
    });
  }
  // The loop runs until nothing is in flight; when parsers hold every slot, wait for one to free.
  while (true) {
    fetches.refill();
    loop.run();
    std::unique_lock lock(fetches.mutex);
    fetches.changed.wait(lock, [&] {
      return fetches.finished() || (fetches.next < keys->size() &&
                                    fetches.in_flight + fetches.waiting.size() + fetches.parsing < fetches.max);
    });
    if (fetches.finished()) break;
  }
  {
    std::lock_guard lock(fetches.mutex);
    fetches.closed = true;
  }
  fetches.changed.notify_all();
  for (auto& p : parsers) p.join();
  inventory.key_evidence = aggregate.finish(options.url, skipped);
  add_trail_failures(aggregate.take_failures(), options.url, inventory);
}

}  // namespace rolecall::inventory
