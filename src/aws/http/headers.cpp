#include <algorithm>

#include "aws/http/transport.h"
#include "base/ascii.h"

namespace rolecall::aws {
namespace {

std::string find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (base::iequals(h.name, name)) return h.value;
  }
  return {};
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const { return find_header(headers, name); }

void HttpRequest::set_header(std::string_view name, std::string value) {
  std::erase_if(headers, [&](const HttpHeader& h) { return base::iequals(h.name, name); });
  headers.push_back({std::string(name), std::move(value)});
}

std::string HttpResponse::header(std::string_view name) const { return find_header(headers, name); }

}  // namespace rolecall::aws
