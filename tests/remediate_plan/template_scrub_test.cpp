// Planning launch template versions without a migrated key (remediate/template_scrub.h).
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "remediate/template_scrub.h"
#include "secrets/encode.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kScrubAccount = "111111111111";
constexpr const char* kScrubRegion = "eu-west-1";
constexpr const char* kScrubKeyId = "AKIALACI57K43PEADJ4S";
constexpr const char* kScrubSecretKey = "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";

using RegionGroups =
    std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>>;

std::string scrub_script(bool mixed = false) {
  std::string out = "#!/bin/bash\nset -e\n";
  if (mixed) {
    out += std::string("AWS_ACCESS_KEY_ID=") + kScrubKeyId + " AWS_SECRET_ACCESS_KEY=" + kScrubSecretKey +
           " aws s3 sync s3://b /data\n";
  } else {
    out += std::string("export AWS_ACCESS_KEY_ID=") + kScrubKeyId +
           "\nexport AWS_SECRET_ACCESS_KEY=" + kScrubSecretKey + "\n";
  }
  return out + "/opt/app/start\n";
}

LaunchTemplateVersion scrub_version(long long n, const std::string& script, const std::string& profile) {
  LaunchTemplateVersion v;
  v.template_id = "lt-keyed";
  v.template_name = "keyed";
  v.version_number = n;
  v.user_data = secrets::encode_base64(script);
  v.profile_name = profile;
  return v;
}

Inventory scrub_inventory(const std::string& script, const std::string& profile = "app-web") {
  LaunchTemplate lt;
  lt.id = "lt-keyed";
  lt.name = "keyed";
  lt.account_id = kScrubAccount;
  lt.region = kScrubRegion;
  lt.default_version = 2;
  lt.latest_version = 2;
  lt.versions = {scrub_version(1, script, profile), scrub_version(2, script, profile)};
  RegionInventory r;
  r.account_id = kScrubAccount;
  r.region = kScrubRegion;
  r.launch_templates = {lt};
  r.launch_templates_collected = true;
  Inventory inv;
  inv.regions.push_back(r);
  return inv;
}

std::vector<KeyToRetire> scrub_retire() {
  KeyToRetire k;
  k.account_id = kScrubAccount;
  k.user = "deploy";
  k.key_id_redacted = "AKIA\u2026DJ4S";
  k.key_sha256 = base::sha256_hex(kScrubKeyId);
  return {k};
}

RegionGroups scrub_groups() {
  aws::autoscaling::AutoScalingGroup g;
  g.name = "web";
  g.launch_template_id = "lt-keyed";
  g.launch_template_version = "$Default";
  RegionGroups out;
  out.insert_or_assign(std::pair<std::string, std::string>{kScrubAccount, kScrubRegion},
                       Result<std::vector<aws::autoscaling::AutoScalingGroup>>(std::vector{g}));
  return out;
}

TEST(TemplateScrub, PlansTheDefaultVersionWithoutTheCredentialLines) {
  const auto inventory = scrub_inventory(scrub_script());
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), scrub_groups(), templates, warnings);
  ASSERT_EQ(templates.size(), 1u);
  const auto& t = templates[0];
  EXPECT_EQ(t.kind, TemplateActionKind::kUpdate) << t.reason;
  EXPECT_EQ(t.template_id, "lt-keyed");
  EXPECT_EQ(t.source_version, 2);
  EXPECT_EQ(t.scrub.version, 2);
  EXPECT_TRUE(t.target.arn.empty());
  EXPECT_EQ(t.source_profile_arn, "app-web");
  ASSERT_EQ(t.groups.size(), 1u);
  EXPECT_EQ(t.groups[0].name, "web");
  ASSERT_EQ(t.scrub.lines.size(), 2u);
  EXPECT_EQ(t.scrub.lines[0].line, 3);
  EXPECT_EQ(t.scrub.user_data_sha256, base::sha256_hex(secrets::encode_base64(scrub_script())));
  EXPECT_EQ(t.scrub.scrubbed_sha256, base::sha256_hex(secrets::encode_base64("#!/bin/bash\nset -e\n/opt/app/start\n")));
  EXPECT_EQ(t.scrub.key_sha256, std::vector<std::string>{base::sha256_hex(kScrubKeyId)});
  EXPECT_NE(t.scrub.diff.find("-export AWS_SECRET_ACCESS_KEY=****"), std::string::npos) << t.scrub.diff;
  // Version 1 holds the key too: said, not changed.
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("version(s) 1 also hold a migrated key"), std::string::npos) << warnings[0];

  // The plan file round-trips it and holds neither the key id nor the secret.
  Plan plan;
  plan.created_at = "2026-12-06T00:00:00Z";
  plan.templates = templates;
  const std::string plan_text = plan_to_json(plan);
  EXPECT_EQ(plan_text.find(kScrubKeyId), std::string::npos);
  EXPECT_EQ(plan_text.find(kScrubSecretKey), std::string::npos);
  auto back = plan_from_json(plan_text, "p.json");
  ASSERT_TRUE(back) << back.error().describe();
  ASSERT_TRUE(check_plan_digest(*back, "p.json", false));
  const auto& s = back->templates.at(0).scrub;
  EXPECT_EQ(s.version, 2);
  EXPECT_EQ(s.scrubbed_sha256, t.scrub.scrubbed_sha256);
  EXPECT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.diff, t.scrub.diff);
}

TEST(TemplateScrub, JoinsTheTemplatesProfileFix) {
  const auto inventory = scrub_inventory(scrub_script(), "");
  TemplateAction fix;
  fix.kind = TemplateActionKind::kUpdate;
  fix.account_id = kScrubAccount;
  fix.region = kScrubRegion;
  fix.template_id = "lt-keyed";
  fix.source_version = 1;  // the version the groups launch, not the default
  fix.target = {"arn:aws:iam::111111111111:instance-profile/app-web", "app-web", ""};
  fix.reason = "version 1 launches with no instance profile";
  std::vector<TemplateAction> templates{fix};
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), {}, templates, warnings);
  ASSERT_EQ(templates.size(), 1u) << "one new version carries both changes";
  EXPECT_EQ(templates[0].kind, TemplateActionKind::kUpdate);
  EXPECT_EQ(templates[0].scrub.version, 1);
  EXPECT_EQ(templates[0].target.name, "app-web");
  EXPECT_NE(templates[0].reason.find("made the default only when approved"), std::string::npos);
}

TEST(TemplateScrub, SaysAGroupOnLatestLaunchesItWithoutApproval) {
  const auto inventory = scrub_inventory(scrub_script());
  auto groups = scrub_groups();
  groups.begin()->second->front().launch_template_version = "$Latest";
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), groups, templates, warnings);
  ASSERT_EQ(templates.size(), 1u);
  EXPECT_NE(templates[0].reason.find("web launches $Latest, so the new version as soon as it is made"),
            std::string::npos)
      << templates[0].reason;
}

TEST(TemplateScrub, BlocksALineItCannotRemoveNamingTemplateVersionAndLine) {
  const auto inventory = scrub_inventory(scrub_script(true));
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), scrub_groups(), templates, warnings);
  ASSERT_EQ(templates.size(), 1u);
  EXPECT_EQ(templates[0].kind, TemplateActionKind::kBlocked);
  const auto& why = templates[0].reason;
  EXPECT_NE(why.find("version 2 of lt-keyed"), std::string::npos) << why;
  EXPECT_NE(why.find("user-data > line 3: the line does more than set the credential"), std::string::npos) << why;
  EXPECT_EQ(why.find(kScrubKeyId), std::string::npos);
  EXPECT_EQ(why.find(kScrubSecretKey), std::string::npos);
}

TEST(TemplateScrub, BlocksAVersionWithoutAProfile) {
  const auto inventory = scrub_inventory(scrub_script(), "");
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), scrub_groups(), templates, warnings);
  ASSERT_EQ(templates.size(), 1u);
  EXPECT_EQ(templates[0].kind, TemplateActionKind::kBlocked);
  EXPECT_NE(templates[0].reason.find("no instance profile"), std::string::npos) << templates[0].reason;
}

TEST(TemplateScrub, SaysWhichRegionsTemplatesWereNotChecked) {
  auto inventory = scrub_inventory(scrub_script());
  inventory.regions[0].launch_templates.clear();
  inventory.regions[0].launch_templates_error = Error::access_denied("ec2:DescribeLaunchTemplates denied");
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, scrub_retire(), scrub_groups(), templates, warnings);
  EXPECT_TRUE(templates.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("the launch templates of 111111111111/eu-west-1 could not be read"), std::string::npos)
      << warnings[0];
}

TEST(TemplateScrub, LeavesTemplatesWithoutAMigratedKey) {
  const auto inventory = scrub_inventory(scrub_script());
  auto retire = scrub_retire();
  retire[0].key_sha256 = base::sha256_hex("AKIAOTHERKEY00000000");
  std::vector<TemplateAction> templates;
  std::vector<std::string> warnings;
  plan_template_scrubs(inventory, retire, scrub_groups(), templates, warnings);
  EXPECT_TRUE(templates.empty());
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace rolecall::remediate
