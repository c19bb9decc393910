#include "store/sqlite_store.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/iso8601.h"
#include "store/codes.h"
#include "store/coverage.h"
#include "store/sqlite_schema.h"

namespace rolecall::store {
namespace {

constexpr const char* kFindingColumns =
    "f.id, f.account_id, f.region, f.resource_id, f.check_id, f.resource_type, f.status, f.severity, f.message, "
    "f.evidence, f.first_seen, f.opened_at, f.last_seen, f.resolved_at, f.regressed, f.open";

// A findings row selected with kFindingColumns.
StoredFinding read_finding(const Statement& s) {
  StoredFinding f;
  f.key = {s.text(1), s.text(2), s.text(3), s.text(4)};
  f.resource_type = s.text(5);
  f.status = parse_status_code(s.text(6)).value_or(Status::kError);
  f.severity = parse_severity_code(s.text(7)).value_or(Severity::kMedium);
  f.message = s.text(8);
  f.evidence_json = s.text(9);
  f.first_seen = s.text(10);
  f.opened_at = s.text(11);
  f.last_seen = s.text(12);
  f.resolved_at = s.optional_text(13);
  f.regressed = s.integer(14) != 0;
  f.open = s.integer(15) != 0;
  return f;
}

ScanCounts count(const std::vector<Finding>& findings) {
  ScanCounts c;
  for (const auto& f : findings) {
    switch (f.status) {
      case Status::kPass: ++c.pass; break;
      case Status::kFail: ++c.fail; break;
      case Status::kError: ++c.error; break;
      case Status::kMuted: ++c.muted; break;
    }
  }
  return c;
}

// "2 accounts, 3 regions; incomplete: 111111111111/eu-west-1".
std::string scope_summary(const std::vector<ScopePart>& scope) {
  std::set<std::string> accounts;
  std::size_t regions = 0;
  std::vector<std::string> incomplete;
  for (const auto& p : scope) {
    accounts.insert(p.account_id);
    if (!p.region.empty()) ++regions;
    if (!p.complete) incomplete.push_back(p.region.empty() ? p.account_id : p.account_id + "/" + p.region);
  }
  std::string out = fmt::format("{} account{}, {} region{}", accounts.size(), accounts.size() == 1 ? "" : "s", regions,
                                regions == 1 ? "" : "s");
  if (!incomplete.empty()) out += fmt::format("; incomplete: {}", fmt::join(incomplete, ", "));
  return out;
}

class SqliteStore final : public FindingStore {
 public:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Result<std::int64_t> record_scan(const ScanRecord& scan) override {
    if (auto r = db_->begin(); !r) return fail(r.error());
    auto id = record(scan);
    if (!id) {
      db_->rollback();
      return id;
    }
    if (auto r = db_->commit(); !r) {
      db_->rollback();
      return fail(r.error());
    }
    return id;
  }

  Result<std::vector<ScanSummary>> scans(std::size_t limit) override {
    auto s = db_->prepare("SELECT id FROM scans ORDER BY id DESC LIMIT ?");
    if (!s) return fail(s.error());
    s->bind(1, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    for (;;) {
      auto row = s->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      ids.push_back(s->integer(0));
    }
    std::vector<ScanSummary> out;
    for (auto id : ids) {
      auto one = summary(id);
      if (!one) return fail(one.error());
      out.push_back(std::move(one->first));
    }
    return out;
  }

  Result<ScanObservations> observations(std::int64_t scan_id) override {
    auto head = summary(scan_id);
    if (!head) return fail(head.error());
    ScanObservations out;
    out.scan = std::move(head->first);
    out.scope = std::move(head->second);
    auto checks = db_->prepare("SELECT checks FROM scans WHERE id = ?");
    if (!checks) return fail(checks.error());
    checks->bind(1, scan_id);
    if (auto row = checks->step(); !row) return fail(row.error());
    const std::string ran = checks->text(0);
    for (std::string_view list = ran; !list.empty();) {
      const auto comma = list.find(',');
      out.checks.emplace_back(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    auto verdicts = db_->prepare(
        fmt::format("SELECT {}, v.status FROM verdicts v JOIN findings f ON f.id = v.finding_id WHERE v.scan_id = ?",
                    kFindingColumns));
    if (!verdicts) return fail(verdicts.error());
    verdicts->bind(1, scan_id);
    for (;;) {
      auto row = verdicts->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      auto f = read_finding(*verdicts);
      f.status = parse_status_code(verdicts->text(16)).value_or(Status::kError);  // as this scan saw it
      out.verdicts.push_back(std::move(f));
    }
    auto earlier = db_->prepare(
        "SELECT DISTINCT f.account_id, f.region, f.resource_id, f.check_id FROM verdicts v JOIN findings f "
        "ON f.id = v.finding_id WHERE v.scan_id < ? AND v.status = 'FAIL'");
    if (!earlier) return fail(earlier.error());
    earlier->bind(1, scan_id);
    for (;;) {
      auto row = earlier->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.failed_earlier.push_back({earlier->text(0), earlier->text(1), earlier->text(2), earlier->text(3)});
    }
    return out;
  }

  Result<std::vector<StoredFinding>> findings(const FindingQuery& query) override {
    std::string sql = fmt::format("SELECT {} FROM findings f WHERE f.first_seen IS NOT NULL", kFindingColumns);
    if (query.open_only) sql += " AND f.open = 1";
    if (!query.check_id.empty()) sql += " AND f.check_id = ?1";
    if (query.severity) sql += " AND f.severity = ?2";
    sql += " ORDER BY f.account_id, f.region, f.resource_id, f.check_id";
    auto s = db_->prepare(sql);
    if (!s) return fail(s.error());
    if (!query.check_id.empty()) s->bind(1, query.check_id);
    if (query.severity) s->bind(2, severity_code(*query.severity));
    std::vector<StoredFinding> out;
    for (;;) {
      auto row = s->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      auto f = read_finding(*s);
      if (query.since) {
        const auto opened = base::parse_iso8601(f.opened_at);
        if (!opened || *opened < *query.since) continue;
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  const std::string& location() const override { return db_->path(); }

 private:
  // The summary and scope of scan `id`; kNotFound when there is none.
  Result<std::pair<ScanSummary, std::vector<ScopePart>>> summary(std::int64_t id) {
    auto s = db_->prepare(
        "SELECT started_at, finished_at, caller, checks, pass, fail, error, muted, complete FROM scans WHERE id = ?");
    if (!s) return fail(s.error());
    s->bind(1, id);
    auto row = s->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(Error::not_found(fmt::format("store {} has no scan {}", db_->path(), id)));
    ScanSummary out;
    out.id = id;
    out.started_at = s->text(0);
    out.finished_at = s->text(1);
    out.caller = s->text(2);
    const std::string checks = s->text(3);
    out.checks = checks.empty() ? 0 : static_cast<std::size_t>(std::count(checks.begin(), checks.end(), ',')) + 1;
    out.counts = {static_cast<std::size_t>(s->integer(4)), static_cast<std::size_t>(s->integer(5)),
                  static_cast<std::size_t>(s->integer(6)), static_cast<std::size_t>(s->integer(7))};
    out.complete = s->integer(8) != 0;
    auto parts = db_->prepare("SELECT account_id, region, complete FROM scan_scope WHERE scan_id = ? ORDER BY 1, 2");
    if (!parts) return fail(parts.error());
    parts->bind(1, id);
    std::vector<ScopePart> scope;
    for (;;) {
      auto r = parts->step();
      if (!r) return fail(r.error());
      if (!*r) break;
      scope.push_back({parts->text(0), parts->text(1), parts->integer(2) != 0});
    }
    out.scope = scope_summary(scope);
    return std::pair{std::move(out), std::move(scope)};
  }

  // Everything record_scan writes, inside its transaction.
  Result<std::int64_t> record(const ScanRecord& scan);

  std::unique_ptr<SqliteDb> db_;
};

Result<std::int64_t> SqliteStore::record(const ScanRecord& scan) {
  const ScanCounts counts = count(scan.findings);
  // One part per (account, region): a failure anywhere in it makes it incomplete.
  std::map<std::pair<std::string, std::string>, bool> parts;
  for (const auto& p : scan.scope) {
    auto [it, added] = parts.emplace(std::pair{p.account_id, p.region}, p.complete);
    if (!added) it->second = it->second && p.complete;
  }
  std::vector<ScopePart> scope;
  bool complete = counts.error == 0;
  for (const auto& [where, ok] : parts) {
    scope.push_back({where.first, where.second, ok});
    complete = complete && ok;
  }
  auto insert_scan = db_->prepare(
      "INSERT INTO scans (started_at, finished_at, caller, checks, pass, fail, error, muted, complete) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert_scan) return fail(insert_scan.error());
  insert_scan->bind(1, scan.started_at).bind(2, scan.finished_at).bind(3, scan.caller);
  insert_scan->bind(4, fmt::format("{}", fmt::join(scan.checks, ",")));
  insert_scan->bind(5, static_cast<std::int64_t>(counts.pass)).bind(6, static_cast<std::int64_t>(counts.fail));
  insert_scan->bind(7, static_cast<std::int64_t>(counts.error)).bind(8, static_cast<std::int64_t>(counts.muted));
  insert_scan->bind(9, std::int64_t{complete ? 1 : 0});
  if (auto r = insert_scan->run(); !r) return fail(r.error());
  const std::int64_t scan_id = db_->last_insert_id();

  auto insert_part = db_->prepare("INSERT INTO scan_scope (scan_id, account_id, region, complete) VALUES (?, ?, ?, ?)");
  if (!insert_part) return fail(insert_part.error());
  for (const auto& p : scope) {
    insert_part->bind(1, scan_id).bind(2, p.account_id).bind(3, p.region).bind(4, std::int64_t{p.complete ? 1 : 0});
    if (auto r = insert_part->run(); !r) return fail(r.error());
  }

  const std::string& t = scan.started_at;  // when this scan saw each verdict
  auto lookup = db_->prepare(
      "SELECT id, open, resolved_at IS NOT NULL FROM findings "
      "WHERE account_id = ? AND region = ? AND resource_id = ? AND check_id = ?");
  auto insert = db_->prepare(
      "INSERT INTO findings (account_id, region, resource_id, check_id, resource_type, status, severity, message, "
      "evidence, first_seen, opened_at, last_seen, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // A verdict on a known finding. ?1 status, ?2 severity, ?3 message, ?4 evidence, ?5 time, ?6 id,
  // ?7 open afterwards, ?8 1 when it stops failing now, ?9 1 when it starts failing now.
  auto update = db_->prepare(
      "UPDATE findings SET status = ?1, severity = ?2, message = ?3, evidence = ?4, last_seen = ?5, open = ?7, "
      "resolved_at = CASE WHEN ?8 THEN ?5 WHEN ?9 THEN NULL ELSE resolved_at END, "
      "regressed = CASE WHEN ?9 AND resolved_at IS NOT NULL THEN 1 ELSE regressed END, "
      "opened_at = CASE WHEN ?9 THEN ?5 ELSE opened_at END, "
      "first_seen = CASE WHEN ?9 THEN coalesce(first_seen, ?5) ELSE first_seen END WHERE id = ?6");
  auto insert_verdict = db_->prepare("INSERT INTO verdicts (scan_id, finding_id, status) VALUES (?, ?, ?)");
  for (auto* s : {&lookup, &insert, &update, &insert_verdict}) {
    if (!*s) return fail(s->error());
  }

  std::set<FindingKey> seen;
  std::vector<FindingKey> scope_errors;
  for (const auto& f : scan.findings) {
    FindingKey key = key_of(f);
    if (f.status == Status::kError && f.resource_type == "scope") scope_errors.push_back(key);
    lookup->bind(1, key.account_id).bind(2, key.region).bind(3, key.resource_id).bind(4, key.check_id);
    auto row = lookup->step();
    if (!row) return fail(row.error());
    std::optional<std::int64_t> id;
    bool was_open = false;
    if (*row) {
      id = lookup->integer(0);
      was_open = lookup->integer(1) != 0;
    }
    lookup->reset();
    seen.insert(std::move(key));
    const bool failing = f.status == Status::kFail;
    if (!id && f.status == Status::kPass) continue;  // never failed: nothing to remember
    if (id && f.status == Status::kError) {
      // Not judged: the finding keeps its state (an open one stays open).
    } else if (!id) {
      insert->bind(1, f.account_id).bind(2, f.region).bind(3, f.resource_id).bind(4, f.check_id);
      insert->bind(5, f.resource_type).bind(6, status_code(f.status)).bind(7, severity_code(f.severity));
      insert->bind(8, f.message).bind(9, evidence_json(f.evidence));
      const std::optional<std::string> since = failing ? std::optional(t) : std::nullopt;
      insert->bind_nullable(10, since).bind_nullable(11, since).bind(12, t).bind(13, std::int64_t{failing ? 1 : 0});
      if (auto r = insert->run(); !r) return fail(r.error());
      id = db_->last_insert_id();
    } else {
      update->bind(1, status_code(f.status)).bind(2, severity_code(f.severity)).bind(3, f.message);
      update->bind(4, evidence_json(f.evidence)).bind(5, t).bind(6, *id).bind(7, std::int64_t{failing ? 1 : 0});
      // MUTED ends the open period without fixing anything: no resolved_at.
      update->bind(8, std::int64_t{was_open && f.status == Status::kPass ? 1 : 0});
      update->bind(9, std::int64_t{!was_open && failing ? 1 : 0});
      if (auto r = update->run(); !r) return fail(r.error());
    }
    if (f.status != Status::kPass) {
      insert_verdict->bind(1, scan_id).bind(2, *id).bind(3, status_code(f.status));
      if (auto r = insert_verdict->run(); !r) return fail(r.error());
    }
  }

  // Open findings this scan did not report although it judged their part of the scope: the resource
  // (or the check's subject) is gone, so the failure is resolved.
  const Coverage coverage(scope, scan.checks, scope_errors);
  auto open = db_->prepare("SELECT id, account_id, region, resource_id, check_id FROM findings WHERE open = 1");
  if (!open) return fail(open.error());
  std::vector<std::int64_t> gone;
  for (;;) {
    auto row = open->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    FindingKey key{open->text(1), open->text(2), open->text(3), open->text(4)};
    if (!seen.contains(key) && coverage.judged(key)) gone.push_back(open->integer(0));
  }
  auto resolve = db_->prepare("UPDATE findings SET open = 0, resolved_at = ?1, last_seen = ?1 WHERE id = ?2");
  if (!resolve) return fail(resolve.error());
  for (auto id : gone) {
    resolve->bind(1, t).bind(2, id);
    if (auto r = resolve->run(); !r) return fail(r.error());
  }
  return scan_id;
}

}  // namespace

Result<std::unique_ptr<FindingStore>> open_sqlite_store(const std::string& path) {
  auto db = SqliteDb::open(path, sqlite_schema::kApplicationId);
  if (!db) return fail(db.error());
  if (auto r = sqlite_schema::migrate(**db); !r) return fail(r.error());
  return std::unique_ptr<FindingStore>(std::make_unique<SqliteStore>(std::move(*db)));
}

}  // namespace rolecall::store
