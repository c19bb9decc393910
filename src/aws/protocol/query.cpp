#include "aws/protocol/query.h"

#include <string>

#include "base/ascii.h"

namespace rolecall::aws {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
}

// Decodes one component; '+' is a space in form bodies.
bool unescape(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return false;
      int hi = base::hex_digit_value(s[i + 1]);
      int lo = base::hex_digit_value(s[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

// Counts the filters already present so a new one gets the next number.
int next_filter_number(const QueryParams& params) {
  int highest = 0;
  for (const auto& [key, value] : params) {
    std::string_view k = key;
    constexpr std::string_view kPrefix = "Filter.";
    if (!k.starts_with(kPrefix)) continue;
    k.remove_prefix(kPrefix.size());
    int n = 0;
    std::size_t i = 0;
    while (i < k.size() && k[i] >= '0' && k[i] <= '9' && n < 1000000) n = n * 10 + (k[i++] - '0');
    if (i > 0 && n > highest) highest = n;
  }
  return highest + 1;
}

}  // namespace

std::string encode_form(const QueryParams& params) {
  std::string out;
  std::size_t size = 0;
  for (const auto& [k, v] : params) size += k.size() + v.size() + 2;
  out.reserve(size + size / 4);
  bool first = true;
  for (const auto& [k, v] : params) {
    if (!first) out.push_back('&');
    first = false;
    append_escaped(out, k);
    out.push_back('=');
    append_escaped(out, v);
  }
  return out;
}

std::string encode_query_body(std::string_view action, std::string_view version, const QueryParams& params) {
  QueryParams form;
  form.reserve(params.size() + 2);
  form.emplace_back("Action", action);
  form.emplace_back("Version", version);
  form.insert(form.end(), params.begin(), params.end());
  return encode_form(form);
}

bool decode_form(std::string_view body, QueryParams& out) {
  QueryParams result;
  std::string key;
  std::string value;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!unescape(k, key) || !unescape(v, value)) return false;
    result.emplace_back(key, value);
  }
  out = std::move(result);
  return true;
}

void add_ec2_list(QueryParams& params, const std::string& prefix, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    params.emplace_back(prefix + "." + std::to_string(i + 1), values[i]);
  }
}

void add_ec2_filter(QueryParams& params, const std::string& name, const std::vector<std::string>& values) {
  std::string base = "Filter." + std::to_string(next_filter_number(params));
  params.emplace_back(base + ".Name", name);
  add_ec2_list(params, base + ".Value", values);
}

void add_member_list(QueryParams& params, const std::string& prefix, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    params.emplace_back(prefix + ".member." + std::to_string(i + 1), values[i]);
  }
}

}  // namespace rolecall::aws
