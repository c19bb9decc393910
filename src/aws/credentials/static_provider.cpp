// Fixed credentials.
#include "aws/credentials/static_provider.h"

#include <fmt/format.h>

namespace rolecall::aws {

StaticProvider::StaticProvider(Credentials credentials, std::string name)
    : credentials_(std::move(credentials)), name_(std::move(name)) {
  if (credentials_.provider.empty()) credentials_.provider = name_;
}

Result<Credentials> StaticProvider::resolve() {
  if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty()) {
    return fail(ErrorKind::kCredentials, fmt::format("{}: access key id or secret access key is empty", name_));
  }
  return credentials_;
}

}  // namespace rolecall::aws
