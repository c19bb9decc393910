#pragma once
// Where the CIS benchmarks place what each check judges. The recommendation rolecall implements is
// Level 1 in its own benchmark (../shared/spec); CIS AWS Foundations carries the same
// recommendation as Level 2, under ids that moved between versions. Verified per version against
// the public compliance mappings (Prowler's prowler/compliance/aws/cis_<version>_aws.json for
// v1.4.0-v7.0.0; v1.2.0 from that version's benchmark text): docs/checks/README.md, "CIS".

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace rolecall::checks {

// One benchmark version's number for a recommendation: ("v5.0.0", "1.17").
struct CisNumber {
  std::string_view version;
  std::string_view id;
};

// A CIS AWS Foundations Benchmark recommendation: its title, profile level and number per version.
struct CisFoundations {
  std::string_view title;
  std::string_view level;              // "Level 1" / "Level 2"
  std::span<const CisNumber> numbers;  // oldest version first
};

inline constexpr CisNumber kInstanceRoleNumbers[] = {{"v1.2.0", "1.19"}, {"v1.4.0", "1.18"}, {"v1.5.0", "1.18"},
                                                     {"v2.0.0", "1.18"}, {"v3.0.0", "1.18"}, {"v4.0.0", "1.18"},
                                                     {"v5.0.0", "1.17"}, {"v6.0.0", "2.17"}, {"v7.0.0", "2.16"}};
// "Ensure IAM instance roles are used for AWS resource access from instances" (Level 2).
inline constexpr CisFoundations kCisInstanceRoles{
    "Ensure IAM instance roles are used for AWS resource access from instances", "Level 2", kInstanceRoleNumbers};

inline constexpr CisNumber kNoAdminNumbers[] = {{"v1.4.0", "1.16"}, {"v1.5.0", "1.16"}, {"v2.0.0", "1.16"},
                                                {"v3.0.0", "1.16"}, {"v4.0.0", "1.16"}, {"v5.0.0", "1.15"},
                                                {"v6.0.0", "2.15"}, {"v7.0.0", "2.14"}};
// "Ensure IAM policies that allow full *:* administrative privileges are not attached" (Level 1).
inline constexpr CisFoundations kCisNoAdmin{
    "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached", "Level 1",
    kNoAdminNumbers};

inline constexpr CisNumber kImdsv2Numbers[] = {{"v2.0.0", "5.6"}, {"v3.0.0", "5.6"}, {"v4.0.0", "5.7"},
                                               {"v5.0.0", "5.7"}, {"v6.0.0", "6.7"}, {"v7.0.0", "6.7"}};
// "Ensure that the EC2 Metadata Service only allows IMDSv2" (Level 1).
inline constexpr CisFoundations kCisImdsv2{"Ensure that the EC2 Metadata Service only allows IMDSv2", "Level 1",
                                           kImdsv2Numbers};

// The CIS mapping from the recommendation every check implements (same for all checks).
inline constexpr std::string_view kCisControls = "CIS Controls v8 4.9; v7 6.3, 5.2";
// The recommendation's profile level in its own benchmark (the spec).
inline constexpr std::string_view kCisProfile = "Level 1";

// "1.19 (v1.2.0), 1.18 (v1.4.0-v4.0.0), 1.17 (v5.0.0), ...": consecutive versions with one number merged.
std::string cis_numbers_text(const CisFoundations& cis);

// Both placements, labelled: "CIS recommendation: Level 1; CIS AWS Foundations: Level 2, 1.19 (v1.2.0), ...".
std::string cis_text(const CisFoundations& cis);

}  // namespace rolecall::checks
