#include "store/pg_store.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "db/pg_db.h"
#include "db/transaction.h"
#include "store/codes.h"
#include "store/pg_schema.h"
#include "store/recording.h"

namespace rolecall::store {

using db::in_transaction;
using db::pg_param;
using db::PgDb;
using db::PgRows;
namespace {

constexpr const char* kPgFindingColumns =
    "f.id, f.account_id, f.region, f.resource_id, f.check_id, f.resource_type, f.status, f.severity, f.message, "
    "f.evidence, f.first_seen, f.opened_at, f.last_seen, f.resolved_at, f.regressed, f.open";

// Row `r` of a result selected with kPgFindingColumns.
StoredFinding read_pg_finding(const PgRows& rows, int r) {
  StoredFinding f;
  f.key = {rows.text(r, 1), rows.text(r, 2), rows.text(r, 3), rows.text(r, 4)};
  f.resource_type = rows.text(r, 5);
  f.status = parse_status_code(rows.text(r, 6)).value_or(Status::kError);
  f.severity = parse_severity_code(rows.text(r, 7)).value_or(Severity::kMedium);
  f.message = rows.text(r, 8);
  f.evidence_json = rows.text(r, 9);
  f.first_seen = rows.text(r, 10);
  f.opened_at = rows.text(r, 11);
  f.last_seen = rows.text(r, 12);
  f.resolved_at = rows.optional_text(r, 13);
  f.regressed = rows.boolean(r, 14);
  f.open = rows.boolean(r, 15);
  return f;
}

// How many finding ids one query draws from the sequence.
constexpr std::int64_t kPgIdBlock = 4096;

std::optional<std::string> pg_bool(bool value) { return value ? "true" : "false"; }

// The PostgreSQL rows of recording one scan, through statements prepared once per connection: the
// stored findings read at once, and the writes pipelined (PgDb::send_prepared).
class PgRecordWriter final : public RecordWriter {
 public:
  explicit PgRecordWriter(PgDb& db) : db_(db) {}

  // Prepares the per-finding statements on the connection.
  static Result<void> prepare(PgDb& db) {
    const std::pair<const char*, const char*> statements[] = {
        {"rc_insert",
         "INSERT INTO findings (id, account_id, region, resource_id, check_id, resource_type, status, severity, "
         "message, evidence, first_seen, opened_at, last_seen, open) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
         "$10, $11, $11, $12, $13)"},
        // $1 status, $2 severity, $3 message, $4 evidence, $5 time, $6 id, $7 open afterwards, $8 it stops
        // failing now, $9 it starts failing now.
        {"rc_update",
         "UPDATE findings SET status = $1, severity = $2, message = $3, evidence = $4, last_seen = $5, open = $7, "
         "resolved_at = CASE WHEN $8 THEN $5 WHEN $9 THEN NULL ELSE resolved_at END, "
         "regressed = CASE WHEN $9 AND resolved_at IS NOT NULL THEN true ELSE regressed END, "
         "opened_at = CASE WHEN $9 THEN $5 ELSE opened_at END, "
         "first_seen = CASE WHEN $9 THEN coalesce(first_seen, $5) ELSE first_seen END WHERE id = $6"},
        {"rc_verdict", "INSERT INTO verdicts (scan_id, finding_id, status) VALUES ($1, $2, $3)"},
        {"rc_resolve", "UPDATE findings SET open = false, resolved_at = $1, last_seen = $1 WHERE id = $2"},
    };
    for (const auto& [name, sql] : statements) {
      if (auto r = db.prepare(name, sql); !r) return r;
    }
    return {};
  }

  Result<std::int64_t> insert_scan(const ScanRecord& scan, const ScanCounts& counts, bool complete) override {
    auto r = db_.query(
        "INSERT INTO scans (started_at, finished_at, caller, checks, pass, fail, error, muted, complete) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {scan.started_at, scan.finished_at, scan.caller, fmt::format("{}", fmt::join(scan.checks, ",")),
         pg_param(static_cast<std::int64_t>(counts.pass)), pg_param(static_cast<std::int64_t>(counts.fail)),
         pg_param(static_cast<std::int64_t>(counts.error)), pg_param(static_cast<std::int64_t>(counts.muted)),
         pg_bool(complete)});
    if (!r) return fail(r.error());
    return r->integer(0, 0);
  }

  Result<void> insert_scope_part(std::int64_t scan_id, const ScopePart& part) override {
    auto r = db_.query("INSERT INTO scan_scope (scan_id, account_id, region, complete) VALUES ($1, $2, $3, $4)",
                       {pg_param(scan_id), part.account_id, part.region, pg_bool(part.complete)});
    if (!r) return fail(r.error());
    return {};
  }

  Result<std::optional<KnownFinding>> lookup(const FindingKey& key) override {
    if (!known_) {
      // Every stored finding at once (under the record lock, so none changes meanwhile): one query
      // instead of a round trip per verdict, most of which are PASSes of findings never stored.
      auto r = db_.query("SELECT id, open, account_id, region, resource_id, check_id FROM findings");
      if (!r) return fail(r.error());
      known_.emplace();
      for (int i = 0; i < r->size(); ++i) {
        known_->emplace(FindingKey{r->text(i, 2), r->text(i, 3), r->text(i, 4), r->text(i, 5)},
                        KnownFinding{r->integer(i, 0), r->boolean(i, 1)});
      }
    }
    auto it = known_->find(key);
    if (it == known_->end()) return std::optional<KnownFinding>();
    return std::optional(it->second);
  }

  Result<std::int64_t> insert_finding(const Finding& f, const std::string& at) override {
    if (free_ids_.empty()) {
      // Ids drawn from the sequence in blocks, so inserts need no answer and can be pipelined.
      auto r = db_.query("SELECT nextval(pg_get_serial_sequence('findings', 'id')) FROM generate_series(1, $1)",
                         {pg_param(kPgIdBlock)});
      if (!r) return fail(r.error());
      for (int i = r->size() - 1; i >= 0; --i) free_ids_.push_back(r->integer(i, 0));
    }
    const std::int64_t id = free_ids_.back();
    free_ids_.pop_back();
    const bool failing = f.status == Status::kFail;
    auto r = db_.send_prepared(
        "rc_insert", {pg_param(id), f.account_id, f.region, f.resource_id, f.check_id, f.resource_type,
                      std::string(status_code(f.status)), std::string(severity_code(f.severity)), f.message,
                      evidence_json(f.evidence), failing ? std::optional(at) : std::nullopt, at, pg_bool(failing)});
    if (!r) return fail(r.error());
    if (known_) known_->insert_or_assign(key_of(f), KnownFinding{id, failing});
    return id;
  }

  Result<void> update_finding(const FindingUpdate& u, const Finding& f, const std::string& at) override {
    if (known_) {
      if (auto it = known_->find(key_of(f)); it != known_->end()) it->second.open = u.open;
    }
    return db_.send_prepared("rc_update", {std::string(status_code(f.status)), std::string(severity_code(f.severity)),
                                           f.message, evidence_json(f.evidence), at, pg_param(u.id), pg_bool(u.open),
                                           pg_bool(u.stops_failing), pg_bool(u.starts_failing)});
  }

  Result<void> insert_verdict(std::int64_t scan_id, std::int64_t finding_id, Status status) override {
    return db_.send_prepared("rc_verdict", {pg_param(scan_id), pg_param(finding_id), std::string(status_code(status))});
  }

  Result<std::vector<std::pair<std::int64_t, FindingKey>>> open_findings() override {
    auto r = db_.query("SELECT id, account_id, region, resource_id, check_id FROM findings WHERE open");
    if (!r) return fail(r.error());
    std::vector<std::pair<std::int64_t, FindingKey>> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) {
      out.emplace_back(r->integer(i, 0), FindingKey{r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4)});
    }
    return out;
  }

  Result<void> resolve(std::int64_t id, const std::string& at) override {
    return db_.send_prepared("rc_resolve", {at, pg_param(id)});
  }

 private:
  PgDb& db_;
  std::optional<std::map<FindingKey, KnownFinding>> known_;  // every stored finding, read on first lookup
  std::vector<std::int64_t> free_ids_;                       // drawn from the sequence, not used yet
};

class PgStore final : public FindingStore {
 public:
  explicit PgStore(std::unique_ptr<PgDb> db) : db_(std::move(db)) {}

  Result<std::int64_t> record_scan(const ScanRecord& scan) override {
    if (!prepared_) {
      if (auto r = PgRecordWriter::prepare(*db_); !r) return fail(r.error());
      prepared_ = true;
    }
    return in_transaction(*db_, [&]() -> Result<std::int64_t> {
      // Concurrent writers wait here, so each scan sees the findings as the one before left them.
      if (auto r = db_->query("SELECT pg_advisory_xact_lock($1)", {pg_param(pg_schema::kRecordLock)}); !r) {
        return fail(r.error());
      }
      PgRecordWriter writer(*db_);
      return record_scan_rows(writer, scan);
    });
  }

  Result<void> record_audit(const AuditRecord& audit) override {
    if (!prepared_) {
      if (auto r = PgRecordWriter::prepare(*db_); !r) return r;
      prepared_ = true;
    }
    return in_transaction(*db_, [&]() -> Result<void> {
      // The same lock as record_scan: an audit and a scan never interleave their updates.
      if (auto r = db_->query("SELECT pg_advisory_xact_lock($1)", {pg_param(pg_schema::kRecordLock)}); !r) {
        return fail(r.error());
      }
      PgRecordWriter writer(*db_);
      return record_audit_rows(writer, audit);
    });
  }

  Result<std::vector<ScanSummary>> scans(std::size_t limit) override {
    auto ids = db_->query("SELECT id FROM scans ORDER BY id DESC LIMIT $1",
                          {limit == 0 ? std::nullopt : pg_param(static_cast<std::int64_t>(limit))});
    if (!ids) return fail(ids.error());
    std::vector<ScanSummary> out;
    for (int i = 0; i < ids->size(); ++i) {
      auto one = summary(ids->integer(i, 0));
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
    auto checks = db_->query("SELECT checks FROM scans WHERE id = $1", {pg_param(scan_id)});
    if (!checks) return fail(checks.error());
    if (checks->size() == 1) out.checks = split_checks(checks->text(0, 0));
    auto verdicts = db_->query(
        fmt::format("SELECT {}, v.status FROM verdicts v JOIN findings f ON f.id = v.finding_id WHERE v.scan_id = $1",
                    kPgFindingColumns),
        {pg_param(scan_id)});
    if (!verdicts) return fail(verdicts.error());
    for (int i = 0; i < verdicts->size(); ++i) {
      auto f = read_pg_finding(*verdicts, i);
      f.status = parse_status_code(verdicts->text(i, 16)).value_or(Status::kError);  // as this scan saw it
      out.verdicts.push_back(std::move(f));
    }
    auto earlier = db_->query(
        "SELECT DISTINCT f.account_id, f.region, f.resource_id, f.check_id FROM verdicts v JOIN findings f "
        "ON f.id = v.finding_id WHERE v.scan_id < $1 AND v.status = 'FAIL'",
        {pg_param(scan_id)});
    if (!earlier) return fail(earlier.error());
    for (int i = 0; i < earlier->size(); ++i) {
      out.failed_earlier.push_back(
          {earlier->text(i, 0), earlier->text(i, 1), earlier->text(i, 2), earlier->text(i, 3)});
    }
    return out;
  }

  Result<std::vector<StoredFinding>> findings(const FindingQuery& query) override {
    // NULL parameters select everything: one statement whatever the query narrows.
    auto rows =
        db_->query(fmt::format("SELECT {} FROM findings f WHERE f.first_seen IS NOT NULL AND (NOT $1 OR f.open) "
                               "AND ($2::text IS NULL OR f.check_id = $2) AND ($3::text IS NULL OR f.severity = $3) "
                               "ORDER BY f.account_id, f.region, f.resource_id, f.check_id",
                               kPgFindingColumns),
                   {pg_bool(query.open_only), query.check_id.empty() ? std::nullopt : std::optional(query.check_id),
                    query.severity ? std::optional(std::string(severity_code(*query.severity))) : std::nullopt});
    if (!rows) return fail(rows.error());
    std::vector<StoredFinding> out;
    for (int i = 0; i < rows->size(); ++i) {
      auto f = read_pg_finding(*rows, i);
      if (opened_since(f, query.since)) out.push_back(std::move(f));
    }
    return out;
  }

  const std::string& location() const override { return db_->location(); }

 private:
  // The summary and scope of scan `id`; kNotFound when there is none.
  Result<std::pair<ScanSummary, std::vector<ScopePart>>> summary(std::int64_t id) {
    auto s = db_->query(
        "SELECT started_at, finished_at, caller, checks, pass, fail, error, muted, complete FROM scans WHERE id = $1",
        {pg_param(id)});
    if (!s) return fail(s.error());
    if (s->size() == 0) return fail(Error::not_found(fmt::format("store {} has no scan {}", db_->location(), id)));
    ScanSummary out;
    out.id = id;
    out.started_at = s->text(0, 0);
    out.finished_at = s->text(0, 1);
    out.caller = s->text(0, 2);
    out.checks = split_checks(s->text(0, 3)).size();
    out.counts = {static_cast<std::size_t>(s->integer(0, 4)), static_cast<std::size_t>(s->integer(0, 5)),
                  static_cast<std::size_t>(s->integer(0, 6)), static_cast<std::size_t>(s->integer(0, 7))};
    out.complete = s->boolean(0, 8);
    auto parts =
        db_->query("SELECT account_id, region, complete FROM scan_scope WHERE scan_id = $1 ORDER BY account_id, region",
                   {pg_param(id)});
    if (!parts) return fail(parts.error());
    std::vector<ScopePart> scope;
    for (int i = 0; i < parts->size(); ++i)
      scope.push_back({parts->text(i, 0), parts->text(i, 1), parts->boolean(i, 2)});
    out.scope = scope_summary(scope);
    return std::pair{std::move(out), std::move(scope)};
  }

  std::unique_ptr<PgDb> db_;
  bool prepared_ = false;  // the record statements are prepared on this connection
};

}  // namespace

Result<std::unique_ptr<FindingStore>> open_pg_store(const std::string& url) {
  auto db = PgDb::connect(url, "store");
  if (!db) return fail(db.error());
  if (auto r = pg_schema::migrate(**db); !r) return fail(r.error());
  return std::unique_ptr<FindingStore>(std::make_unique<PgStore>(std::move(*db)));
}

}  // namespace rolecall::store
