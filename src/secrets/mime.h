#pragma once
// Just enough MIME (RFC 2045/2046) for cloud-init user data: headers, multipart bodies, parts.

#include <string>
#include <string_view>
#include <vector>

namespace rolecall::secrets {

// One MIME entity: its interesting headers and its raw (still transfer-encoded) body.
struct MimeEntity {
  std::string content_type = "text/plain";  // lower-case "type/subtype"
  std::string boundary;                     // the multipart boundary parameter, when present
  std::string transfer_encoding;            // lower-case Content-Transfer-Encoding; empty when absent
  std::string filename;                     // Content-Disposition filename (or Content-Type name)
  std::string_view headers;                 // the raw header block (empty when there is none)
  std::string_view body;                    // points into the parsed text
};

// A multipart body split at its delimiter lines: the parts, and the text around them that MIME
// readers ignore but that is still user data.
struct Multipart {
  std::string_view preamble;  // before the first delimiter line
  std::vector<std::string_view> parts;
  std::string_view epilogue;  // after the closing delimiter line
};

// True when `text` starts like a MIME message: its first line is a Content-Type or MIME-Version header.
bool looks_like_mime(std::string_view text);

// Parses the header block (up to the first empty line) and locates the body. Text that does not
// start with headers is all body with default headers.
MimeEntity parse_mime_entity(std::string_view text);

// The parts (each its own headers + body) between "--boundary" delimiter lines of a multipart
// body, and its preamble and epilogue. A missing closing delimiter ends the last part at the end of
// the text (and there is no epilogue). No parts when `boundary` is empty or never delimits a part.
Multipart parse_multipart(std::string_view body, std::string_view boundary);

// The parts of parse_multipart(body, boundary).
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary);

}  // namespace rolecall::secrets
