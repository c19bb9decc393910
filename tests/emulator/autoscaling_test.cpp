// Auto Scaling: DescribeAutoScalingGroups and UpdateAutoScalingGroup, groups in the estate file,
// the generator's groups, and the admin API's simulated replacement (POST /_emulator/scale).
#include <algorithm>
#include <chrono>

#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"
#include "emulator/generator/generator.h"
#include "emulator/truth/truth.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

constexpr const char* kTemplate = "lt-0123456789abcdef0";  // "web": v1 profile web (default), v2 none
constexpr const char* kApp = "lt-0a0000000000000a1";       // "app": v1 none, v2 profile spare (default)

// The fixture's estate plus a template and three groups of the prod account in us-east-1: "pinned"
// (kTemplate version 2; instances a02, a03), "configured" (a launch configuration; a04) and
// "mixed" (kApp $Default in a mixed instances policy; a05).
json group_estate() {
  json doc = test_estate();
  json& prod = doc["accounts"][0];
  prod["launch_templates"].push_back(
      {{"id", kApp},
       {"name", "app"},
       {"region", "us-east-1"},
       {"default_version", 2},
       {"versions",
        {{{"number", 1}, {"user_data", ""}},
         {{"number", 2}, {"user_data", ""}, {"instance_profile", "spare"}, {"http_tokens", "required"}}}}});
  prod["auto_scaling_groups"] = {
      {{"name", "pinned"},
       {"region", "us-east-1"},
       {"launch_template", {{"id", kTemplate}, {"version", "2"}}},
       {"min_size", 1},
       {"max_size", 4},
       {"desired_capacity", 2},
       {"tags", {{"team", "web"}}}},
      {{"name", "configured"}, {"region", "us-east-1"}, {"launch_configuration", "old-lc"}, {"max_size", 2}},
      {{"name", "mixed"},
       {"region", "us-east-1"},
       {"launch_template", {{"id", kApp}}},
       {"mixed_instances_policy", true},
       {"max_size", 2}},
  };
  auto tag = [&prod](int instance, const char* group) {
    prod["instances"][instance]["tags"]["aws:autoscaling:groupName"] = group;
  };
  tag(2, "pinned");
  tag(3, "pinned");
  tag(4, "configured");
  tag(5, "mixed");
  return doc;
}

class AutoScaling : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.estate = group_estate();
    options.admin_token = "s3cret";
    start(options);
  }

  Answer describe(aws::QueryParams params = {}, const Identity& who = admin_identity()) {
    params.emplace_back("Action", "DescribeAutoScalingGroups");
    return query(who, "autoscaling", std::move(params));
  }

  Answer scale(const std::string& group) {
    json body = {{"account", "111111111111"}, {"region", "us-east-1"}, {"group", group}};
    return raw("POST", "/_emulator/scale", body.dump(), {{"X-Emulator-Token", "s3cret"}});
  }

  // The group element named `name` in a DescribeAutoScalingGroups answer.
  static pugi::xml_node group(const Answer& a, const std::string& name) {
    for (auto m : a.xml.select_nodes("//AutoScalingGroups/member")) {
      if (m.node().child_value("AutoScalingGroupName") == name) return m.node();
    }
    return {};
  }
};

TEST_F(AutoScaling, DescribeShowsEachLaunchSourceSizesTagsAndInstances) {
  Answer a = describe();
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.all("AutoScalingGroupName").size(), 3u);
  pugi::xml_node pinned = group(a, "pinned");
  ASSERT_TRUE(pinned);
  EXPECT_STREQ(pinned.child("LaunchTemplate").child_value("LaunchTemplateId"), kTemplate);
  EXPECT_STREQ(pinned.child("LaunchTemplate").child_value("LaunchTemplateName"), "web");
  EXPECT_STREQ(pinned.child("LaunchTemplate").child_value("Version"), "2");
  EXPECT_STREQ(pinned.child_value("DesiredCapacity"), "2");
  EXPECT_TRUE(std::string(pinned.child_value("AutoScalingGroupARN"))
                  .starts_with("arn:aws:autoscaling:us-east-1:111111111111:autoScalingGroup:"));
  EXPECT_STREQ(pinned.child("Tags").child("member").child_value("Key"), "team");
  std::vector<std::string> ids;
  for (auto m : pinned.child("Instances").children("member")) {
    ids.push_back(m.child_value("InstanceId"));
    EXPECT_STREQ(m.child_value("LifecycleState"), "InService");
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"i-00000000000000a02", "i-00000000000000a03"}));
  pugi::xml_node configured = group(a, "configured");
  EXPECT_STREQ(configured.child_value("LaunchConfigurationName"), "old-lc");
  EXPECT_FALSE(configured.child("LaunchTemplate"));
  pugi::xml_node mixed = group(a, "mixed");
  EXPECT_FALSE(mixed.child("LaunchTemplate"));
  EXPECT_STREQ(mixed.child("MixedInstancesPolicy")
                   .child("LaunchTemplate")
                   .child("LaunchTemplateSpecification")
                   .child_value("Version"),
               "$Default");
  // Another region, another account: no groups.
  Answer eu = query(admin_identity(), "autoscaling", {{"Action", "DescribeAutoScalingGroups"}}, "eu-west-1");
  ASSERT_EQ(eu.status, 200) << eu.body;
  EXPECT_TRUE(eu.all("AutoScalingGroupName").empty());
}

TEST_F(AutoScaling, DescribeFiltersByNameAndPagesWithNextToken) {
  Answer named = describe({{"AutoScalingGroupNames.member.1", "mixed"}, {"AutoScalingGroupNames.member.2", "none"}});
  ASSERT_EQ(named.status, 200) << named.body;
  EXPECT_EQ(named.all("AutoScalingGroupName"), (std::vector<std::string>{"mixed"}));
  Answer tagged = describe({{"Filters.member.1.Name", "tag:team"}, {"Filters.member.1.Values.member.1", "web"}});
  EXPECT_EQ(tagged.all("AutoScalingGroupName"), (std::vector<std::string>{"pinned"}));

  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    aws::QueryParams p = {{"MaxRecords", "2"}};
    if (!token.empty()) p.emplace_back("NextToken", token);
    Answer page = describe(p);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& n : page.all("AutoScalingGroupName")) seen.push_back(n);
    token = page.find("NextToken");
    ++pages;
  } while (!token.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::vector<std::string>{"pinned", "configured", "mixed"}));

  EXPECT_EQ(describe({{"NextToken", "forged"}}).code(), "InvalidNextToken");
  EXPECT_EQ(describe({{"MaxRecords", "101"}}).code(), "ValidationError");
  Answer unknown = describe({{"Bogus", "1"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.code(), "UnknownParameter");
  // ReadOnlyAccess holds autoscaling:Describe*; a user without policies does not.
  EXPECT_EQ(describe({}, reader_identity()).status, 200);
  Answer denied = describe({}, nobody_identity());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "AccessDenied");
}

TEST_F(AutoScaling, UpdateChangesTheLaunchTemplateVersionAndRefusesWhatAwsRefuses) {
  auto update = [this](aws::QueryParams p, const Identity& who = admin_identity()) {
    p.emplace_back("Action", "UpdateAutoScalingGroup");
    return query(who, "autoscaling", std::move(p));
  };
  Answer ok = update({{"AutoScalingGroupName", "pinned"},
                      {"LaunchTemplate.LaunchTemplateId", kTemplate},
                      {"LaunchTemplate.Version", "1"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.xml.child("UpdateAutoScalingGroupResponse").child("ResponseMetadata"));
  EXPECT_STREQ(group(describe(), "pinned").child("LaunchTemplate").child_value("Version"), "1");

  // By name, into the mixed instances policy, with $Latest.
  Answer mixed = update({{"AutoScalingGroupName", "mixed"},
                         {"MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateName", "app"},
                         {"MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version", "$Latest"}});
  ASSERT_EQ(mixed.status, 200) << mixed.body;
  EXPECT_STREQ(group(describe(), "mixed")
                   .child("MixedInstancesPolicy")
                   .child("LaunchTemplate")
                   .child("LaunchTemplateSpecification")
                   .child_value("Version"),
               "$Latest");

  EXPECT_EQ(update({{"AutoScalingGroupName", "pinned"},
                    {"LaunchTemplate.LaunchTemplateId", kTemplate},
                    {"LaunchTemplate.Version", "9"}})
                .code(),
            "ValidationError");
  EXPECT_EQ(
      update({{"AutoScalingGroupName", "pinned"}, {"LaunchTemplate.LaunchTemplateId", "lt-0fffffffffffffff0"}}).code(),
      "ValidationError");
  EXPECT_EQ(update({{"AutoScalingGroupName", "nope"}, {"MinSize", "1"}}).code(), "ValidationError");
  EXPECT_EQ(update({{"AutoScalingGroupName", "pinned"}, {"MinSize", "5"}}).code(), "ValidationError");
  Answer missing = update({{"MinSize", "1"}});
  EXPECT_EQ(missing.code(), "ValidationError") << missing.body;
  Answer denied = update({{"AutoScalingGroupName", "pinned"}, {"MinSize", "1"}}, reader_identity());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "AccessDenied");
  // Nothing refused changed the group.
  const Answer after = describe();  // the node below points into it
  pugi::xml_node pinned = group(after, "pinned");
  EXPECT_STREQ(pinned.child("LaunchTemplate").child_value("Version"), "1");
  EXPECT_STREQ(pinned.child_value("MinSize"), "1");
}

TEST_F(AutoScaling, ScaleReplacesAnInstanceFromTheTemplateVersionTheGroupResolves) {
  // "mixed" resolves kApp $Default = v2: profile spare, IMDSv2 required.
  Answer done = scale("mixed");
  ASSERT_EQ(done.status, 200) << done.body;
  json out = json::parse(done.body);
  EXPECT_EQ(out["terminated"], "i-00000000000000a05");
  EXPECT_EQ(out["launch_template"]["version"], 2);
  const std::string launched = out["launched"];
  Answer d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", launched}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.find("arn"), "arn:aws:iam::111111111111:instance-profile/spare");
  EXPECT_EQ(d.find("httpTokens"), "required");
  std::vector<std::string> values = d.all("value");
  EXPECT_NE(std::find(values.begin(), values.end(), "mixed"), values.end());
  Answer old =
      query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", "i-00000000000000a05"}});
  EXPECT_EQ(old.find("name"), "terminated");  // shutting-down for the scale itself, gone for later requests
  // The group lists the new instance, not the old one.
  std::vector<std::string> members;
  const Answer listed = describe();  // the nodes below point into it
  for (auto m : group(listed, "mixed").child("Instances").children("member"))
    members.push_back(m.child_value("InstanceId"));
  EXPECT_EQ(members, (std::vector<std::string>{launched}));
  // The truth judges the replacement: it holds a role.
  json truth = json::parse(raw("GET", "/_emulator/truth", "", {{"X-Emulator-Token", "s3cret"}}).body);
  bool judged = false;
  for (const auto& row : truth["findings"]) {
    if (row["resource_id"] == launched && row["check_id"] == "instance-has-role") judged = row["status"] == "PASS";
  }
  EXPECT_TRUE(judged);
}

TEST_F(AutoScaling, ScaleFollowsAnUpdatedVersionAndKeepsALaunchConfigurationAsItWas) {
  // "pinned" at kTemplate v2 launches without a profile; moved to v1 it launches with web.
  json first = json::parse(scale("pinned").body);
  Answer d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", first["launched"]}});
  EXPECT_EQ(d.find("arn"), "");
  ASSERT_EQ(query(admin_identity(), "autoscaling",
                  {{"Action", "UpdateAutoScalingGroup"},
                   {"AutoScalingGroupName", "pinned"},
                   {"LaunchTemplate.LaunchTemplateId", kTemplate},
                   {"LaunchTemplate.Version", "1"}})
                .status,
            200);
  json second = json::parse(scale("pinned").body);
  EXPECT_EQ(second["launch_template"]["version"], 1);
  d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", second["launched"]}});
  EXPECT_EQ(d.find("arn"), "arn:aws:iam::111111111111:instance-profile/web");

  // A launch configuration never changes: the replacement is launched as the old instance was.
  json lc = json::parse(scale("configured").body);
  EXPECT_EQ(lc["terminated"], "i-00000000000000a04");
  EXPECT_FALSE(lc.contains("launch_template"));
  d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", lc["launched"]}});
  EXPECT_EQ(d.find("arn"), "arn:aws:iam::111111111111:instance-profile/web");

  EXPECT_EQ(scale("nope").status, 404);
  EXPECT_EQ(raw("POST", "/_emulator/scale", "{}", {{"X-Emulator-Token", "s3cret"}}).status, 400);
  EXPECT_EQ(raw("POST", "/_emulator/scale", "{}", {}).status, 401);
}

TEST(AutoScalingEstate, GroupsRoundTripAndBadOnesAreRefusedByPath) {
  auto estate = load_estate_json(group_estate());
  ASSERT_TRUE(estate.has_value()) << estate.error().message;
  json dumped = dump_estate_json(*estate, 1, {}, std::chrono::seconds(3600));
  EXPECT_EQ(dumped["accounts"][0]["auto_scaling_groups"].size(), 3u);
  auto again = load_estate_json(dumped);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(dump_estate_json(*again, 1, {}, std::chrono::seconds(3600)), dumped);
  EXPECT_FALSE(
      dump_estate_json(*load_estate_json(test_estate()), 1, {}, std::chrono::seconds(3600))["accounts"][0].contains(
          "auto_scaling_groups"));

  auto error_of = [](json doc) {
    auto loaded = load_estate_json(doc);
    return loaded ? std::string() : loaded.error().message;
  };
  json both = group_estate();
  both["accounts"][0]["auto_scaling_groups"][1]["launch_template"] = {{"id", kTemplate}};
  EXPECT_NE(error_of(both).find("auto_scaling_groups[1]"), std::string::npos);
  json dangling = group_estate();
  dangling["accounts"][0]["auto_scaling_groups"][0]["launch_template"]["id"] = "lt-0fffffffffffffff0";
  EXPECT_NE(error_of(dangling).find("auto_scaling_groups[0].launch_template.id"), std::string::npos);
  json version = group_estate();
  version["accounts"][0]["auto_scaling_groups"][0]["launch_template"]["version"] = "latest";
  EXPECT_NE(error_of(version).find("launch_template.version"), std::string::npos);
}

TEST(AutoScalingGenerator, GroupsAreDeterministicTaggedAndCoverEveryLaunchSource) {
  auto spec = parse_generator_spec("accounts=1,regions=2,instances=60,seed=3,groups=3");
  ASSERT_TRUE(spec.has_value());
  GeneratedEstate generated = generate_estate(*spec);
  EXPECT_EQ(generate_estate(*spec).estate, generated.estate);
  auto estate = load_estate_json(generated.estate);
  ASSERT_TRUE(estate.has_value()) << estate.error().message;
  int groups = 0, configured = 0, pinned = 0, mixed = 0;
  for (const auto& [region, data] : estate->accounts[0].regions) {
    for (const auto& g : data.auto_scaling_groups) {
      ++groups;
      configured += g.launch_configuration.empty() ? 0 : 1;
      pinned += g.launch_template && g.launch_template->version != "$Default" && g.launch_template->version != "$Latest"
                    ? 1
                    : 0;
      mixed += g.mixed_instances_policy ? 1 : 0;
      int members = 0;
      for (const auto& in : data.instances) {
        for (const auto& [k, v] : in.tags) members += k == kAutoScalingGroupTag && v == g.name ? 1 : 0;
      }
      EXPECT_EQ(members, g.desired_capacity) << g.name;
    }
  }
  EXPECT_EQ(groups, 6);
  EXPECT_GE(configured, 1);
  EXPECT_GE(pinned, 1);
  EXPECT_GE(mixed, 1);
  // The generator's truth still agrees with the emulator's own.
  const TimePoint when = std::chrono::sys_days{std::chrono::December / 5 / 2026};
  EXPECT_EQ(truth::compute_truth(*estate, 1, when)["findings"].size(), generated.truth["findings"].size());
  // Without groups the estate is the one it always was.
  auto plain = parse_generator_spec("accounts=1,regions=2,instances=60,seed=3");
  EXPECT_FALSE(generate_estate(*plain).estate["accounts"][0].contains("auto_scaling_groups"));
  EXPECT_FALSE(parse_generator_spec("groups=21").has_value());
}

}  // namespace
}  // namespace rolecall::emulator
