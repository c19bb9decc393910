// Text that is not valid UTF-8 reaching a JSON writer of the built binary: the writer replaces it
// (U+FFFD) instead of aborting (exit 134 before base::json_text: nlohmann's type_error 316).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "cli_env.h"
#include "support/emulator_fixture.h"

namespace rolecall::testing {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";

using InvalidUtf8 = HostileCliTest;

TEST_F(InvalidUtf8, ScanFilesJsonNamesTheFile) {
  std::filesystem::create_directories(path("tree"));
  write("tree/key-\xff.txt", "aws_access_key_id = AKIAZ7QRSTUVWXYZ2345\n");
  auto r = run("--output json scan-files " + path("tree").string());
  ASSERT_NE(r.status, 134) << r.err;
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // a real-looking key was found
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_NE(doc["findings"][0]["path"].get<std::string>().find(std::string("key-") + kReplacement + ".txt"),
            std::string::npos)
      << r.out;
}

class InvalidUtf8Journal : public EmulatorFixture {};

// A plan file whose path holds byte 0xff is applied (the journal records the path), after which
// `runs --output json` must still list the journal: before, it aborted for this journal for good.
TEST_F(InvalidUtf8Journal, PlanPathInTheJournalThenRunsJson) {
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 6;
  spec.seed = 3;
  start_emulator(spec);
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  const std::string aws = "--endpoint-url " + emu_->endpoint_url() + " --region us-east-1 --quiet ";
  const std::string journal = " --journal " + (dir_ / "journal.db").string();
  const std::string plan = "'" +
                           (dir_ /
                            "pl\xff"
                            "an.json")
                               .string() +
                           "'";

  auto planned = run_rolecall(dir_.path(), aws + "plan --instance-profile app-payments --out " + plan);
  ASSERT_EQ(planned.status, 0) << planned.err;
  auto applied = run_rolecall(dir_.path(), aws + "--output json apply " + plan + " --yes" + journal);
  ASSERT_EQ(applied.status, 0) << applied.out << applied.err;
  // The summary follows the "run id: ..." line apply prints first.
  auto summary =
      nlohmann::json::parse(applied.out.substr(std::min(applied.out.find('{'), applied.out.size())), nullptr, false);
  EXPECT_FALSE(summary.is_discarded()) << applied.out;

  auto runs = run_rolecall(dir_.path(), "--output json runs" + journal);
  ASSERT_EQ(runs.status, 0) << runs.err;
  auto listed = nlohmann::json::parse(runs.out, nullptr, false);
  ASSERT_TRUE(listed.is_array()) << runs.out;
  ASSERT_EQ(listed.size(), 1u) << runs.out;
  EXPECT_NE(listed[0].dump().find("pl" + std::string(kReplacement) + "an.json"), std::string::npos) << runs.out;
  // The journal itself keeps the exact path: only the JSON text replaces it.
  auto text = run_rolecall(dir_.path(), "runs" + journal);
  EXPECT_EQ(text.status, 0) << text.err;
}

}  // namespace
}  // namespace rolecall::testing
