#include "secrets/scrub.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "secrets/base64.h"
#include "secrets/bzip2.h"
#include "secrets/cloud_config.h"
#include "secrets/detector.h"
#include "secrets/encode.h"
#include "secrets/gzip.h"
#include "secrets/mime.h"
#include "secrets/scrub_diff.h"
#include "secrets/scrub_line.h"
#include "secrets/text_lines.h"
#include "secrets/text_sniff.h"
#include "secrets/xz.h"
#include "secrets/zip.h"

namespace rolecall::secrets {
namespace {

// A replacement of [begin, end) of a layer's bytes.
struct Splice {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

std::string apply_splices(std::string_view data, std::vector<Splice>& splices) {
  std::sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t at = 0;
  for (const auto& s : splices) {
    out.append(data.substr(at, s.begin - at));
    out += s.text;
    at = s.end;
  }
  out.append(data.substr(at));
  return out;
}

std::size_t offset_in(std::string_view whole, std::string_view part) {
  return static_cast<std::size_t>(part.data() - whole.data());
}

// Rewrites the layers it can; a layer it cannot is returned as is (the rescan blocks on it).
class Scrubber {
 public:
  Scrubber(const KeyCovered& covered, bool orphans_covered, const DecodeLimits& limits, ScrubResult& out)
      : covered_(covered), orphans_covered_(orphans_covered), limits_(limits), out_(out) {}

  // `data` rewritten (the same bytes when nothing changed in it).
  Result<std::string> bytes(std::string_view data, const std::string& location, int depth) {
    if (depth > limits_.max_depth) return std::string(data);  // scan_user_data already refused deeper data
    if (is_gzip(data)) {
      auto inflated = gunzip(data, limits_.max_decoded_bytes);
      if (!inflated) return fail(inflated.error().with_context(location));
      auto inner = bytes(*inflated, location + " > gzip", depth + 1);
      if (!inner) return inner;
      if (*inner == *inflated) return std::string(data);
      return gzip_compress(*inner);
    }
    if (is_bzip2(data) || is_xz(data) || is_zip(data) || decode_utf16(data)) return std::string(data);
    if (looks_like_mime(data)) return mime(data, location, depth);
    return text(data, location, depth);
  }

  std::set<std::string> blocked_layers;  // the layers where the rewrite refused a line

 private:
  static std::string label(std::size_t index, const MimeEntity& entity) {
    if (entity.filename.empty()) return fmt::format(" > part {} ({})", index, entity.content_type);
    return fmt::format(" > part {} ({}, {})", index, entity.content_type, entity.filename);
  }

  Result<std::string> mime(std::string_view data, const std::string& location, int depth) {
    const MimeEntity entity = parse_mime_entity(data);
    std::vector<Splice> splices;
    if (!entity.content_type.starts_with("multipart/")) {
      auto body = part(entity, location + label(1, entity), depth + 1);
      if (!body) return body;
      splices.push_back({offset_in(data, entity.body), offset_in(data, entity.body) + entity.body.size(), *body});
      return apply_splices(data, splices);
    }
    const Multipart multipart = parse_multipart(entity.body, entity.boundary);
    if (multipart.parts.empty()) return text(data, location, depth);
    for (std::size_t i = 0; i < multipart.parts.size(); ++i) {
      const std::string_view raw = multipart.parts[i];
      const MimeEntity child = parse_mime_entity(raw);
      const std::string child_location = location + label(i + 1, child);
      if (child.content_type.starts_with("multipart/")) {
        auto nested = mime(raw, child_location, depth + 1);
        if (!nested) return nested;
        splices.push_back({offset_in(data, raw), offset_in(data, raw) + raw.size(), *nested});
        continue;
      }
      auto body = part(child, child_location, depth + 1);
      if (!body) return body;
      splices.push_back({offset_in(data, child.body), offset_in(data, child.body) + child.body.size(), *body});
    }
    return apply_splices(data, splices);
  }

  // One entity's body, in its transfer encoding.
  Result<std::string> part(const MimeEntity& entity, const std::string& location, int depth) {
    if (entity.transfer_encoding == "base64") {
      const auto decoded = decode_base64(entity.body);
      if (!decoded) return fail(ErrorKind::kParse, location + ": body is not valid base64");
      auto inner = bytes(*decoded, location, depth);
      if (!inner) return inner;
      if (*inner == *decoded) return std::string(entity.body);
      return encode_base64(*inner, 76);
    }
    if (entity.transfer_encoding == "quoted-printable") return std::string(entity.body);
    return bytes(entity.body, location, depth);
  }

  bool covered(const RawFinding& f) const {
    if (f.is_example || f.type == SecretType::kCredentialsFileBlock) return false;  // its lines are findings too
    if (!f.key_id.empty()) return covered_(f.key_id);
    return orphans_covered_;
  }

  // Plain text: removes the lines that only set a covered credential, and rewrites the encoded
  // write_files entries (base64, gzip+base64) that hold one.
  Result<std::string> text(std::string_view data, const std::string& location, int depth) {
    std::set<std::size_t> remove;
    std::set<std::size_t> refused;
    for (const RawFinding& f : detect_credentials(data)) {
      if (!covered(f) || refused.contains(f.line)) continue;
      const std::size_t begin = line_begin(data, f.offset);
      const std::string_view line = data.substr(begin, line_end(data, f.offset) - begin);
      const bool continued =
          trim(line).ends_with('\\') ||
          (begin > 0 &&
           trim(data.substr(line_begin(data, begin - 1), begin - 1 - line_begin(data, begin - 1))).ends_with('\\'));
      std::string why;
      if (continued) {
        why = "the line is continued with \\ (one command over several lines)";
      } else if (!is_credential_line(line)) {
        why = "the line does more than set the credential";
      }
      if (why.empty()) {
        remove.insert(f.line);
        continue;
      }
      remove.erase(f.line);
      refused.insert(f.line);
      const std::string where = fmt::format("{} > line {}", location, f.line);
      blocked_layers.insert(location);
      out_.blocked.push_back(fmt::format("{}: {}: remove the credential by hand ({})", where, why, mask_line(line)));
    }
    std::vector<Splice> splices;
    std::size_t number = 1;
    for (std::size_t pos = 0; pos < data.size() && !remove.empty(); ++number) {
      const std::size_t nl = data.find('\n', pos);
      const std::size_t next = nl == std::string_view::npos ? data.size() : nl + 1;
      if (remove.contains(number)) {
        std::string_view line = data.substr(pos, next - pos);
        if (line.ends_with('\n')) line.remove_suffix(1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        out_.removed.push_back({location, number, mask_line(line)});
        splices.push_back({pos, next, ""});
      }
      pos = next;
    }
    if (!remove.empty()) out_.diff += masked_layer_diff(location, data, remove);
    if (data.find("write_files") != std::string_view::npos) {
      for (const EncodedWriteFile& file : find_encoded_write_files(data)) {
        auto value = write_file(data, file, location, depth);
        if (!value) return fail(value.error());
        const bool overlaps = std::any_of(splices.begin(), splices.end(), [&](const Splice& sp) {
          return sp.begin < file.content_end && sp.end > file.content_begin;
        });
        if (!value->empty() && !overlaps) splices.push_back({file.content_begin, file.content_end, *value});
      }
    }
    if (splices.empty()) return std::string(data);
    return apply_splices(data, splices);
  }

  // The "content:" of an encoded write_files entry with its decoded file rewritten, as one quoted
  // line in place of the value (indentation and a "- " kept); "" when nothing in it changed.
  Result<std::string> write_file(std::string_view data, const EncodedWriteFile& file, const std::string& location,
                                 int depth) {
    const std::string file_location = fmt::format("{} > write_files[{}]{}{} ({})", location, file.index,
                                                  file.path.empty() ? "" : " ", file.path, file.encoding);
    const auto decoded = decode_base64(file.content);
    if (!decoded) return std::string();  // the scan before refused it already
    auto inner = bytes(*decoded, file_location, depth + 1);
    if (!inner) return inner;
    if (*inner == *decoded) return std::string();
    const std::string_view first =
        data.substr(file.content_begin, line_end(data, file.content_begin) - file.content_begin);
    const std::size_t key = first.find("content:");
    if (key == std::string_view::npos) return std::string();  // the rescan names what is left
    const bool binary = first.find("!!binary", key) != std::string_view::npos;
    return std::string(first.substr(0, key)) + "content: " + (binary ? "!!binary " : "") + "\"" +
           encode_base64(*inner) + "\"";
  }

  const KeyCovered& covered_;
  bool orphans_covered_;
  const DecodeLimits& limits_;
  ScrubResult& out_;
};

}  // namespace

Result<ScrubResult> scrub_user_data(std::string_view user_data, std::string_view origin, const KeyCovered& covered,
                                    const DecodeLimits& limits) {
  auto before = scan_user_data(user_data, origin, limits);
  if (!before) return fail(before.error());
  bool any = false;
  bool all = true;
  std::set<std::string> keys;
  std::set<std::string> redacted;  // every key id in the user data is covered: a secret paired with none is theirs
  for (const auto& f : *before) {
    if (f.type != SecretType::kAccessKeyId || f.is_example) continue;
    const bool c = covered(f.key_id);
    any |= c;
    all &= c;
    if (c) {
      keys.insert(f.fingerprint);  // the SHA-256 of the id
      redacted.insert(f.key_id_redacted);
    }
  }
  ScrubResult out;
  out.key_sha256 = std::move(keys);
  out.keys_redacted = std::move(redacted);
  if (!any) return out;
  const auto decoded = decode_base64(user_data);
  if (!decoded) return fail(ErrorKind::kParse, std::string(origin) + ": user data is not valid base64");
  Scrubber scrubber(covered, all, limits, out);
  auto rewritten = scrubber.bytes(*decoded, std::string(origin), 1);
  if (!rewritten) return fail(rewritten.error());
  std::string encoded = encode_base64(*rewritten);
  // What the rewrite could not reach (another encoding, a layer inside text) is still there.
  auto after = scan_user_data(encoded, origin, limits);
  if (!after) return fail(after.error().with_context("the scrubbed user data"));
  const KeyCovered& is_covered = covered;
  for (const auto& f : *after) {
    if (f.is_example || f.type == SecretType::kCredentialsFileBlock) continue;
    const bool c = f.key_id.empty() ? all : is_covered(f.key_id);
    if (!c) continue;
    // A refused line's layer was said already (with its line number before the rewrite).
    const auto layer = f.location.rfind(" > line ");
    if (layer != std::string::npos && scrubber.blocked_layers.contains(f.location.substr(0, layer))) continue;
    const std::string reason = fmt::format("{}: the {} sits in a layer rolecall does not rewrite: remove it by hand",
                                           f.location, to_string(f.type));
    if (std::find(out.blocked.begin(), out.blocked.end(), reason) == out.blocked.end()) out.blocked.push_back(reason);
  }
  if (out.blocked.empty()) out.user_data = std::move(encoded);
  return out;
}

}  // namespace rolecall::secrets
