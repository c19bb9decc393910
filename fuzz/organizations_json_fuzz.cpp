// Organizations JSON 1.1 responses (from an endpoint, untrusted): both response parsers and the
// JSON error-body parser on the same input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/ops/organizations.h"
#include "aws/protocol/errors.h"

namespace organizations = rolecall::aws::organizations;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)organizations::parse_list_accounts(body);
  (void)organizations::parse_describe_organization(body);
  (void)rolecall::aws::parse_json_error(400, body, "AWSOrganizationsNotInUseException");
  return 0;
}
