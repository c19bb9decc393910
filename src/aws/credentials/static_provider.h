#pragma once
// Fixed credentials (from flags, a test, or a source already resolved).

#include "aws/credentials/credentials.h"

namespace rolecall::aws {

// Always returns the credentials it was built with.
class StaticProvider final : public CredentialsProvider {
 public:
  // `credentials.provider` is set to `name` when empty.
  explicit StaticProvider(Credentials credentials, std::string name = "static");
  Result<Credentials> resolve() override;
  std::string name() const override { return name_; }

 private:
  Credentials credentials_;
  std::string name_;
};

}  // namespace rolecall::aws
