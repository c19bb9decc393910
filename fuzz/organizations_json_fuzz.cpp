// JSON 1.1 responses (from an endpoint, untrusted): Organizations' two response parsers, CloudTrail's
// LookupEvents (whose events hold a JSON document in a string) and the JSON error-body parser on the
// same input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/ops/cloudtrail_lookup_events.h"
#include "aws/ops/organizations.h"
#include "aws/protocol/errors.h"

namespace organizations = rolecall::aws::organizations;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)organizations::parse_list_accounts(body);
  (void)organizations::parse_describe_organization(body);
  (void)rolecall::aws::cloudtrail::parse_lookup_events(body);
  (void)rolecall::aws::parse_json_error(400, body, "AWSOrganizationsNotInUseException");
  return 0;
}
