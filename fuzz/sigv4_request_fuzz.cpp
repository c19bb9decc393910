// A signed request as the emulator receives it (anything on the network can send one): the
// SigV4 Authorization header or presigned query, X-Amz-Date and the form body. The input is an
// HTTP/1.1 request head ("METHOD TARGET", then "Name: value" lines, an empty line, the body),
// turned into an HttpRequest as emulator/server/emulator.cpp does.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/protocol/query.h"
#include "aws/sigv4.h"

namespace aws = rolecall::aws;

namespace {

// The next line of `rest` (without its CR LF / LF), consuming it.
std::string_view take_line(std::string_view& rest) {
  std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

aws::HttpRequest to_request(std::string_view text) {
  aws::HttpRequest request;
  std::string_view start = take_line(text);
  std::size_t space = start.find(' ');
  request.method = std::string(start.substr(0, space));
  std::string target = space == std::string_view::npos ? "/" : std::string(start.substr(space + 1));
  std::string host = "localhost";
  while (!text.empty()) {
    std::string_view line = take_line(text);
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    if (name == "Host") host = value;
    request.headers.push_back({name, std::string(value)});
  }
  request.url = "http://" + host + target;
  request.body = std::string(text);
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const aws::HttpRequest request = to_request(std::string_view(reinterpret_cast<const char*>(data), size));
  aws::QueryParams params;
  std::size_t query = request.url.find('?');
  if (query != std::string::npos) (void)aws::decode_form(std::string_view(request.url).substr(query + 1), params);
  (void)aws::decode_form(request.body, params);
  auto auth = aws::sigv4::parse_authorization(request);
  if (!auth) return 0;
  (void)aws::sigv4::parse_amz_date(auth->amz_date);
  (void)aws::sigv4::verify_request(request, *auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", true);
  (void)aws::sigv4::verify_request(request, *auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", false);
  return 0;
}
