#include "aws/protocol/xml_scanner.h"

#include <cstdint>
#include <cstring>

#include "base/utf8.h"

namespace rolecall::aws::xml {

namespace {

constexpr std::size_t kMaxDepth = 256;  // deeper than any AWS response; bounds hostile input

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool is_name_end(char c) { return is_space(c) || c == '>' || c == '/'; }

inline const char* find(const char* p, const char* end, char c) {
  return static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

inline const char* find(const char* p, const char* end, std::string_view s) {
  std::string_view hay(p, static_cast<std::size_t>(end - p));
  std::size_t at = hay.find(s);
  return at == std::string_view::npos ? nullptr : p + at;
}

// Decodes the entity body between '&' and ';' (e.g. "amp", "#x41"); false when unknown/invalid.
bool decode_entity(std::string_view e, std::string& out) {
  if (e == "amp") return out.push_back('&'), true;
  if (e == "lt") return out.push_back('<'), true;
  if (e == "gt") return out.push_back('>'), true;
  if (e == "quot") return out.push_back('"'), true;
  if (e == "apos") return out.push_back('\''), true;
  if (e.size() < 2 || e[0] != '#') return false;
  bool hex = e[1] == 'x';
  std::string_view digits = e.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return false;
  std::uint32_t cp = 0;
  for (char c : digits) {
    int v = -1;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    if (v < 0) return false;
    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  base::append_utf8(out, cp);
  return true;
}

}  // namespace

void append_decoded(std::string& out, std::string_view raw) {
  while (!raw.empty()) {
    std::size_t amp = raw.find('&');
    if (amp == std::string_view::npos) {
      out.append(raw);
      return;
    }
    out.append(raw.substr(0, amp));
    raw.remove_prefix(amp);
    std::size_t semi = raw.find(';');
    if (semi != std::string_view::npos && semi <= 12 && decode_entity(raw.substr(1, semi - 1), out)) {
      raw.remove_prefix(semi + 1);
    } else {
      out.push_back('&');  // not an entity we know: keep it as written
      raw.remove_prefix(1);
    }
  }
}

Scanner::Scanner(std::string_view doc) : begin_(doc.data()), pos_(doc.data()), end_(doc.data() + doc.size()) {
  if (doc.starts_with("\xEF\xBB\xBF")) pos_ += 3;  // UTF-8 byte order mark
  stack_.reserve(32);
}

bool Scanner::fail(std::string_view what) {
  if (error_.empty()) {
    error_.assign(what);
    error_ += " at offset " + std::to_string(pos_ - begin_);
  }
  pos_ = end_;
  return false;
}

bool Scanner::text_ok(const char* begin, const char* end) {
  if (!stack_.empty()) return true;  // element content is not validated here
  for (const char* p = begin; p < end; ++p) {
    if (!is_space(*p)) {
      pos_ = p;
      return fail(root_seen_ ? "text after the root element" : "text before the root element");
    }
  }
  return true;
}

bool Scanner::next() {
  if (failed()) return false;
  while (true) {
    const char* lt = find(pos_, end_, '<');
    if (lt == nullptr) {
      if (!text_ok(pos_, end_)) return false;
      pos_ = end_;
      if (!stack_.empty()) return fail("truncated document: <" + std::string(stack_.back()) + "> is not closed");
      if (!root_seen_) return fail("no root element");
      return false;
    }
    if (!text_ok(pos_, lt)) return false;
    pos_ = lt;
    if (lt + 1 >= end_) return fail("truncated tag");
    char c = lt[1];
    if (c == '/') return end_tag(lt);
    if (c == '!' || c == '?') {
      if (!skip_markup(lt)) return false;
      continue;
    }
    return start_tag(lt);
  }
}

bool Scanner::start_tag(const char* lt) {
  const char* p = lt + 1;
  const char* n = p;
  while (p < end_ && !is_name_end(*p)) {
    if (*p == '<' || *p == '"' || *p == '\'' || *p == '=') return fail("bad character in a tag name");
    ++p;
  }
  if (p == n) return fail("empty tag name");
  name_ = std::string_view(n, static_cast<std::size_t>(p - n));
  while (true) {
    if (p >= end_) return fail("truncated start tag <" + std::string(name_) + ">");
    char c = *p;
    if (c == '>') {
      self_closing_ = false;
      ++p;
      break;
    }
    if (c == '/') {
      if (p + 1 < end_ && p[1] == '>') {
        self_closing_ = true;
        p += 2;
        break;
      }
      return fail("stray '/' in a start tag");
    }
    if (c == '"' || c == '\'') {
      const char* q = find(p + 1, end_, c);
      if (q == nullptr) return fail("unterminated attribute value");
      p = q + 1;
      continue;
    }
    if (c == '<') return fail("'<' inside a start tag");
    ++p;
  }
  if (stack_.empty()) {
    if (root_seen_) return fail("a second root element");
    root_seen_ = true;
  }
  if (!self_closing_) {
    if (stack_.size() >= kMaxDepth) return fail("elements nested too deeply");
    stack_.push_back(name_);
  }
  pos_ = p;
  at_start_ = true;
  return true;
}

bool Scanner::end_tag(const char* lt) {
  const char* p = lt + 2;
  const char* n = p;
  while (p < end_ && !is_name_end(*p)) ++p;
  std::string_view name(n, static_cast<std::size_t>(p - n));
  while (p < end_ && is_space(*p)) ++p;
  if (p >= end_) return fail("truncated end tag");
  if (*p != '>') return fail("malformed end tag");
  if (stack_.empty()) return fail("end tag </" + std::string(name) + "> without a start tag");
  if (stack_.back() != name) {
    return fail("mismatched end tag </" + std::string(name) + ">, expected </" + std::string(stack_.back()) + ">");
  }
  stack_.pop_back();
  name_ = name;
  at_start_ = false;
  self_closing_ = false;
  pos_ = p + 1;
  return true;
}

bool Scanner::skip_markup(const char* lt) {
  std::string_view rest(lt, static_cast<std::size_t>(end_ - lt));
  const char* close = nullptr;
  if (rest.starts_with("<!--")) {
    close = find(lt + 4, end_, "-->");
    if (close == nullptr) return fail("unterminated comment");
    pos_ = close + 3;
  } else if (rest.starts_with("<![CDATA[")) {
    if (stack_.empty()) return fail("CDATA outside the root element");
    close = find(lt + 9, end_, "]]>");
    if (close == nullptr) return fail("unterminated CDATA section");
    pos_ = close + 3;
  } else if (rest.starts_with("<?")) {
    close = find(lt + 2, end_, "?>");
    if (close == nullptr) return fail("unterminated processing instruction");
    pos_ = close + 2;
  } else if (rest.starts_with("<!DOCTYPE")) {
    if (root_seen_) return fail("DOCTYPE after the root element started");
    // Skipped, internal subset included; entities it declares are never expanded.
    int brackets = 0;
    const char* p = lt + 9;
    for (; p < end_; ++p) {
      if (*p == '[')
        ++brackets;
      else if (*p == ']')
        --brackets;
      else if (*p == '>' && brackets <= 0)
        break;
    }
    if (p >= end_) return fail("unterminated DOCTYPE");
    pos_ = p + 1;
  } else {
    return fail("unknown markup");
  }
  return true;
}

bool Scanner::read_text(std::string& out) {
  out.clear();
  if (self_closing_) return true;
  const std::size_t depth = stack_.size();
  while (!failed()) {
    const char* lt = find(pos_, end_, '<');
    if (lt == nullptr) return fail("truncated document inside <" + std::string(stack_.back()) + ">");
    std::string_view raw(pos_, static_cast<std::size_t>(lt - pos_));
    if (raw.find('&') == std::string_view::npos) {
      out.append(raw);
    } else {
      append_decoded(out, raw);
    }
    pos_ = lt;
    if (lt + 1 >= end_) return fail("truncated tag");
    char c = lt[1];
    if (c == '/') return end_tag(lt) && stack_.size() == depth - 1;
    if (c == '!' && std::string_view(lt, static_cast<std::size_t>(end_ - lt)).starts_with("<![CDATA[")) {
      const char* close = find(lt + 9, end_, "]]>");
      if (close == nullptr) return fail("unterminated CDATA section");
      out.append(lt + 9, close);
      pos_ = close + 3;
    } else if (c == '!' || c == '?') {
      if (!skip_markup(lt)) return false;
    } else {
      if (!start_tag(lt) || !skip()) return false;  // mixed content: child elements are not text
    }
  }
  return false;
}

bool Scanner::skip() {
  if (self_closing_) return true;
  const std::size_t depth = stack_.size();
  while (next()) {
    if (!at_start_ && stack_.size() == depth - 1) return true;
  }
  return false;
}

bool Scanner::finished() {
  if (failed()) return false;
  if (!stack_.empty()) return fail("document not finished");
  if (next()) return fail("content after the root element");
  return !failed();
}

}  // namespace rolecall::aws::xml
