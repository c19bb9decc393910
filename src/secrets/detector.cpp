#include "secrets/detector.h"

#include <algorithm>
#include <optional>

#include "base/ascii.h"
#include "base/redact.h"
#include "base/sha256.h"
#include "secrets/credentials_block.h"
#include "secrets/entropy.h"
#include "secrets/key_id.h"
#include "secrets/pattern_db.h"
#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

// Bytes around a key id searched for its secret: bounds the work on minified one-line files.
constexpr std::size_t kPairingBytes = 1024;
// Separator characters allowed between a key name and its value: quotes, escapes, ":", "=", "=>",
// XML ">", argument lists and blanks ("-SecretKey value", "aws configure set ... value").
constexpr std::size_t kMaxSeparator = 16;

bool is_separator(char c) {
  switch (c) {
    case '"':
    case '\'':
    case '\\':
    case ' ':
    case '\t':
    case ':':
    case '=':
    case '>':
    case ',':
    case '(':
    case '[':
    case '{': return true;
    default: return false;
  }
}

bool is_token_char(char c) { return is_secret_char(c) || c == '='; }

// The run of `pred` characters after the separator that follows a key name ending at `name_end`.
std::optional<std::pair<std::size_t, std::size_t>> value_after_name(std::string_view text, std::size_t name_end,
                                                                    bool (*pred)(char)) {
  std::size_t pos = name_end;
  while (pos < text.size() && pos - name_end < kMaxSeparator && is_separator(text[pos])) ++pos;
  if (pos == name_end || pos >= text.size()) return std::nullopt;
  const std::size_t start = pos;
  while (pos < text.size() && pred(text[pos])) ++pos;
  if (pos == start) return std::nullopt;
  return std::pair{start, pos};
}

// True when [start, end) is a maximal run of secret characters not continued by base64 padding.
bool bounded_secret(std::string_view text, std::size_t start, std::size_t end) {
  if (start > 0 && is_secret_char(text[start - 1])) return false;
  return end >= text.size() || !is_token_char(text[end]);
}

struct KeyHit {
  std::size_t offset;
  std::string_view id;
  bool example;
};
struct ValueHit {
  SecretType type;
  std::size_t offset;
  std::string_view value;
  bool example;
};

// False when a bare value sits after a label that names something else ("nonce = ...",
// "\"Signature\": ..."): only unlabelled values, key ids and secret-ish labels pass.
bool label_allows_secret(std::string_view text, std::size_t start) {
  const std::size_t line_start = line_begin(text, start);
  std::size_t pos = start;
  while (pos > line_start && (is_separator(text[pos - 1]) || text[pos - 1] == ';')) --pos;
  const std::size_t label_end = pos;
  const auto is_label_char = [](char c) { return is_id_word_char(c) || c == '_' || c == '.' || c == '-'; };
  while (pos > line_start && is_label_char(text[pos - 1])) --pos;
  const std::string_view label = text.substr(pos, label_end - pos);
  if (label.empty() || label.size() < 3) return true;
  if (label.size() >= kKeyIdLength &&
      classify_key_id(label.substr(label.size() - kKeyIdLength)).kind == KeyIdKind::kCredential) {
    return true;  // "AKIA...,secret" (console CSV), "AKIA...:secret"
  }
  const std::string lower = base::to_lower(label);
  for (const std::string_view word : {"secret", "key", "aws", "cred", "pass"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Bare 40-character secrets within kPairingLines lines (and kPairingBytes bytes) of a key id.
void pair_secrets(std::string_view text, const KeyHit& key, std::vector<ValueHit>& out) {
  std::size_t from = line_begin(text, key.offset);
  for (std::size_t i = 0; i < kPairingLines && from > 0; ++i) from = line_begin(text, from - 1);
  from = std::max(from, key.offset > kPairingBytes ? key.offset - kPairingBytes : std::size_t{0});
  std::size_t to = line_end(text, key.offset);
  for (std::size_t i = 0; i < kPairingLines && to < text.size(); ++i) to = line_end(text, to + 1);
  to = std::min(to, key.offset + kKeyIdLength + kPairingBytes);
  std::size_t pos = from;
  while (pos < to) {
    if (!is_secret_char(text[pos])) {
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < text.size() && is_secret_char(text[pos])) ++pos;
    if (pos - start == 40 && bounded_secret(text, start, pos)) {
      const std::string_view value = text.substr(start, 40);
      if (plausible_secret_access_key(value, true) && label_allows_secret(text, start)) {
        out.push_back({SecretType::kSecretAccessKey, start, value, is_example_secret(value)});
      }
    }
  }
}

// The nearest key id (by line) to `line`, at most kPairingLines away, or null.
const KeyHit* nearest_key(const std::vector<KeyHit>& keys, const std::vector<std::size_t>& key_lines,
                          std::size_t line) {
  const KeyHit* best = nullptr;
  std::size_t best_distance = kPairingLines + 1;
  const auto first =
      std::lower_bound(key_lines.begin(), key_lines.end(), line > kPairingLines ? line - kPairingLines : 0);
  for (auto it = first; it != key_lines.end() && *it <= line + kPairingLines; ++it) {
    const std::size_t distance = *it > line ? *it - line : line - *it;
    if (distance < best_distance) {
      best_distance = distance;
      best = &keys[static_cast<std::size_t>(it - key_lines.begin())];
    }
  }
  return best;
}

}  // namespace

std::vector<RawFinding> detect_credentials(std::string_view text) {
  thread_local std::vector<Candidate> candidates;
  candidates.clear();
  find_candidates(text, candidates);
  if (candidates.empty()) return {};

  std::vector<KeyHit> keys;
  std::vector<ValueHit> values;
  std::vector<CredentialsBlock> blocks;
  for (const Candidate& c : candidates) {
    switch (c.pattern) {
      case PatternId::kKeyIdPrefix:
      case PatternId::kLegacyPrefix: {
        const std::size_t start = c.end - (c.pattern == PatternId::kLegacyPrefix ? 3 : 4);
        const std::size_t end = start + kKeyIdLength;
        if (end > text.size() || (start > 0 && is_id_word_char(text[start - 1])) ||
            (end < text.size() && is_id_word_char(text[end]))) {
          break;
        }
        const std::string_view id = text.substr(start, kKeyIdLength);
        const KeyIdInfo info = classify_key_id(id);
        if (info.kind == KeyIdKind::kCredential) keys.push_back({start, id, info.is_example});
        break;
      }
      case PatternId::kSecretName: {
        const auto span = value_after_name(text, c.end, is_secret_char);
        if (!span || span->second - span->first != 40 || !bounded_secret(text, span->first, span->second)) break;
        const std::string_view value = text.substr(span->first, 40);
        if (plausible_secret_access_key(value, false)) {
          values.push_back({SecretType::kSecretAccessKey, span->first, value, is_example_secret(value)});
          if (auto block = find_credentials_block(text, c.end)) blocks.push_back(*block);
        }
        break;
      }
      case PatternId::kTokenName: {
        const auto span = value_after_name(text, c.end, is_token_char);
        if (!span) break;
        const std::string_view value = text.substr(span->first, span->second - span->first);
        if (plausible_session_token(value)) {
          values.push_back({SecretType::kSessionToken, span->first, value, value.find("EXAMPLE") != value.npos});
        }
        break;
      }
    }
  }
  for (const KeyHit& key : keys) pair_secrets(text, key, values);

  std::vector<RawFinding> out;
  out.reserve(keys.size() + values.size() + blocks.size());
  for (const KeyHit& key : keys) {
    out.push_back({SecretType::kAccessKeyId, key.offset, 0, base::redact_key_id(key.id), base::sha256_hex(key.id),
                   key.example, std::string(key.id)});
  }
  for (const ValueHit& v : values) out.push_back({v.type, v.offset, 0, {}, base::sha256_hex(v.value), v.example, {}});
  for (const CredentialsBlock& b : blocks) {
    std::string pair(b.key_id);
    pair += ':';
    pair += b.secret;
    out.push_back({SecretType::kCredentialsFileBlock, b.header_offset, 0, base::redact_key_id(b.key_id),
                   base::sha256_hex(pair), classify_key_id(b.key_id).is_example && is_example_secret(b.secret),
                   std::string(b.key_id)});
  }
  std::sort(out.begin(), out.end(), [](const RawFinding& a, const RawFinding& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.type < b.type;
  });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const RawFinding& a, const RawFinding& b) { return a.offset == b.offset && a.type == b.type; }),
      out.end());

  // Lines in one pass; keys is already in offset order (candidates were sorted by end).
  LineCounter counter(text);
  std::vector<std::size_t> key_lines;
  key_lines.reserve(keys.size());
  std::size_t next_key = 0;
  for (RawFinding& f : out) {
    f.line = counter.line_of(f.offset);
    if (f.type == SecretType::kAccessKeyId) {
      while (next_key < keys.size() && keys[next_key].offset <= f.offset) {
        key_lines.push_back(f.line);
        ++next_key;
      }
    }
  }
  for (RawFinding& f : out) {
    if (f.type != SecretType::kSecretAccessKey && f.type != SecretType::kSessionToken) continue;
    if (const KeyHit* key = nearest_key(keys, key_lines, f.line)) {
      f.key_id_redacted = base::redact_key_id(key->id);
      f.key_id = std::string(key->id);
    }
  }
  return out;
}

}  // namespace rolecall::secrets
