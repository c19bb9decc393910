// report --from-store (store/state_report.h): the stored state as a scan result, evidence read
// back as written.
#include "store/state_report.h"

#include <gtest/gtest.h>

namespace rolecall::store {
namespace {

TEST(StateReport, EvidenceReadsBackAsWritten) {
  Evidence e;
  e.profile_arn = "arn:aws:iam::111122223333:instance-profile/web";
  e.statement = R"({"Effect":"Allow","Action":"*"})";
  e.key_id_redacted = "AKIA…MPLE";
  e.key_intel = "AKIA…MPLE: Active, account 111122223333 (in scope), user deploy";
  e.role_session = "role web: 3 call(s) from this instance (public IP 54.1.2.3), A to B";
  const Evidence back = evidence_from_json(evidence_json(e));
  EXPECT_EQ(back.key_intel, e.key_intel);
  EXPECT_EQ(back.role_session, e.role_session);
  EXPECT_EQ(back.profile_arn, e.profile_arn);
  EXPECT_EQ(back.statement, e.statement);
  EXPECT_EQ(back.key_id_redacted, e.key_id_redacted);
  EXPECT_EQ(back.role_arn, "");
  EXPECT_EQ(evidence_from_json("not json").profile_arn, "") << "a damaged row reads as no evidence";
  EXPECT_EQ(evidence_from_json(R"({"detail": 3})").detail, "");
}

TEST(StateReport, EachFindingsLastVerdictSorted) {
  StoredFinding open;
  open.key = {"222233334444", "eu-west-1", "i-b", "instance-has-role"};
  open.resource_type = "instance";
  open.status = Status::kFail;
  open.severity = Severity::kHigh;
  open.message = "no IAM instance profile is associated";
  open.open = true;
  StoredFinding resolved = open;
  resolved.key = {"111122223333", "us-east-1", "i-a", "instance-has-role"};
  resolved.status = Status::kPass;
  resolved.open = false;
  ScanSummary newest, oldest;
  newest.started_at = "2026-12-06T10:00:00Z";
  newest.finished_at = "2026-12-06T10:01:00Z";
  oldest.started_at = "2026-12-06T09:00:00Z";
  oldest.finished_at = "2026-12-06T09:01:00Z";
  const ScanResult result = state_report({open, resolved}, {newest, oldest}, {"imdsv2-required", "instance-has-role"});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].resource_id, "i-a");
  EXPECT_EQ(result.findings[0].status, Status::kPass);
  EXPECT_EQ(result.findings[1].status, Status::kFail);
  EXPECT_EQ(result.findings[1].message, open.message);
  EXPECT_EQ(result.checks, (std::vector<std::string>{"imdsv2-required", "instance-has-role"}));
  EXPECT_EQ(result.stats.accounts, 2u);
  EXPECT_EQ(result.stats.regions, 2u);
  EXPECT_EQ(result.started_at, "2026-12-06T09:00:00Z");
  EXPECT_EQ(result.finished_at, "2026-12-06T10:01:00Z");
}

}  // namespace
}  // namespace rolecall::store
