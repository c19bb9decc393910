// scan_user_data (declared in scan.h): peels every encoding layer of user data and scans each.
#include <fmt/format.h>

#include <algorithm>

#include "secrets/base64.h"
#include "secrets/bzip2.h"
#include "secrets/cloud_config.h"
#include "secrets/detector.h"
#include "secrets/gzip.h"
#include "secrets/mime.h"
#include "secrets/quoted_printable.h"
#include "secrets/scan.h"
#include "secrets/text_sniff.h"
#include "secrets/xz.h"
#include "secrets/zip.h"

namespace rolecall::secrets {
namespace {

using Status = Result<void>;

// True for the compressed formats and archives bytes() unpacks.
bool is_compressed(std::string_view data) { return is_gzip(data) || is_bzip2(data) || is_xz(data) || is_zip(data); }

class Decoder {
 public:
  explicit Decoder(const DecodeLimits& limits) : limits_(limits) {}

  std::vector<SecretFinding>& findings() { return findings_; }

  // Accounts newly produced bytes against the total budget.
  Status account(std::size_t bytes, const std::string& location) {
    produced_ += bytes;
    if (produced_ > limits_.max_decoded_bytes) {
      return fail(ErrorKind::kParse,
                  fmt::format("{}: decoded data exceeds the limit of {} bytes", location, limits_.max_decoded_bytes));
    }
    return {};
  }

  // Any decoded bytes: a compressed stream, a zip archive, UTF-16, MIME or text.
  Status bytes(std::string_view data, const std::string& location, int depth) {
    if (depth > limits_.max_depth) return too_deep(location);
    if (is_gzip(data)) return inflated(gunzip(data, budget()), location, " > gzip", depth);
    if (is_bzip2(data)) return inflated(bunzip2(data, budget()), location, " > bzip2", depth);
    if (is_xz(data)) return inflated(unxz(data, budget()), location, " > xz", depth);
    if (is_zip(data)) return archive(data, location, depth);
    if (auto utf16 = decode_utf16(data)) {
      const std::string utf16_location = fmt::format("{} > {}", location, utf16->encoding);
      if (auto ok = account(utf16->utf8.size(), utf16_location); !ok) return ok;
      return bytes(utf16->utf8, utf16_location, depth + 1);
    }
    if (looks_like_mime(data)) return mime(data, location, depth);
    return text(data, location, depth);
  }

 private:
  // What is left of the decoded-bytes budget.
  std::size_t budget() const { return limits_.max_decoded_bytes - std::min(produced_, limits_.max_decoded_bytes); }

  // The output of a decompressor (its error names the layer it failed in).
  Status inflated(Result<std::string> output, const std::string& location, std::string_view label, int depth) {
    if (!output) return fail(output.error().with_context(location));
    if (auto ok = account(output->size(), location); !ok) return ok;
    return bytes(*output, location + std::string(label), depth + 1);
  }

  // Every regular file of a zip archive is a layer of its own.
  Status archive(std::string_view data, const std::string& location, int depth) {
    auto files = unzip(data, budget());
    if (!files) return fail(files.error().with_context(location));
    for (const ZipFile& file : *files) {
      const std::string file_location = fmt::format("{} > zip {}", location, file.name);
      if (auto ok = account(file.content.size(), file_location); !ok) return ok;
      if (auto ok = bytes(file.content, file_location, depth + 1); !ok) return ok;
    }
    return {};
  }

  // Text MIME readers skip (headers, preamble, epilogue) may still hold a key: scan it as text.
  Status aside(std::string_view data, const std::string& location, int depth) {
    if (data.empty()) return {};
    return text(data, location, depth);
  }

  Status mime(std::string_view data, const std::string& location, int depth) {
    const MimeEntity entity = parse_mime_entity(data);
    if (!entity.content_type.starts_with("multipart/")) {
      // A single-part message is a layer too: a chain of them must hit the depth limit.
      const std::string part_location = location + label(1, entity);
      if (depth + 1 > limits_.max_depth) return too_deep(part_location);
      if (auto ok = aside(entity.headers, location + " > headers", depth); !ok) return ok;
      return part(entity, part_location, depth + 1);
    }
    const Multipart multipart = parse_multipart(entity.body, entity.boundary);
    if (multipart.parts.empty()) return text(data, location, depth);  // no usable boundary: still scan it all
    if (auto ok = aside(entity.headers, location + " > headers", depth); !ok) return ok;
    if (auto ok = aside(multipart.preamble, location + " > preamble", depth); !ok) return ok;
    for (std::size_t i = 0; i < multipart.parts.size(); ++i) {
      const MimeEntity child = parse_mime_entity(multipart.parts[i]);
      const std::string child_location = location + label(i + 1, child);
      if (depth + 1 > limits_.max_depth) return too_deep(child_location);
      if (child.content_type.starts_with("multipart/")) {
        if (auto ok = mime(multipart.parts[i], child_location, depth + 1); !ok) return ok;
        continue;
      }
      if (auto ok = aside(child.headers, child_location + " > headers", depth + 1); !ok) return ok;
      if (auto ok = part(child, child_location, depth + 1); !ok) return ok;
    }
    return aside(multipart.epilogue, location + " > epilogue", depth);
  }

  Status too_deep(const std::string& location) const {
    return fail(ErrorKind::kParse, fmt::format("{}: more than {} nested encoding layers", location, limits_.max_depth));
  }

  static std::string label(std::size_t index, const MimeEntity& entity) {
    if (entity.filename.empty()) return fmt::format(" > part {} ({})", index, entity.content_type);
    return fmt::format(" > part {} ({}, {})", index, entity.content_type, entity.filename);
  }

  // A non-multipart entity: undo its transfer encoding, then classify the body.
  Status part(const MimeEntity& entity, const std::string& location, int depth) {
    if (entity.transfer_encoding == "base64") {
      const auto decoded = decode_base64(entity.body);
      if (!decoded) return fail(ErrorKind::kParse, location + ": body is not valid base64");
      if (auto ok = account(decoded->size(), location); !ok) return ok;
      return bytes(*decoded, location, depth);
    }
    if (entity.transfer_encoding == "quoted-printable") {
      const std::string decoded = decode_quoted_printable(entity.body);
      if (auto ok = account(decoded.size(), location); !ok) return ok;
      return bytes(decoded, location, depth);
    }
    return bytes(entity.body, location, depth);
  }

  // Plain text: scan it, then every encoded payload inside it.
  Status text(std::string_view data, const std::string& location, int depth) {
    for (RawFinding& raw : detect_credentials(data)) {
      findings_.push_back({raw.type, fmt::format("{} > line {}", location, raw.line), raw.line,
                           std::move(raw.key_id_redacted), std::move(raw.fingerprint), raw.is_example,
                           std::move(raw.key_id)});
    }
    std::vector<std::pair<std::size_t, std::size_t>> claimed;  // byte ranges decoded as write_files
    if (data.find("write_files") != std::string_view::npos) {
      for (const EncodedWriteFile& file : find_encoded_write_files(data)) {
        const std::string file_location = fmt::format("{} > write_files[{}]{}{} ({})", location, file.index,
                                                      file.path.empty() ? "" : " ", file.path, file.encoding);
        const auto decoded = decode_base64(file.content);
        if (!decoded) return fail(ErrorKind::kParse, file_location + ": content is not valid base64");
        if (auto ok = account(decoded->size(), file_location); !ok) return ok;
        if (auto ok = bytes(*decoded, file_location, depth + 1); !ok) return ok;
        claimed.emplace_back(file.content_begin, file.content_end);
      }
    }
    for (const Base64Blob& blob : find_base64_blobs(data)) {
      const bool inside_claimed = std::any_of(claimed.begin(), claimed.end(), [&](const auto& range) {
        return blob.begin < range.second && blob.end > range.first;
      });
      if (inside_claimed) continue;
      const auto decoded = decode_base64(data.substr(blob.begin, blob.end - blob.begin));
      if (!decoded) continue;  // a heuristic guess: not base64 after all
      const std::string blob_location = fmt::format("{} > base64 (line {})", location, blob.line);
      if (is_compressed(*decoded) || looks_like_text(*decoded)) {
        if (auto ok = account(decoded->size(), blob_location); !ok) return ok;
        if (auto ok = bytes(*decoded, blob_location, depth + 1); !ok) return ok;
      } else if (const auto utf16 = decode_utf16(*decoded)) {
        const std::string utf16_location =
            fmt::format("{} > base64 {} (line {})", location, utf16->encoding, blob.line);
        if (auto ok = account(utf16->utf8.size(), utf16_location); !ok) return ok;
        if (auto ok = bytes(utf16->utf8, utf16_location, depth + 1); !ok) return ok;
      }
    }
    return {};
  }

  const DecodeLimits& limits_;
  std::size_t produced_ = 0;
  std::vector<SecretFinding> findings_;
};

}  // namespace

Result<std::vector<SecretFinding>> scan_user_data(std::string_view base64_user_data, std::string_view origin,
                                                  const DecodeLimits& limits) {
  const std::string location(origin);
  if (base64_user_data.size() > limits.max_input_bytes) {
    return fail(ErrorKind::kParse, fmt::format("{}: user data is {} bytes, over the limit of {}", location,
                                               base64_user_data.size(), limits.max_input_bytes));
  }
  const auto decoded = decode_base64(base64_user_data);
  if (!decoded) return fail(ErrorKind::kParse, location + ": user data is not valid base64");
  Decoder decoder(limits);
  if (auto ok = decoder.account(decoded->size(), location); !ok) return fail(ok.error());
  if (auto ok = decoder.bytes(*decoded, location, 1); !ok) return fail(ok.error());
  return std::move(decoder.findings());
}

}  // namespace rolecall::secrets
