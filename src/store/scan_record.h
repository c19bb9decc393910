#pragma once
// A scan's result as the store records it.

#include <string>

#include "rolecall/inventory.h"
#include "rolecall/scan.h"
#include "store/store.h"

namespace rolecall::store {

// The record of `result` (its verdicts before any report filter) over `inventory`'s scope: each
// account and region read, incomplete where reading it failed. `caller` names who ran it.
ScanRecord scan_record(const ScanResult& result, const Inventory& inventory, std::string caller);

// scan_record without the findings (the caller moves them in and back: a 100k-instance scan's
// 500k verdicts are ~0.5 GB to copy).
ScanRecord scan_record_header(const ScanResult& result, const Inventory& inventory, std::string caller);

}  // namespace rolecall::store
