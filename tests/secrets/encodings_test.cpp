// Every known encoding of user data hides a key from nobody: the table of issue 17's audit, each
// decoded to the layer holding the key id and its secret.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/redact.h"
#include "secrets/scan.h"
#include "support/user_data_encodings.h"

namespace rolecall::secrets {
namespace {

using testing::base64;

TEST(UserDataEncodings, EveryEncodingRevealsTheKeyAndTheSecret) {
  for (const testing::UserDataEncoding& encoding : testing::hidden_key_encodings()) {
    SCOPED_TRACE(encoding.name);
    const auto findings = scan_user_data(base64(encoding.raw), "user-data");
    if (!findings) {
      ADD_FAILURE() << findings.error().message;
      continue;
    }
    const auto has = [&](SecretType type) {
      return std::any_of(findings->begin(), findings->end(), [&](const SecretFinding& f) {
        return f.type == type && f.key_id_redacted == base::redact_key_id(testing::kHiddenKeyId) && !f.is_example;
      });
    };
    EXPECT_TRUE(has(SecretType::kAccessKeyId));
    EXPECT_TRUE(has(SecretType::kSecretAccessKey));
    if (findings->empty()) continue;  // already reported above; the next encoding still runs
    EXPECT_NE(findings->front().location.find(encoding.location), std::string::npos) << findings->front().location;
  }
}

}  // namespace
}  // namespace rolecall::secrets
