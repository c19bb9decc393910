// user-data-no-keys over every known encoding of user data (tests/support/user_data_encodings.h):
// each hides a real-looking key, so each instance FAILs, never PASSes.
#include <gtest/gtest.h>

#include "support/user_data_encodings.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

TEST(UserDataNoKeysEncodings, EveryEncodingFails) {
  Fixture fx;
  const auto encodings = hidden_key_encodings();
  for (const UserDataEncoding& encoding : encodings) {
    fx.add_instance("i-" + encoding.name, "app").user_data = base64(encoding.raw);
  }
  const auto findings = findings_of(user_data_no_keys_check(), fx.inventory);
  for (const UserDataEncoding& encoding : encodings) {
    const Finding f = finding_on(findings, "user-data-no-keys", "i-" + encoding.name);
    EXPECT_EQ(f.status, Status::kFail) << encoding.name << ": " << f.message;
    EXPECT_EQ(f.evidence.key_id_redacted, "AKIA\u2026B6KE") << encoding.name;
    EXPECT_NE(f.evidence.location.find(encoding.location), std::string::npos) << f.evidence.location;
  }
}

}  // namespace
}  // namespace rolecall::checks
