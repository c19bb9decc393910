#pragma once
// credential_process: an external command that prints credentials as JSON.

#include <chrono>
#include <string>

#include "aws/credentials/credentials.h"

namespace rolecall::aws {

// Runs `command` via /bin/sh -c on each resolve and parses
// {"Version":1,"AccessKeyId","SecretAccessKey","SessionToken"?,"Expiration"?}.
class ProcessProvider final : public CredentialsProvider {
 public:
  // `profile` names the profile in messages; `timeout` bounds the command's run time.
  ProcessProvider(std::string command, std::string profile,
                  std::chrono::milliseconds timeout = std::chrono::seconds(60));
  Result<Credentials> resolve() override;
  std::string name() const override { return "credential-process"; }

 private:
  std::string command_;
  std::string profile_;
  std::chrono::milliseconds timeout_;
};

}  // namespace rolecall::aws
