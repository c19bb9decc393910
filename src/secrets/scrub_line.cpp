#include "secrets/scrub_line.h"

#include <regex>

#include "base/redact.h"
#include "secrets/key_id.h"
#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

// A credential's name as shells, credentials files and cloud-config write it.
#define SCRUB_NAME                                                                                                    \
  "(?:[A-Za-z0-9_-]*\\.)?(?:aws_)?(?:access_key_id|secret_access_key|session_token|security_token|secret_key|access_" \
  "key)"
// One value: quoted without blanks, or a bare word without shell syntax.
#define SCRUB_VALUE "(?:\"[^\"\\s]*\"|'[^'\\s]*'|[^\\s\"';&|<>`$()#]+)"

const std::regex& scrub_assignment() {
  static const std::regex re("^(?:export\\s+|declare\\s+-x\\s+|set\\s+|\\$env:)?" SCRUB_NAME "\\s*[=:]\\s*" SCRUB_VALUE
                             "\\s*;?$",
                             std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

const std::regex& scrub_setx() {
  static const std::regex re("^setx\\s+" SCRUB_NAME "\\s+" SCRUB_VALUE "(?:\\s+/m)?$",
                             std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

const std::regex& scrub_configure() {
  static const std::regex re(
      "^(?:sudo\\s+(?:-u\\s+\\S+\\s+)?)?aws\\s+configure\\s+set\\s+(?:--profile\\s+\\S+\\s+)?" SCRUB_NAME
      "\\s+" SCRUB_VALUE "(?:\\s+--profile\\s+\\S+)?$",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

const std::regex& scrub_echo() {
  static const std::regex re("^echo\\s+(?:-[ne]+\\s+)?(?:\"(?:export\\s+)?" SCRUB_NAME
                             "\\s*[=:]\\s*[^\"\\s]*\"|'(?:export\\s+)?" SCRUB_NAME
                             "\\s*[=:]\\s*[^'\\s]*'|(?:export\\s+)?" SCRUB_NAME
                             "\\s*=\\s*[^\\s\"';&|<>`$()#]+)\\s*(?:>>?\\s*[^\\s;&|]+|\\|\\s*(?:sudo\\s+)?tee\\s+(?:-"
                             "a\\s+)?[^\\s;&|]+(?:\\s*>\\s*/dev/"
                             "null)?)$",
                             std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// PowerShell's AWS Tools: `Set-AWSCredential -AccessKey ID -SecretKey SECRET [-StoreAs NAME]`.
const std::regex& scrub_set_aws_credential() {
  static const std::regex re(
      "^set-awscredentials?(?:\\s+-(?:accesskey|secretkey|sessiontoken|storeas|profilename|"
      "profilelocation)\\s+" SCRUB_VALUE ")+\\s*;?$",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// A value after a name that says it is secret, in a line already masked for ids and tokens.
const std::regex& scrub_secret_setting() {
  static const std::regex re(
      "([A-Za-z0-9_.-]*(?:secret|token|passw|passwd|credential|private_key|api_key)[A-Za-z0-9_.-]*[\"']?)(\\s*[=:]\\s*|"
      "\\s+)([\"']?)([^\\s\"';]+)",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

#undef SCRUB_NAME
#undef SCRUB_VALUE

bool scrub_token_char(char c) { return is_id_word_char(c) || c == '/' || c == '+'; }

}  // namespace

bool is_credential_line(std::string_view line) {
  if (line.size() > kMaxScrubLine) return false;
  std::string_view body = trim(line);
  if (body.starts_with("- ")) body = trim(body.substr(2));
  if (body.empty()) return false;
  const std::string text(body);
  return std::regex_match(text, scrub_assignment()) || std::regex_match(text, scrub_setx()) ||
         std::regex_match(text, scrub_configure()) || std::regex_match(text, scrub_echo()) ||
         std::regex_match(text, scrub_set_aws_credential());
}

std::string mask_line(std::string_view line) {
  if (line.size() > kMaxScrubLine) return "(a line of " + std::to_string(line.size()) + " bytes, not shown)";
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (!scrub_token_char(line[i])) {
      out.push_back(line[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && scrub_token_char(line[end])) ++end;
    // Base64 padding belongs to the value ("...Zm9v==").
    for (int pad = 0; pad < 2 && end - i >= 16 && end < line.size() && line[end] == '='; ++pad) ++end;
    const std::string_view token = line.substr(i, end - i);
    i = end;
    // Key ids inside a longer run ("AKIA...:secret" splits at ':'; "IDsecret" does not) are found
    // by position: every 20 characters that classify as a credential id.
    std::string shown;
    bool has_digit = false;
    bool has_letter = false;
    for (char c : token) {
      has_digit |= c >= '0' && c <= '9';
      has_letter |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    std::size_t at = 0;
    while (at < token.size()) {
      if (token.size() - at >= kKeyIdLength &&
          classify_key_id(token.substr(at, kKeyIdLength)).kind == KeyIdKind::kCredential &&
          (at == 0 || !is_id_word_char(token[at - 1])) &&
          (at + kKeyIdLength == token.size() || !is_id_word_char(token[at + kKeyIdLength]))) {
        shown += base::redact_key_id(token.substr(at, kKeyIdLength));
        at += kKeyIdLength;
        continue;
      }
      shown.push_back(token[at++]);
    }
    if (shown.size() == token.size() && ((token.size() >= 16 && has_digit && has_letter) || token.size() >= 32)) {
      shown = "****";  // a secret, a session token or another long random value
    }
    out += shown;
  }
  std::string masked;
  auto begin = std::sregex_iterator(out.begin(), out.end(), scrub_secret_setting());
  std::size_t copied = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const std::string value = m[4].str();
    if (value == "****" || value.find("\xE2\x80\xA6") != std::string::npos) continue;  // masked or redacted already
    const auto value_at = static_cast<std::size_t>(m.position(4));
    masked.append(out, copied, value_at - copied);
    masked += "****";
    copied = value_at + value.size();
  }
  masked.append(out, copied, std::string::npos);
  return masked;
}

}  // namespace rolecall::secrets
