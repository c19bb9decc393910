// The labelled corpus in tests/data/secrets: every expected finding found, nothing else.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "secrets/scan.h"
#include "support/encode.h"
#include "support/files.h"
#include "support/paths.h"

namespace rolecall::secrets {
namespace {

struct Expected {
  std::string type;
  std::size_t line = 0;
  bool example = false;
  std::string location;  // empty: any
  std::string key_id;    // empty: any
};

bool matches(const Expected& e, const SecretFinding& f) {
  return e.type == to_string(f.type) && e.line == f.line && e.example == f.is_example &&
         (e.location.empty() || e.location == f.location) && (e.key_id.empty() || e.key_id == f.key_id_redacted);
}

std::string describe(const SecretFinding& f) {
  return std::string(to_string(f.type)) + " @ " + f.location + (f.is_example ? " (example)" : "") + " key " +
         f.key_id_redacted;
}

TEST(SecretsCorpus, PrecisionAndRecallAreOne) {
  const std::string root = rolecall::testing::source_dir() + "/tests/data/secrets/";
  const auto manifest = nlohmann::json::parse(testing::read_file(root + "expected.json"));
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t files = 0;
  for (const auto& entry : manifest.at("files")) {
    const std::string path = entry.at("path").get<std::string>();
    const std::string mode = entry.at("mode").get<std::string>();
    const std::string content = testing::read_file(root + path);
    ++files;
    std::vector<SecretFinding> found;
    if (mode == "text") {
      found = scan_text(content, path);
    } else {
      const std::string raw = mode == "user-data-gzip" ? testing::gzip(content) : content;
      auto result = scan_user_data(testing::base64(raw), "user-data");
      ASSERT_TRUE(result.has_value()) << path << ": " << result.error().message;
      found = std::move(*result);
    }
    std::vector<Expected> expected;
    for (const auto& e : entry.at("expect")) {
      expected.push_back({e.at("type").get<std::string>(), e.at("line").get<std::size_t>(), e.value("example", false),
                          e.value("location", std::string()), e.value("key_id", std::string())});
    }
    std::vector<bool> used(found.size(), false);
    for (const Expected& e : expected) {
      bool hit = false;
      for (std::size_t i = 0; i < found.size() && !hit; ++i) {
        if (!used[i] && matches(e, found[i])) used[i] = hit = true;
      }
      if (hit) {
        ++true_positives;
      } else {
        ++false_negatives;
        ADD_FAILURE() << path << " (" << mode << "): missed " << e.type << " at line " << e.line
                      << (e.location.empty() ? "" : " [" + e.location + "]");
      }
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (used[i]) continue;
      ++false_positives;
      ADD_FAILURE() << path << " (" << mode << "): unexpected " << describe(found[i]);
    }
  }
  const double precision =
      true_positives + false_positives == 0
          ? 1.0
          : static_cast<double>(true_positives) / static_cast<double>(true_positives + false_positives);
  const double recall =
      true_positives + false_negatives == 0
          ? 1.0
          : static_cast<double>(true_positives) / static_cast<double>(true_positives + false_negatives);
  std::printf(
      "secrets corpus: %zu file scans, %zu expected findings, TP %zu FP %zu FN %zu, precision %.3f recall %.3f\n",
      files, true_positives + false_negatives, true_positives, false_positives, false_negatives, precision, recall);
  EXPECT_GT(true_positives, 40u);  // the corpus is not accidentally empty
  EXPECT_EQ(precision, 1.0);
  EXPECT_EQ(recall, 1.0);
}

}  // namespace
}  // namespace rolecall::secrets
