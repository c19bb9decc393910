// What `watch --store` pays per incremental audit (docs/benchmarks.md, "Recording watch's audits"):
// the store holds a scan of E instances x C checks; then one change is recorded as watch recorded it
// before (record_scan of every verdict of the patched inventory) and as it records it now
// (record_audit of the resources judged again), for 1 and 1,000 changed instances. Prints one
// Markdown row per way and size, with the wall time of each record. The store is an SQLite file
// (default: under --dir) or a PostgreSQL database (--store postgresql://...).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/env.h"
#include "store/store.h"

namespace {

using namespace rolecall;

const std::vector<std::string> kChecks = {"instance-has-role", "imdsv2-required", "role-not-admin", "user-data-no-keys",
                                          "profile-role-exists"};

// Instance `i`'s verdict of check `c`: one in six fails; `fixed` instances pass everything.
Finding bench_verdict(int i, std::size_t c, bool fixed) {
  Finding f;
  f.check_id = kChecks[c];
  f.status = !fixed && (static_cast<std::size_t>(i) * kChecks.size() + c) % 6 == 0 ? Status::kFail : Status::kPass;
  f.severity = Severity::kHigh;
  f.account_id = "111111111111";
  f.region = "us-east-1";
  f.resource_type = "instance";
  f.resource_id = fmt::format("i-{:017x}", i);
  f.message = f.resource_id + " " + f.check_id;
  f.evidence.detail = "bench";
  return f;
}

// Every verdict of `instances` instances, the first `fixed` of them passing everything.
std::vector<Finding> bench_verdicts(int instances, int fixed) {
  std::vector<Finding> out;
  out.reserve(static_cast<std::size_t>(instances) * kChecks.size());
  for (int i = 0; i < instances; ++i) {
    for (std::size_t c = 0; c < kChecks.size(); ++c) out.push_back(bench_verdict(i, c, i < fixed));
  }
  return out;
}

store::ScanRecord bench_scan(const std::string& at, std::vector<Finding> findings) {
  store::ScanRecord r;
  r.started_at = at;
  r.finished_at = at;
  r.caller = "bench";
  r.checks = kChecks;
  r.scope = {{"111111111111", "us-east-1", true}};
  r.findings = std::move(findings);
  return r;
}

template <typename F>
double timed(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void must(const Result<void>& r) {
  if (!r) {
    std::fprintf(stderr, "bench_store: %s\n", r.error().describe().c_str());
    std::exit(2);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"watch --store: recording an incremental audit whole (as a scan) against as an audit"};
  int instances = 100000;
  std::vector<int> changes{1, 1000};
  std::string url;
  std::string dir = "/tmp";
  app.add_option("--instances", instances, "instances in the estate (each judged by 5 checks)");
  app.add_option("--changes", changes, "instances changed (fixed) before a record (repeatable)");
  app.add_option("--store", url, "store URL (default: a new SQLite file under --dir)");
  app.add_option("--dir", dir, "where the default SQLite store is made");
  CLI11_PARSE(app, argc, argv);
  if (url.empty()) {
    url = dir + "/bench-store-audit.db";
    std::remove(url.c_str());
  }
  base::SystemEnv env;
  auto opened = store::open_store(url, env);
  if (!opened) {
    std::fprintf(stderr, "bench_store: %s\n", opened.error().describe().c_str());
    return 2;
  }
  store::FindingStore& s = **opened;
  const double first = timed([&] {
    auto id = s.record_scan(bench_scan("2026-12-01T00:00:00Z", bench_verdicts(instances, 0)));
    must(id ? Result<void>{} : Result<void>(fail(id.error())));
  });
  std::printf(
      "| store | estate verdicts | changed | first scan s | as a scan (before) s | as an audit (now) s | ratio |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  int day = 2;
  for (int n : changes) {
    // Before: the whole patched state, every verdict, recorded as a scan.
    std::vector<Finding> all = bench_verdicts(instances, n);
    const double whole = timed([&] {
      auto id = s.record_scan(bench_scan(fmt::format("2026-12-{:02}T00:00:00Z", day++), std::move(all)));
      must(id ? Result<void>{} : Result<void>(fail(id.error())));
    });
    // Now: the changed instances' verdicts alone (the next n instances, so each record changes state).
    store::AuditRecord audit;
    audit.started_at = fmt::format("2026-12-{:02}T00:00:00Z", day++);
    audit.checks = kChecks;
    for (int i = n; i < 2 * n; ++i) {
      audit.resources.emplace_back("111111111111", "us-east-1", fmt::format("i-{:017x}", i));
      for (std::size_t c = 0; c < kChecks.size(); ++c) audit.findings.push_back(bench_verdict(i, c, true));
    }
    const double partial = timed([&] { must(s.record_audit(audit)); });
    std::printf("| %s | %zu | %d | %.2f | %.3f | %.4f | %.0fx |\n",
                url.starts_with("postgres") ? "PostgreSQL" : "SQLite",
                static_cast<std::size_t>(instances) * kChecks.size(), n, first, whole, partial, whole / partial);
    std::fflush(stdout);
  }
  return 0;
}
