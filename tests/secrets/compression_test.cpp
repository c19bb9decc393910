// bzip2, xz and zip decoding (libbz2, liblzma, libarchive) under a byte bound, and UTF-16 text.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "secrets/bzip2.h"
#include "secrets/scan.h"
#include "secrets/text_sniff.h"
#include "secrets/xz.h"
#include "secrets/zip.h"
#include "support/encode.h"
#include "support/user_data_encodings.h"

namespace rolecall::secrets {
namespace {

using testing::base64;

const std::string kZeros(8u << 20, '\0');  // 8 MiB: packs into a few KiB in every format
constexpr std::size_t kBound = 1u << 20;

// The bombs, packed once (compressing is the slow part of these tests).
const std::string& bzip2_bomb() {
  static const std::string kBomb = testing::bzip2(kZeros);
  return kBomb;
}
const std::string& xz_bomb() {
  static const std::string kBomb = testing::xz(kZeros, 0);
  return kBomb;
}
const std::string& zip_bomb() {
  static const std::string kBomb = testing::zip({{"zeros", kZeros}});
  return kBomb;
}

void expect_bomb_error(const Result<std::string>& result, std::string_view format) {
  ASSERT_FALSE(result) << format;
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
  EXPECT_EQ(result.error().message.rfind(std::string(format) + ": decompressed data exceeds the limit of 1048576", 0),
            0u)
      << result.error().message;
}

TEST(Bzip2, RoundTripConcatenatedStreamsAndMagic) {
  EXPECT_TRUE(is_bzip2(testing::bzip2("x")));
  EXPECT_TRUE(is_bzip2(testing::bzip2("")));
  EXPECT_FALSE(is_bzip2("BZh9 is how this text starts"));
  EXPECT_EQ(bunzip2(testing::bzip2("#!/bin/sh\necho hi\n"), 1024).value(), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(bunzip2(testing::bzip2("a") + testing::bzip2("b"), 1024).value(), "ab");
}

TEST(Bzip2, BombStopsAtTheBound) {
  ASSERT_LT(bzip2_bomb().size(), 64u * 1024u);
  expect_bomb_error(bunzip2(bzip2_bomb(), kBound), "bzip2");
}

TEST(Bzip2, CorruptAndTruncatedStreamsFail) {
  std::string packed = testing::bzip2(std::string(4096, 'x') + "tail");
  EXPECT_FALSE(bunzip2(packed.substr(0, packed.size() / 2), 1 << 20));
  packed[packed.size() / 2] = static_cast<char>(packed[packed.size() / 2] ^ 0x55);
  EXPECT_FALSE(bunzip2(packed, 1 << 20));
  EXPECT_FALSE(bunzip2(testing::bzip2("x").substr(0, 10), 1 << 20));
}

TEST(Xz, RoundTripConcatenatedStreamsAndMagic) {
  EXPECT_TRUE(is_xz(testing::xz("x")));
  EXPECT_FALSE(
      is_xz("\xfd"
            "7zX"));
  EXPECT_EQ(unxz(testing::xz("#!/bin/sh\necho hi\n"), 1024).value(), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(unxz(testing::xz("a") + testing::xz("b"), 1024).value(), "ab");
}

TEST(Xz, BombStopsAtTheBound) {
  ASSERT_LT(xz_bomb().size(), 64u * 1024u);
  expect_bomb_error(unxz(xz_bomb(), kBound), "xz");
}

TEST(Xz, CorruptTruncatedAndGreedyStreamsFail) {
  const std::string packed = testing::xz(std::string(4096, 'x') + "tail");
  EXPECT_FALSE(unxz(packed.substr(0, packed.size() - 20), 1 << 20));
  std::string corrupt = packed;
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
  EXPECT_FALSE(unxz(corrupt, 1 << 20));
  // A block header claiming a 4 GiB dictionary (LZMA2 property byte 40): refused, never allocated.
  std::string greedy = packed;
  const std::size_t header = 12;  // after the 12-byte stream header
  const std::size_t header_size = (static_cast<unsigned char>(greedy[header]) + 1u) * 4u;
  const std::size_t filter = greedy.find(std::string("\x21\x01", 2), header);
  ASSERT_LT(filter, header + header_size);
  greedy[filter + 2] = 40;
  const uLong crc =
      crc32(0, reinterpret_cast<const Bytef*>(greedy.data() + header), static_cast<uInt>(header_size - 4));
  for (int i = 0; i < 4; ++i) greedy[header + header_size - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  const auto result = unxz(greedy, 1 << 20);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("bytes of memory"), std::string::npos) << result.error().message;
}

TEST(Zip, ExtractsRegularFilesInOrder) {
  const std::string archive = testing::zip({{"a.txt", "first"}, {"dir/b.sh", "second"}, {"bad\nname\x01", "x"}});
  ASSERT_TRUE(is_zip(archive));
  const auto files = unzip(archive, 1024);
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].name, "a.txt");
  EXPECT_EQ((*files)[0].content, "first");
  EXPECT_EQ((*files)[1].name, "dir/b.sh");
  EXPECT_EQ((*files)[1].content, "second");
  EXPECT_EQ((*files)[2].name, "bad?name?");  // names reach locations: printable ASCII only
}

TEST(Zip, BombStopsAtTheBoundAcrossEntries) {
  ASSERT_LT(zip_bomb().size(), 64u * 1024u);
  const auto whole = unzip(zip_bomb(), kBound);
  ASSERT_FALSE(whole);
  EXPECT_EQ(whole.error().message.rfind("zip: decompressed data exceeds the limit of 1048576", 0), 0u)
      << whole.error().message;
  // Many small entries that only together exceed the bound.
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 5; ++i) many.emplace_back("part" + std::to_string(i), std::string(256u << 10, 'A'));
  EXPECT_FALSE(unzip(testing::zip(many), kBound));
  EXPECT_TRUE(unzip(testing::zip(many), 4 * kBound));
}

TEST(Zip, CorruptArchivesFail) {
  const std::string archive = testing::zip({{"a.txt", std::string(4096, 'q')}});
  EXPECT_FALSE(unzip(archive.substr(0, archive.size() / 2), 1 << 20));
  EXPECT_FALSE(unzip("PK\x03\x04garbage", 1 << 20));
}

TEST(Utf16, ByteOrderMarksSurrogatesAndStrangers) {
  EXPECT_EQ(decode_utf16(testing::utf16le("echo hi", true))->utf8, "echo hi");
  EXPECT_EQ(decode_utf16(testing::utf16le("echo hi", false))->utf8, "echo hi");
  const auto big = decode_utf16(std::string("\xfe\xff\0e\0c\0h\0o", 10));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->utf8, "echo");
  EXPECT_STREQ(big->encoding, "UTF-16BE");
  // "é" and U+1F600 (a surrogate pair) become UTF-8; an unpaired surrogate becomes U+FFFD.
  const auto wide = decode_utf16(std::string("\xff\xfe\xe9\0=\0\x3d\xd8\x00\xde\x00\xd8", 12));
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->utf8, "\xc3\xa9=\xf0\x9f\x98\x80\xef\xbf\xbd");
  EXPECT_FALSE(decode_utf16(std::string("\xff\xfe\x01\0\x02\0\x03\0", 8)));  // control characters
  EXPECT_FALSE(decode_utf16(std::string("\xff\xfe", 2)));
  EXPECT_FALSE(decode_utf16("plain ascii text"));
}

// Each new layer's bomb, inside user data: an error naming the layer, never a PASS or an OOM.
TEST(UserDataBombs, EveryDecompressorStopsAtTheDecodedBudget) {
  DecodeLimits limits;
  limits.max_decoded_bytes = kBound;
  const std::pair<std::string, std::string> bombs[] = {{"bzip2", bzip2_bomb()}, {"xz", xz_bomb()}, {"zip", zip_bomb()}};
  for (const auto& [format, bomb] : bombs) {
    const auto result = scan_user_data(base64(bomb), "user-data", limits);
    ASSERT_FALSE(result) << format;
    EXPECT_EQ(result.error().kind, ErrorKind::kParse);
    EXPECT_NE(result.error().message.find("user-data: " + format + ": decompressed data exceeds the limit"),
              std::string::npos)
        << result.error().message;
  }
}

TEST(UserDataNesting, Base64OfGzipOfMimeWithAZipPartOfBzip2) {
  const std::string zipped = testing::zip({{"keys.bz2", testing::bzip2(testing::hidden_shell_script())}});
  const std::string mime =
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/zip\n"
      "Content-Transfer-Encoding: base64\n\n" +
      base64(zipped) + "\n--B--\n";
  const std::string script = "#!/bin/sh\necho " + base64(testing::gzip(mime)) + " | base64 -d | gunzip\n";
  const auto findings = scan_user_data(base64(script), "user-data");
  ASSERT_TRUE(findings) << findings.error().message;
  ASSERT_EQ(findings->size(), 2u);
  EXPECT_EQ(findings->front().location,
            "user-data > base64 (line 2) > gzip > part 1 (application/zip) > zip keys.bz2 > bzip2 > line 2");
  // The same chain under a depth bound it exceeds is an error, not a partial PASS.
  DecodeLimits shallow;
  shallow.max_depth = 4;
  const auto deep = scan_user_data(base64(script), "user-data", shallow);
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nested encoding layers"), std::string::npos) << deep.error().message;
}

}  // namespace
}  // namespace rolecall::secrets
