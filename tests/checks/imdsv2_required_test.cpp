// imdsv2-required (docs/checks/imdsv2-required.md): PASS when HttpTokens is required or the
// metadata endpoint is disabled, FAIL when it is optional; judged for every in-scope instance.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kImdsId = "imdsv2-required";

TEST(Imdsv2Required, FailsEveryInstanceAllowingImdsv1) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&imdsv2_required_check()});
  expect_verdicts(v, kImdsId, Status::kFail, {{"i-imdsv2", Status::kPass}});
}

TEST(Imdsv2Required, ADisabledMetadataEndpointPasses) {
  Fixture fx;
  fx.add_instance("i-no-imds", "app").metadata.http_endpoint = "disabled";  // HttpTokens stays optional
  const Finding f = finding_on(findings_of(imdsv2_required_check(), fx.inventory), kImdsId, "i-no-imds");
  EXPECT_EQ(f.status, Status::kPass);
  EXPECT_EQ(f.severity, Severity::kLow);
  EXPECT_EQ(f.resource_type, "instance");
}

TEST(Imdsv2Required, NeedsNoIam) {
  const auto v = verdicts_without_iam(imdsv2_required_check());
  EXPECT_EQ(status_of(v, "i-imdsv2", kImdsId), Status::kPass);
  EXPECT_EQ(status_of(v, "i-app", kImdsId), Status::kFail);
}

}  // namespace
}  // namespace rolecall::checks
