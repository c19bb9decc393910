#include "tree_generator.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace rolecall::bench {
namespace {

// xorshift64*: fast, and the same tree for the same seed on every machine.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kHex = "0123456789abcdef";

constexpr std::array<std::string_view, 24> kWords{"request", "config", "value",  "items",  "timeout", "handler",
                                                  "result",  "buffer", "client", "server", "status",  "update",
                                                  "index",   "order",  "user",   "cache",  "retry",   "token",
                                                  "stream",  "record", "bucket", "region", "commit",  "build"};

std::string random_of(Rng& rng, std::string_view alphabet, std::size_t n) {
  std::string s(n, ' ');
  for (char& c : s) c = alphabet[rng.below(alphabet.size())];
  return s;
}

std::string secret(Rng& rng) {
  while (true) {
    std::string s = random_of(rng, kBase64, 40);
    const bool upper = s.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos;
    const bool lower = s.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos;
    const bool digit = s.find_first_of("0123456789") != std::string::npos;
    if (upper && lower && digit) return s;
  }
}

// Ordinary lines of code, logs, config and prose, with the upper-case letters real files have.
void filler_line(Rng& rng, std::string& out) {
  const std::string_view word = kWords[rng.below(kWords.size())];
  const std::string n = std::to_string(rng.below(100000));
  switch (rng.below(8)) {
    case 0:
      out += "    ";
      out += word;
      out += " = self.client.get_object(Bucket=BUCKET_NAME, Key=f\"{prefix}/" + n + "\")  # TODO: handle retries\n";
      break;
    case 1:
      out +=
          "    private static final Logger LOG = LoggerFactory.getLogger(AbstractRequestHandler.class); // " + n + "\n";
      break;
    case 2:
      out += "export APP_ENV=production AWS_REGION=us-east-1 AWS_DEFAULT_OUTPUT=json MAX_RETRIES=" + n + "\n";
      break;
    case 3:
      out += "2026-11-24T12:" + std::to_string(10 + rng.below(50)) +
             ":00Z INFO [main] c.e.AuthFilter - Authorization accepted request_id=" + random_of(rng, kHex, 8) + "-" +
             random_of(rng, kHex, 4) + " path=/api/v1/" + std::string(word) + " status=200\n";
      break;
    case 4:
      out += "{\"ApplicationName\": \"" + std::string(word) + "\", \"Active\": true, \"Attempts\": " + n +
             ", \"Region\": \"ap-southeast-2\"}\n";
      break;
    case 5: out += std::string(word) + "." + std::string(kWords[rng.below(kWords.size())]) + " = " + n + "\n"; break;
    case 6:
      out += "All API requests are signed with AWS Signature Version 4; see the Access Management guide (section " + n +
             ").\n";
      break;
    default:
      for (int i = 0; i < 9; ++i) {
        out += kWords[rng.below(kWords.size())];
        out += ' ';
      }
      out += "the quick brown fox jumps over the lazy dog.\n";
  }
}

// A line that looks like a credential but is not one; returns its kind.
std::string_view decoy_line(Rng& rng, std::string& out) {
  switch (rng.below(10)) {
    case 0: out += "commit " + random_of(rng, kHex, 40) + "\n"; return "git-sha";
    case 1: out += "sha256:" + random_of(rng, kHex, 64) + "\n"; return "sha256";
    case 2: out += "blob: " + random_of(rng, kBase64, 60) + "==\n"; return "base64-blob";
    case 3:
      out +=
          "\"Arn\": \"arn:aws:iam::123456789012:role/app\", \"RoleId\": \"AROA" + random_of(rng, kBase32, 16) + "\"\n";
      return "role-id";
    case 4: out += "\"UserId\": \"AIDA" + random_of(rng, kBase32, 16) + "\"\n"; return "user-id";
    case 5: out += "aws_access_key_id = AKIAIOSFODNN7EXAMPLE  # from the AWS docs\n"; return "example-key";
    case 6: out += "nonce = " + secret(rng) + "\n"; return "random-40";
    case 7: out += "secret_key = " + random_of(rng, kHex, 40) + "\n"; return "hex-secret";
    case 8:
      out += "id: AKIA" + random_of(rng, "0123456789ABCDEF", 15) + "8\n";
      return "invalid-alphabet";  // 8: never base32
    default: out += "MYSQL_ALLOW_EMPTY_PASSWORD=yes\n"; return "mysql-env";
  }
}

// Planted keys in the formats people leak them in; returns the number of lines written.
std::size_t planted_lines(Rng& rng, std::string& out, std::size_t& key_line_offset) {
  const std::string id = std::string(rng.below(4) == 0 ? "ASIA" : "AKIA") + random_of(rng, kBase32, 16);
  const std::string s = secret(rng);
  switch (rng.below(5)) {
    case 0:
      out += "export AWS_ACCESS_KEY_ID=" + id + "\nexport AWS_SECRET_ACCESS_KEY=" + s + "\n";
      key_line_offset = 0;
      return 2;
    case 1:
      out += "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + s + "\n";
      key_line_offset = 1;
      return 3;
    case 2:
      out += "{\"AccessKeyId\": \"" + id + "\", \"SecretAccessKey\": \"" + s + "\"}\n";
      key_line_offset = 0;
      return 1;
    case 3:
      out += "boto3.client('s3', aws_access_key_id='" + id + "',\n    aws_secret_access_key='" + s + "')\n";
      key_line_offset = 0;
      return 2;
    default:
      out += "aws.accessKeyId=" + id + "\naws.secretKey=" + s + "\n";
      key_line_offset = 0;
      return 2;
  }
}

}  // namespace

int generate_tree(const TreeSpec& spec) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(spec.root, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", spec.root.c_str(), ec.message().c_str());
    return 1;
  }
  std::ofstream manifest(spec.manifest);
  if (!manifest) {
    std::fprintf(stderr, "cannot write manifest %s\n", spec.manifest.c_str());
    return 1;
  }
  Rng rng(spec.seed);
  std::uint64_t written = 0;
  std::string content;
  for (std::size_t file = 0; written < spec.total_bytes; ++file) {
    const std::string dir = spec.root + "/d" + std::to_string(file % 64) + "/sub" + std::to_string(file % 7);
    fs::create_directories(dir, ec);
    static constexpr std::array<std::string_view, 6> kExt{".py", ".log", ".conf", ".json", ".sh", ".txt"};
    const std::string path = dir + "/file" + std::to_string(file) + std::string(kExt[file % kExt.size()]);
    const std::size_t target = 16 * 1024 + rng.below(496 * 1024);  // 16 KiB .. 512 KiB
    content.clear();
    std::size_t line = 1;
    while (content.size() < target) {
      const std::size_t roll = rng.below(20000);
      if (roll < 4) {  // ~1 in 5000 lines: a leaked key
        std::size_t offset = 0;
        const std::size_t n = planted_lines(rng, content, offset);
        manifest << "planted\t" << path << '\t' << line + offset << '\n';
        line += n;
      } else if (roll < 60) {  // ~1 in 350 lines: a decoy
        const std::string_view kind = decoy_line(rng, content);
        manifest << kind << '\t' << path << '\t' << line << '\n';
        ++line;
      } else {
        filler_line(rng, content);
        ++line;
      }
    }
    std::ofstream(path, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    written += content.size();
  }
  std::fprintf(stderr, "generated %llu bytes under %s\n", static_cast<unsigned long long>(written), spec.root.c_str());
  return 0;
}

}  // namespace rolecall::bench
