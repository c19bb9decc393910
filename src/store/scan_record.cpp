#include "store/scan_record.h"

namespace rolecall::store {

ScanRecord scan_record_header(const ScanResult& result, const Inventory& inventory, std::string caller) {
  ScanRecord record;
  record.started_at = result.started_at;
  record.finished_at = result.finished_at;
  record.caller = std::move(caller);
  record.checks = result.checks;
  for (const auto& r : inventory.regions) record.scope.push_back({r.account_id, r.region, !r.instances_error});
  for (const auto& e : inventory.scope_errors) record.scope.push_back({e.account_id, e.region, false});
  return record;
}

ScanRecord scan_record(const ScanResult& result, const Inventory& inventory, std::string caller) {
  ScanRecord record = scan_record_header(result, inventory, std::move(caller));
  record.findings = result.findings;
  return record;
}

}  // namespace rolecall::store
