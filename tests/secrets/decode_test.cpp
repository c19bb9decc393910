#include <gtest/gtest.h>

#include <string>

#include "secrets/base64.h"
#include "secrets/cloud_config.h"
#include "secrets/gzip.h"
#include "secrets/mime.h"
#include "secrets/quoted_printable.h"
#include "secrets/text_sniff.h"
#include "support/encode.h"

namespace rolecall::secrets {
namespace {

TEST(Base64, DecodesWithWhitespaceAndMissingPadding) {
  EXPECT_EQ(decode_base64("aGVsbG8gd29ybGQ="), "hello world");
  EXPECT_EQ(decode_base64("aGVsbG8g\r\nd29y bGQ"), "hello world");
  EXPECT_EQ(decode_base64("aGk="), "hi");
  EXPECT_EQ(decode_base64("aGk"), "hi");
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_EQ(decode_base64("YQ=="), "a");
}

TEST(Base64, RejectsStrangers) {
  EXPECT_FALSE(decode_base64("aGk*"));
  EXPECT_FALSE(decode_base64("a"));         // impossible length
  EXPECT_FALSE(decode_base64("YQ==YQ=="));  // data after padding
  EXPECT_FALSE(decode_base64("YQ==="));
  EXPECT_FALSE(decode_base64("aGVsbG8-d29ybGQ_"));  // URL-safe alphabet
}

TEST(Base64, FindsBlobsInLinesAndAcrossLines) {
  const std::string text =
      "echo SGVsbG8sIHRoaXMgaXMgYSBuZXN0ZWQgbGF5ZXI= | base64 -d\n"
      "short QUJD words\n"
      "content: |\n"
      "  SGVsbG8sIHRoaXMgaXMgYSBu\n"
      "  ZXN0ZWQgbGF5ZXI=\n"
      "done\n";
  const auto blobs = find_base64_blobs(text);
  ASSERT_EQ(blobs.size(), 2u);
  EXPECT_EQ(blobs[0].line, 1u);
  EXPECT_EQ(decode_base64(text.substr(blobs[0].begin, blobs[0].end - blobs[0].begin)), "Hello, this is a nested layer");
  EXPECT_EQ(blobs[1].line, 4u);
  EXPECT_EQ(decode_base64(text.substr(blobs[1].begin, blobs[1].end - blobs[1].begin)), "Hello, this is a nested layer");
}

TEST(Gzip, RoundTripAndConcatenatedMembers) {
  const std::string data = "#!/bin/bash\necho hi\n";
  EXPECT_TRUE(is_gzip(testing::gzip(data)));
  EXPECT_EQ(gunzip(testing::gzip(data), 1024).value(), data);
  EXPECT_EQ(gunzip(testing::gzip("a") + testing::gzip("b"), 1024).value(), "ab");
}

TEST(Gzip, BombIsAnErrorNotAHang) {
  const std::string bomb = testing::gzip(std::string(16u << 20, '\0'), 1);  // 16 MiB of zeros, ~16 KiB packed
  ASSERT_LT(bomb.size(), 100u * 1024u);
  const auto result = gunzip(bomb, 1u << 20);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kParse);
  EXPECT_NE(result.error().message.find("exceeds the limit"), std::string::npos);
}

TEST(Gzip, CorruptAndTruncatedStreamsFail) {
  std::string packed = testing::gzip(std::string(4096, 'x') + "tail");
  EXPECT_FALSE(gunzip(packed.substr(0, packed.size() / 2), 1 << 20));
  packed[12] = static_cast<char>(packed[12] ^ 0x55);
  packed[13] = static_cast<char>(packed[13] ^ 0x55);
  const auto corrupt = gunzip(packed, 1 << 20);
  if (corrupt) {
    EXPECT_NE(*corrupt, std::string(4096, 'x') + "tail");  // never silently the original
  }
  EXPECT_FALSE(gunzip("\x1f\x8b", 1 << 20));
}

TEST(Mime, ParsesHeadersFoldingAndParameters) {
  const std::string text =
      "Content-Type: multipart/mixed;\r\n boundary=\"==XYZ==\"\r\nMIME-Version: 1.0\r\n\r\n"
      "preamble\r\n--==XYZ==\r\nContent-Type: Text/X-Shellscript; charset=us-ascii\r\n"
      "Content-Transfer-Encoding: BASE64\r\nContent-Disposition: attachment; filename=\"run.sh\"\r\n\r\n"
      "ZWNobyBoaQ==\r\n--==XYZ==\r\n\r\nno headers here\r\n--==XYZ==--\r\nepilogue\r\n";
  ASSERT_TRUE(looks_like_mime(text));
  const MimeEntity top = parse_mime_entity(text);
  EXPECT_EQ(top.content_type, "multipart/mixed");
  EXPECT_EQ(top.boundary, "==XYZ==");
  const auto parts = split_multipart(top.body, top.boundary);
  ASSERT_EQ(parts.size(), 2u);
  const MimeEntity first = parse_mime_entity(parts[0]);
  EXPECT_EQ(first.content_type, "text/x-shellscript");
  EXPECT_EQ(first.transfer_encoding, "base64");
  EXPECT_EQ(first.filename, "run.sh");
  EXPECT_EQ(first.body, "ZWNobyBoaQ==");
  const MimeEntity second = parse_mime_entity(parts[1]);
  EXPECT_EQ(second.content_type, "text/plain");
  EXPECT_EQ(second.body, "no headers here");
}

TEST(Mime, UnclosedMultipartEndsAtEof) {
  const auto parts = split_multipart("--b\nA: 1\n\nbody\n--b\n\nlast", "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], "\nlast");
  EXPECT_TRUE(split_multipart("no delimiters", "b").empty());
  EXPECT_TRUE(split_multipart("--b\nx", "").empty());
  EXPECT_FALSE(looks_like_mime("#!/bin/bash\nContent-Type: text/plain\n"));
}

TEST(Mime, PreambleEpilogueAndHeaderBlocks) {
  const std::string text =
      "Content-Type: multipart/mixed; boundary=b\nX-Note: top\n\nbefore\n--b\nX-Part: 1\n\none\n--b--\nafter\n";
  const MimeEntity top = parse_mime_entity(text);
  EXPECT_EQ(top.headers, "Content-Type: multipart/mixed; boundary=b\nX-Note: top\n");
  const Multipart multipart = parse_multipart(top.body, top.boundary);
  EXPECT_EQ(multipart.preamble, "before");
  ASSERT_EQ(multipart.parts.size(), 1u);
  EXPECT_EQ(parse_mime_entity(multipart.parts[0]).headers, "X-Part: 1\n");
  EXPECT_EQ(multipart.epilogue, "after\n");
  EXPECT_TRUE(parse_multipart("--b\nA: 1\n\nbody", "b").preamble.empty());
  EXPECT_TRUE(parse_mime_entity("no headers").headers.empty());
}

// A header block with no blank line after it has an empty body that still points into the text,
// so a caller can take its offset (the scrub splices a rewritten body back at that offset).
TEST(Mime, HeadersOnlyBodyIsAnEmptyViewAtTheEnd) {
  const std::string text = "MIME-Version: 1.0\nContent-Type: text/x-shellscript\n";
  const MimeEntity entity = parse_mime_entity(text);
  EXPECT_EQ(entity.headers, text);
  EXPECT_TRUE(entity.body.empty());
  EXPECT_EQ(entity.body.data(), text.data() + text.size());
}

TEST(QuotedPrintable, EscapesAndSoftBreaks) {
  EXPECT_EQ(decode_quoted_printable("a=3Db"), "a=b");
  EXPECT_EQ(decode_quoted_printable("long=\r\nline=\nend"), "longlineend");
  EXPECT_EQ(decode_quoted_printable("bad=ZZ=4"), "bad=ZZ=4");
  EXPECT_EQ(decode_quoted_printable("trailing="), "trailing");
}

TEST(CloudConfig, FindsEncodedWriteFiles) {
  const std::string text =
      "#cloud-config\n"
      "write_files:\n"
      "- path: /etc/plain\n"
      "  content: hello\n"
      "- encoding: gz+b64\n"
      "  content: |\n"
      "    H4sIAAAA\n"
      "    AAAA\n"
      "  path: \"/etc/packed\"\n"
      "-   path: /etc/quoted\n"
      "    encoding: 'base64'\n"
      "    content: \"aGVsbG8=\"\n"
      "  - path: /etc/binary\n"
      "    content: !!binary |\n"
      "      aGk=\n"
      "runcmd:\n"
      "  - echo done\n";
  const auto files = find_encoded_write_files(text);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].index, 1u);
  EXPECT_EQ(files[0].path, "/etc/packed");
  EXPECT_TRUE(files[0].gzipped);
  EXPECT_EQ(files[0].content, "\nH4sIAAAA\nAAAA");
  EXPECT_EQ(files[0].content_line, 6u);
  EXPECT_EQ(files[1].path, "/etc/quoted");
  EXPECT_EQ(files[1].encoding, "base64");
  EXPECT_EQ(files[1].content, "aGVsbG8=");
  EXPECT_EQ(files[2].encoding, "!!binary");
  EXPECT_EQ(files[2].content, "\naGk=");
}

TEST(TextSniff, TextBinaryAndUtf16) {
  EXPECT_TRUE(looks_like_text("#!/bin/bash\necho hi\n"));
  EXPECT_FALSE(looks_like_text(std::string("\x01\x02\x03\x04\xff\xfe", 6)));
  const std::string utf16("e\0c\0h\0o\0 \0h\0i\0", 14);
  EXPECT_FALSE(looks_like_text(utf16));
  EXPECT_EQ(decode_utf16(utf16)->utf8, "echo hi");
  EXPECT_FALSE(decode_utf16("plain ascii text"));
}

}  // namespace
}  // namespace rolecall::secrets
