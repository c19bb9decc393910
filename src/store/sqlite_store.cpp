#include "store/sqlite_store.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "db/transaction.h"
#include "store/codes.h"
#include "store/recording.h"
#include "store/sqlite_schema.h"

namespace rolecall::store {

using db::in_transaction;
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

class SqliteStore final : public FindingStore {
 public:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Result<std::int64_t> record_scan(const ScanRecord& scan) override {
    // BEGIN IMMEDIATE: concurrent writers wait for the write lock before reading anything.
    return in_transaction(*db_, [&] { return record_scan_in_transaction(scan); });
  }

  Result<void> record_audit(const AuditRecord& audit) override {
    return in_transaction(*db_, [&] { return record_audit_in_transaction(audit); });
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
    out.checks = split_checks(checks->text(0));
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
      if (opened_since(f, query.since)) out.push_back(std::move(f));
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
  Result<std::int64_t> record_scan_in_transaction(const ScanRecord& scan);
  // Everything record_audit writes, inside its transaction.
  Result<void> record_audit_in_transaction(const AuditRecord& audit);

  std::unique_ptr<SqliteDb> db_;
};

// The SQLite rows of recording one scan: statements prepared once per scan.
class SqliteRecordWriter final : public RecordWriter {
 public:
  explicit SqliteRecordWriter(SqliteDb& db) : db_(db) {}

  // Prepares the per-finding statements.
  Result<void> prepare() {
    for (const auto& [slot, sql] : std::initializer_list<std::pair<std::optional<Statement>*, const char*>>{
             {&lookup_,
              "SELECT id, open FROM findings WHERE account_id = ? AND region = ? AND resource_id = ? AND check_id = ?"},
             {&insert_,
              "INSERT INTO findings (account_id, region, resource_id, check_id, resource_type, status, severity, "
              "message, evidence, first_seen, opened_at, last_seen, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?)"},
             // ?1 status, ?2 severity, ?3 message, ?4 evidence, ?5 time, ?6 id, ?7 open afterwards, ?8 1 when
             // it stops failing now, ?9 1 when it starts failing now.
             {&update_,
              "UPDATE findings SET status = ?1, severity = ?2, message = ?3, evidence = ?4, last_seen = ?5, open = ?7, "
              "resolved_at = CASE WHEN ?8 THEN ?5 WHEN ?9 THEN NULL ELSE resolved_at END, "
              "regressed = CASE WHEN ?9 AND resolved_at IS NOT NULL THEN 1 ELSE regressed END, "
              "opened_at = CASE WHEN ?9 THEN ?5 ELSE opened_at END, "
              "first_seen = CASE WHEN ?9 THEN coalesce(first_seen, ?5) ELSE first_seen END WHERE id = ?6"},
             {&insert_verdict_, "INSERT INTO verdicts (scan_id, finding_id, status) VALUES (?, ?, ?)"},
         }) {
      auto s = db_.prepare(sql);
      if (!s) return fail(s.error());
      slot->emplace(std::move(*s));
    }
    return {};
  }

  Result<std::int64_t> insert_scan(const ScanRecord& scan, const ScanCounts& counts, bool complete) override {
    auto s = db_.prepare(
        "INSERT INTO scans (started_at, finished_at, caller, checks, pass, fail, error, muted, complete) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return fail(s.error());
    s->bind(1, scan.started_at).bind(2, scan.finished_at).bind(3, scan.caller);
    s->bind(4, fmt::format("{}", fmt::join(scan.checks, ",")));
    s->bind(5, static_cast<std::int64_t>(counts.pass)).bind(6, static_cast<std::int64_t>(counts.fail));
    s->bind(7, static_cast<std::int64_t>(counts.error)).bind(8, static_cast<std::int64_t>(counts.muted));
    s->bind(9, std::int64_t{complete ? 1 : 0});
    if (auto r = s->run(); !r) return fail(r.error());
    return db_.last_insert_id();
  }

  Result<void> insert_scope_part(std::int64_t scan_id, const ScopePart& part) override {
    auto s = db_.prepare("INSERT INTO scan_scope (scan_id, account_id, region, complete) VALUES (?, ?, ?, ?)");
    if (!s) return fail(s.error());
    s->bind(1, scan_id).bind(2, part.account_id).bind(3, part.region).bind(4, std::int64_t{part.complete ? 1 : 0});
    return s->run();
  }

  Result<std::optional<KnownFinding>> lookup(const FindingKey& key) override {
    lookup_->bind(1, key.account_id).bind(2, key.region).bind(3, key.resource_id).bind(4, key.check_id);
    auto row = lookup_->step();
    std::optional<KnownFinding> out;
    if (row && *row) out = KnownFinding{lookup_->integer(0), lookup_->integer(1) != 0};
    lookup_->reset();
    if (!row) return fail(row.error());
    return out;
  }

  Result<std::int64_t> insert_finding(const Finding& f, const std::string& at) override {
    const bool failing = f.status == Status::kFail;
    insert_->bind(1, f.account_id).bind(2, f.region).bind(3, f.resource_id).bind(4, f.check_id);
    insert_->bind(5, f.resource_type).bind(6, status_code(f.status)).bind(7, severity_code(f.severity));
    insert_->bind(8, f.message).bind(9, evidence_json(f.evidence));
    const std::optional<std::string> since = failing ? std::optional(at) : std::nullopt;
    insert_->bind_nullable(10, since).bind_nullable(11, since).bind(12, at).bind(13, std::int64_t{failing ? 1 : 0});
    if (auto r = insert_->run(); !r) return fail(r.error());
    return db_.last_insert_id();
  }

  Result<void> update_finding(const FindingUpdate& u, const Finding& f, const std::string& at) override {
    update_->bind(1, status_code(f.status)).bind(2, severity_code(f.severity)).bind(3, f.message);
    update_->bind(4, evidence_json(f.evidence)).bind(5, at).bind(6, u.id).bind(7, std::int64_t{u.open ? 1 : 0});
    update_->bind(8, std::int64_t{u.stops_failing ? 1 : 0}).bind(9, std::int64_t{u.starts_failing ? 1 : 0});
    return update_->run();
  }

  Result<void> insert_verdict(std::int64_t scan_id, std::int64_t finding_id, Status status) override {
    insert_verdict_->bind(1, scan_id).bind(2, finding_id).bind(3, status_code(status));
    return insert_verdict_->run();
  }

  Result<std::vector<std::pair<std::int64_t, FindingKey>>> open_findings() override {
    auto s = db_.prepare("SELECT id, account_id, region, resource_id, check_id FROM findings WHERE open = 1");
    if (!s) return fail(s.error());
    std::vector<std::pair<std::int64_t, FindingKey>> out;
    for (;;) {
      auto row = s->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.emplace_back(s->integer(0), FindingKey{s->text(1), s->text(2), s->text(3), s->text(4)});
    }
    return out;
  }

  Result<void> resolve(std::int64_t id, const std::string& at) override {
    if (!resolve_) {
      auto s = db_.prepare("UPDATE findings SET open = 0, resolved_at = ?1, last_seen = ?1 WHERE id = ?2");
      if (!s) return fail(s.error());
      resolve_.emplace(std::move(*s));
    }
    resolve_->bind(1, at).bind(2, id);
    return resolve_->run();
  }

 private:
  SqliteDb& db_;
  std::optional<Statement> lookup_, insert_, update_, insert_verdict_, resolve_;
};

Result<std::int64_t> SqliteStore::record_scan_in_transaction(const ScanRecord& scan) {
  SqliteRecordWriter writer(*db_);
  if (auto r = writer.prepare(); !r) return fail(r.error());
  return record_scan_rows(writer, scan);
}

Result<void> SqliteStore::record_audit_in_transaction(const AuditRecord& audit) {
  SqliteRecordWriter writer(*db_);
  if (auto r = writer.prepare(); !r) return r;
  return record_audit_rows(writer, audit);
}
}  // namespace

Result<std::unique_ptr<FindingStore>> open_sqlite_store(const std::string& path) {
  auto db = SqliteDb::open(path, sqlite_schema::kApplicationId);
  if (!db) return fail(db.error());
  if (auto r = sqlite_schema::migrate(**db); !r) return fail(r.error());
  return std::unique_ptr<FindingStore>(std::make_unique<SqliteStore>(std::move(*db)));
}

}  // namespace rolecall::store
