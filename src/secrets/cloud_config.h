#pragma once
// The part of cloud-config YAML that hides data: write_files entries with encoded content.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::secrets {

// One write_files entry whose content is encoded (base64, gzip+base64 or a YAML !!binary value).
struct EncodedWriteFile {
  std::size_t index = 0;          // position in the write_files list (0-based)
  std::string path;               // the entry's path, when given
  std::string encoding;           // as written, lower-case ("b64", "gz+b64", "!!binary", ...)
  bool gzipped = false;           // the decoded bytes are gzip
  std::string content;            // the encoded text (block scalars joined by newlines)
  std::size_t content_line = 0;   // 1-based line of the "content:" key
  std::size_t content_begin = 0;  // byte range of the value in the scanned text
  std::size_t content_end = 0;
};

// The encoded write_files entries of a cloud-config document. A light, indentation-based reader:
// it never fails, and entries it cannot follow are left to the generic base64 blob search.
std::vector<EncodedWriteFile> find_encoded_write_files(std::string_view text);

}  // namespace rolecall::secrets
