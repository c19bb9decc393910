#pragma once
// The access key ids a `rolecall scan-files --output json` report names. Such a report holds each
// key id only redacted, with the SHA-256 of the full id: enough to recognise a key among those the
// scanned accounts' users hold (inventory/account_keys.h), never enough to look one up directly.

#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::inventory {

// One long-term key id (AKIA...) a report found, with every place it was found.
struct ReportedKey {
  std::string key_id_redacted;
  std::string fingerprint;             // lowercase hex SHA-256 of the full key id
  std::vector<std::string> locations;  // "path:line", in report order
};

// Adds `key` to `keys`: at the end when its fingerprint is new, else its locations join those of
// the key already there (one entry per key, across findings and across reports).
void add_reported_key(std::vector<ReportedKey>& keys, ReportedKey key);

// The long-term, non-example key ids of the scan-files JSON report `text` (read from `name`), one
// per fingerprint in first-seen order. kParse naming `name` and the finding's index for anything
// but a rolecall.scan-files/v1 document with well-formed findings.
Result<std::vector<ReportedKey>> read_key_report(std::string_view text, std::string_view name);

}  // namespace rolecall::inventory
