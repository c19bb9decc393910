// Generated credentials and the user-data scripts that leak them (or must not look like they do).
//
// Deliberately independent of src/secrets: these encodings (base64, gzip, MIME multipart, cloud-
// config) are written here from the formats' specifications, not with the scanner's decoders, so
// the estate is an oracle for the scanner. Sharing its code would let one misreading on both
// sides pass every test.

#include <array>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
constexpr std::string_view kUserDataHex = "0123456789abcdef";

double shannon_bits_per_char(std::string_view text) {
  std::array<int, 256> counts{};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    double p = static_cast<double>(n) / static_cast<double>(text.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

bool has_upper_lower_digit(std::string_view s) {
  bool upper = false, low = false, digit = false;
  for (char c : s) {
    upper = upper || (c >= 'A' && c <= 'Z');
    low = low || (c >= 'a' && c <= 'z');
    digit = digit || (c >= '0' && c <= '9');
  }
  return upper && low && digit;
}

std::string mime(std::string_view cloud_config, std::string_view shell) {
  constexpr std::string_view kBoundary = "==BOUNDARY-7c1f==";
  std::string out = fmt::format(
      "Content-Type: multipart/mixed; boundary=\"{0}\"\nMIME-Version: 1.0\n\n"
      "--{0}\nContent-Type: text/cloud-config; charset=\"us-ascii\"\nMIME-Version: 1.0\n"
      "Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename=\"cloud-config.txt\"\n\n{1}\n"
      "--{0}\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\nMIME-Version: 1.0\n"
      "Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename=\"userdata.txt\"\n\n{2}\n"
      "--{0}--\n",
      kBoundary, cloud_config, shell);
  return out;
}

std::string bucket(const ScriptContext& c) { return fmt::format("{}-{}-artifacts", c.team, c.account_id); }

}  // namespace

std::string Rng::chars(std::string_view alphabet, std::size_t n) {
  std::string out(n, ' ');
  for (auto& c : out) c = alphabet[below(alphabet.size())];
  return out;
}

Credential make_credential(Rng& rng, std::set<std::string>& used, bool temporary) {
  Credential cred;
  do {
    cred.id = std::string(temporary ? "ASIA" : "AKIA") + rng.chars(kBase32, 16);
  } while (cred.id.find("EXAMPLE") != std::string::npos || !used.insert(cred.id).second);
  // Random 40 characters are almost always high-entropy; the loop makes it a guarantee.
  do {
    cred.secret = rng.chars(kSecretAlphabet, 40);
  } while (shannon_bits_per_char(cred.secret) < 4.5 || !has_upper_lower_digit(cred.secret) ||
           cred.secret.find("EXAMPLE") != std::string::npos);
  if (temporary) cred.token = "IQoJb3JpZ2luX2Vj" + rng.chars(kSecretAlphabet, 382) + "==";
  return cred;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string gzip(std::string_view bytes) {
  z_stream zs{};
  // +16: gzip wrapper (zlib writes mtime 0 and no name, so output is reproducible). A 4 KiB window
  // and memLevel 5 suit scripts of a few hundred bytes and keep each call's state small enough
  // not to go through mmap/munmap, which dominated generating large estates.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 12 + 16, 5, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

std::string leaking_user_data(Kind kind, const Credential& cred, const ScriptContext& c) {
  switch (kind) {
    case Kind::kKeysPlainShell:
      return fmt::format(
          "#!/bin/bash\n# bootstrap {3}\nset -euo pipefail\n"
          "export AWS_ACCESS_KEY_ID={0}\nexport AWS_SECRET_ACCESS_KEY={1}\nexport AWS_DEFAULT_REGION={2}\n"
          "aws s3 cp s3://{4}/releases/app.tar.gz /tmp/app.tar.gz\n"
          "mkdir -p /opt/app && tar -xzf /tmp/app.tar.gz -C /opt/app\nsystemctl restart app\n",
          cred.id, cred.secret, c.region, c.name, bucket(c));
    case Kind::kKeysGzip:
      return gzip(
          fmt::format("#!/bin/bash\nyum install -y awscli jq\n"
                      "aws configure set aws_access_key_id {0}\naws configure set aws_secret_access_key {1}\n"
                      "aws configure set region {2}\naws s3 sync s3://{3}/config /etc/{4}\n",
                      cred.id, cred.secret, c.region, bucket(c), c.team));
    case Kind::kKeysMime: {
      std::string cloud_config =
          "#cloud-config\npackage_update: true\npackages:\n  - docker\ncloud_final_modules:\n"
          "  - [scripts-user, always]";
      std::string session = cred.token.empty() ? "" : fmt::format("AWS_SESSION_TOKEN={}\n", cred.token);
      std::string shell = fmt::format(
          "#!/bin/bash\ncat > /etc/{3}.env <<'EOF'\nAWS_ACCESS_KEY_ID={0}\nAWS_SECRET_ACCESS_KEY={1}\n{2}EOF\n"
          "systemctl enable --now docker\ndocker run -d --env-file /etc/{3}.env --name {3} {3}:latest\n",
          cred.id, cred.secret, session, c.team);
      return mime(cloud_config, shell);
    }
    case Kind::kKeysCloudConfig: {
      std::string file = fmt::format("[default]\naws_access_key_id = {}\naws_secret_access_key = {}\nregion = {}\n",
                                     cred.id, cred.secret, c.region);
      return fmt::format(
          "#cloud-config\nwrite_files:\n  - path: /root/.aws/credentials\n    owner: root:root\n"
          "    permissions: '0600'\n    encoding: b64\n    content: {}\nruncmd:\n"
          "  - [systemctl, restart, {}]\n",
          base64(file), c.team);
    }
    default: throw std::logic_error("leaking_user_data: not a key-leaking kind");
  }
}

std::string benign_user_data(int variant, Rng& rng, const ScriptContext& c) {
  switch (variant) {
    case 0:
      return "#!/bin/bash\nyum update -y\nyum install -y httpd\nsystemctl enable --now httpd\n"
             "echo \"<h1>" +
             c.name + "</h1>\" > /var/www/html/index.html\n";
    case 1:
      return "#!/bin/bash\nyum install -y docker\nsystemctl enable --now docker\n"
             "docker run -d --name db -e MYSQL_ALLOW_EMPTY_PASSWORD=yes -e MYSQL_DATABASE=" +
             c.team + " -p 3306:3306 mysql:8.0\n";
    case 2:
      return fmt::format(
          "#!/bin/bash\nset -e\ngit clone https://git.example.com/{0}/service.git /opt/service\n"
          "cd /opt/service && git checkout {1}\n# pinned dependency commit {2}\nmake install\n",
          c.team, rng.chars(kUserDataHex, 40), rng.chars(kUserDataHex, 40));
    case 3:
      return fmt::format(
          "#!/bin/bash\n# credentials come from the instance role and Secrets Manager, never from here\n"
          "aws secretsmanager get-secret-value --region {0} --secret-id {1}/db/password \\\n"
          "  --query SecretString --output text > /etc/{1}/db.json\nchmod 600 /etc/{1}/db.json\n",
          c.region, c.team);
    case 4:
      // The AWS documentation example key pair: detectors must recognise it and not report it.
      return "#!/bin/bash\n# Example from the AWS CLI guide, kept as documentation:\n"
             "#   aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n"
             "#   aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
             "echo 'this instance uses its instance profile'\n";
    case 5:
      return gzip(
          "#cloud-config\npackage_update: true\npackages:\n  - nginx\n  - amazon-cloudwatch-agent\n"
          "runcmd:\n  - [systemctl, enable, --now, nginx]\n");
    case 6:
      return mime("#cloud-config\ntimezone: UTC\nntp:\n  enabled: true",
                  fmt::format("#!/bin/bash\nhostnamectl set-hostname {}\nsha256sum /opt/app.bin\n", c.name));
    default: throw std::logic_error("benign_user_data: unknown variant");
  }
}

}  // namespace rolecall::emulator::gen
