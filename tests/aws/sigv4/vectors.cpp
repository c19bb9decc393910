#include "vectors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/paths.h"

namespace rolecall::testing::sigv4 {

std::filesystem::path vectors_dir() {
  const char* env = std::getenv("ROLECALL_SHARED_DIR");
  const std::string shared = env != nullptr && *env != '\0' ? std::string(env) : shared_dir();
  return std::filesystem::path(shared) / "testdata" / "sigv4";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string request_target(const std::string& text) {
  const std::string line = first_line(text);
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  if (first_space == std::string::npos || last_space <= first_space) return {};
  // The target may itself hold spaces (normalize-path/get-space), so cut at the outer two.
  return line.substr(first_space + 1, last_space - first_space - 1);
}

aws::HttpRequest parse_raw_request(const std::string& text) {
  aws::HttpRequest request;
  const auto blank = text.find("\n\n");
  const std::string head = blank == std::string::npos ? text : text.substr(0, blank);
  request.body = blank == std::string::npos ? std::string() : text.substr(blank + 2);

  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < head.size()) {
    auto end = head.find('\n', start);
    if (end == std::string::npos) end = head.size();
    lines.push_back(head.substr(start, end - start));
    start = end + 1;
  }
  if (lines.empty()) {
    ADD_FAILURE() << "empty raw request";
    return request;
  }
  request.method = lines[0].substr(0, lines[0].find(' '));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().value += "\n" + line;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      ADD_FAILURE() << "header line without ':' in raw request: " << line;
      continue;
    }
    request.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  std::string host = request.header("Host");
  host.erase(0, host.find_first_not_of(" \t"));
  request.url = "http://" + host + request_target(text);
  return request;
}

std::vector<std::string> case_dirs(const std::filesystem::path& root, const std::string& marker) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory()) continue;
    const auto& dir = it->path();
    const std::string file = marker.starts_with(".") ? dir.filename().string() + marker : marker;
    if (std::filesystem::is_regular_file(dir / file)) {
      out.push_back(std::filesystem::relative(dir, root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string test_name(const std::string& name) {
  std::string out = name;
  std::replace_if(
      out.begin(), out.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return out;
}

}  // namespace rolecall::testing::sigv4
