#pragma once
// The report's view of a scan: context for the reader (names, selected tags) and the user's filters.

#include <string>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/scan.h"

namespace rolecall::report {

// Builds filters from the flags' values: statuses ("FAIL", any case), severities ("high", or
// ">=high" for that and above), account ids, tags ("KEY=VALUE"). kInvalidArgument names a bad value.
Result<ReportFilters> parse_filters(const std::vector<std::string>& statuses,
                                    const std::vector<std::string>& severities,
                                    const std::vector<std::string>& accounts, const std::vector<std::string>& tags);

// Fills each finding's resource_name (instance Name tag, launch template name) and tag_values (the
// values of `tag_keys`, which become result.context_tags), and result.account_names, from `inventory`.
void add_context(ScanResult& result, const Inventory& inventory, const std::vector<std::string>& tag_keys);

// Keeps only the findings `filters` match and records the filters and what they hid in `result`.
// Tag filters match instance tags from `inventory`: findings on anything else (launch templates,
// scopes) have no instance tags and are hidden.
void apply_filters(ScanResult& result, const ReportFilters& filters, const Inventory& inventory);

// The filters as flags, e.g. "--status FAIL --severity high,critical"; empty when none.
std::string filters_text(const ReportFilters& filters);

// The account's name when known, else "".
const std::string& account_name(const ScanResult& result, const std::string& account_id);

}  // namespace rolecall::report
