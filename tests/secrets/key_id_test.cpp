#include <gtest/gtest.h>

#include "secrets/entropy.h"
#include "secrets/key_id.h"

#include <algorithm>
#include <string>

namespace rolecall::secrets {
namespace {

TEST(KeyId, CredentialPrefixesAreCredentials) {
  for (const char* id : {"AKIALACI57K43PEADJ4S", "ASIAFOGEMTSZTTQSPIEO", "ABIAVUDG6LABIBWNN2YG", "ACCATFYYVLHYD555G7SD",
                         "A3TXPTFQVU7Q3QPE46E4"}) {
    const KeyIdInfo info = classify_key_id(id);
    EXPECT_EQ(info.kind, KeyIdKind::kCredential) << id;
    EXPECT_FALSE(info.is_example) << id;
  }
}

TEST(KeyId, ResourceIdsAreNotCredentials) {
  for (const char* id :
       {"AROA5S73STX3FKHKT7TW", "AIDATB4HJBRPXRPCHCDX", "AGPAJ4E2VOSBZT7CKHZQ", "AIPAJ4E2VOSBZT7CKHZQ",
        "ANPAJ4E2VOSBZT7CKHZQ", "ANVAJ4E2VOSBZT7CKHZQ", "APKAJ4E2VOSBZT7CKHZQ", "ASCAJ4E2VOSBZT7CKHZQ"}) {
    EXPECT_EQ(classify_key_id(id).kind, KeyIdKind::kResourceId) << id;
  }
}

TEST(KeyId, RejectsWrongAlphabetLengthOrPrefix) {
  EXPECT_EQ(classify_key_id("AKIA1234567890ABCDEF").kind, KeyIdKind::kNotKeyId);   // 0, 1, 8, 9 are not base32
  EXPECT_EQ(classify_key_id("AKIALACI57K43PEADJ4").kind, KeyIdKind::kNotKeyId);    // 19 characters
  EXPECT_EQ(classify_key_id("AKIALACI57K43PEADJ4SX").kind, KeyIdKind::kNotKeyId);  // 21 characters
  EXPECT_EQ(classify_key_id("AXYZLACI57K43PEADJ4S").kind, KeyIdKind::kNotKeyId);
  EXPECT_EQ(classify_key_id("akialaci57k43peadj4s").kind, KeyIdKind::kNotKeyId);
  EXPECT_EQ(classify_key_id("A3Txptfqvu7q3qpe46e4").kind, KeyIdKind::kNotKeyId);
}

TEST(KeyId, DocumentationIdsAreExamples) {
  for (const char* id :
       {"AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE", "AKIAEXAMPLEPBUMBC3GA"}) {
    const KeyIdInfo info = classify_key_id(id);
    EXPECT_EQ(info.kind, KeyIdKind::kCredential) << id;
    EXPECT_TRUE(info.is_example) << id;
  }
}

TEST(SecretShape, AcceptsRandomRejectsStructure) {
  EXPECT_TRUE(plausible_secret_access_key("dTGjjGu5PDHHIUrQdMftdK7Z9Z2AOyxpz/Yyj1v3", true));
  EXPECT_TRUE(plausible_secret_access_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", true));
  EXPECT_TRUE(is_example_secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_FALSE(plausible_secret_access_key("da39a3ee5e6b4b0d3255bfef95601890afd80709", false));  // git SHA
  EXPECT_FALSE(plausible_secret_access_key("0BEEC7B5EA3F0FDBC95D0DD47F3C5BC275DA8A33", false));
  EXPECT_FALSE(plausible_secret_access_key("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false));
  EXPECT_FALSE(plausible_secret_access_key("/opt/app/config/settings/Production/abcd", true));
  EXPECT_FALSE(plausible_secret_access_key("dTGjjGu5PDHHIUrQdMftdK7Z9Z2AOyxpz/Yyj1v", false));  // 39
  // Without a digit: accepted after a key name, not on proximity alone.
  EXPECT_TRUE(plausible_secret_access_key("dTGjjGuxPDHHIUrQdMftdKZqZzAOyxpz/YyjRvwk", false));
  EXPECT_FALSE(plausible_secret_access_key("dTGjjGuxPDHHIUrQdMftdKZqZzAOyxpz/YyjRvwk", true));
}

TEST(SecretShape, Entropy) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
}

}  // namespace
}  // namespace rolecall::secrets

#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

TEST(TextLines, CountNewlinesMatchesNaiveCount) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += (i % 7 == 0) ? "\n" : (i % 3 == 0 ? "\n\n" : "abc");
  for (const std::size_t offset : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{17},
                                   std::size_t{4080}, std::size_t{4096}, text.size()}) {
    const auto naive =
        static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    EXPECT_EQ(count_newlines(text.data(), text.data() + offset), naive) << offset;
  }
  const std::string all(100000, '\n');  // every lane saturates its 255-step window
  EXPECT_EQ(count_newlines(all.data(), all.data() + all.size()), all.size());
  LineCounter counter(text);
  EXPECT_EQ(counter.line_of(0), 1u);
  EXPECT_EQ(counter.line_of(text.size()), 1 + count_newlines(text.data(), text.data() + text.size()));
}

}  // namespace
}  // namespace rolecall::secrets
