// The JSON credential documents (untrusted: a credential_process's output, the container
// credentials endpoint, the instance metadata service): all three readers on the same input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/credentials/credentials_json.h"

using rolecall::aws::CredentialsDocument;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (auto kind : {CredentialsDocument::kProcess, CredentialsDocument::kContainer, CredentialsDocument::kInstance}) {
    (void)rolecall::aws::parse_credentials_json(body, kind, "fuzz");
  }
  return 0;
}
