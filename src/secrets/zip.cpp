#include "secrets/zip.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <memory>

namespace rolecall::secrets {
namespace {

constexpr std::size_t kMaxNameLength = 200;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

// An entry name fit for a location: printable ASCII only (names are hostile input).
std::string printable_name(const char* raw) {
  std::string name;
  for (const char* p = raw; p != nullptr && *p != '\0' && name.size() < kMaxNameLength; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    name.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  return name;
}

std::string reason(archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown error";
}

}  // namespace

bool is_zip(std::string_view data) {
  return data.starts_with(std::string_view("PK\x03\x04", 4)) || data.starts_with(std::string_view("PK\x05\x06", 4));
}

Result<std::vector<ZipFile>> unzip(std::string_view data, std::size_t max_output) {
  const std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
  archive* a = reader.get();
  if (a == nullptr || archive_read_support_format_zip(a) != ARCHIVE_OK) {
    return fail(ErrorKind::kInternal, "zip: libarchive cannot read zip");
  }
  if (archive_read_open_memory(a, data.data(), data.size()) != ARCHIVE_OK) {
    return fail(ErrorKind::kParse, "zip: not a readable archive: " + reason(a));
  }
  std::vector<ZipFile> files;
  std::size_t total = 0;
  std::array<char, 64 * 1024> chunk{};
  archive_entry* entry = nullptr;
  while (true) {
    const int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return fail(ErrorKind::kParse, "zip: corrupt archive: " + reason(a));
    if (archive_entry_filetype(entry) != AE_IFREG) continue;  // directories, symlinks
    ZipFile file{printable_name(archive_entry_pathname(entry)), {}};
    if (archive_entry_is_encrypted(entry) != 0) {
      return fail(ErrorKind::kParse, "zip: " + file.name + " is encrypted and cannot be scanned");
    }
    while (true) {
      const la_ssize_t n = archive_read_data(a, chunk.data(), chunk.size());
      if (n == 0) break;
      if (n < 0) return fail(ErrorKind::kParse, "zip: " + file.name + ": " + reason(a));
      total += static_cast<std::size_t>(n);
      if (total > max_output) {
        return fail(ErrorKind::kParse, "zip: decompressed data exceeds the limit of " + std::to_string(max_output) +
                                           " bytes (decompression bomb?)");
      }
      file.content.append(chunk.data(), static_cast<std::size_t>(n));
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace rolecall::secrets
