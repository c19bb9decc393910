#include "base/untrusted_json.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rolecall::base {
namespace {

using nlohmann::json;

// Where a parse stopped and why, in words that quote nothing of the input.
struct Failure {
  std::size_t offset = 0;  // of the offending byte, or of the start of an out-of-range number
  std::string reason;
};

// nlohmann's message without its "[json.exception...] parse error at line..: " prefix and without
// the "; last read: '...'" excerpt of the input.
std::string reason_of(const json::exception& ex, const std::string& last_token) {
  if (ex.id == 406) return "a number beyond the range of a double";
  std::string message = ex.what();
  if (auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  const std::string excerpt = "; last read: '" + last_token + "'";
  if (auto at = message.find(excerpt); at != std::string::npos) message.erase(at, excerpt.size());
  return message;
}

// Builds the document from nlohmann's SAX events, as its DOM parser does, but keeps the failure's
// position and refuses nesting deeper than kMaxJsonDepth.
class DomBuilder {
 public:
  explicit DomBuilder(json& root) : root_(root) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(json::number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(json::number_float_t v, const std::string& /*text*/) { return put(v) != nullptr; }
  bool string(std::string& v) { return put(std::move(v)) != nullptr; }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t /*elements*/) { return open(json::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*elements*/) { return open(json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token, const json::exception& ex) {
    // `position` counts the bytes read: the offending byte is the last of them, except for a number
    // out of range, read whole before it is judged (point at its start).
    std::size_t offset = position == 0 ? 0 : position - 1;
    if (ex.id == 406 && position >= last_token.size()) offset = position - last_token.size();
    failure_ = Failure{offset, reason_of(ex, last_token)};
    return false;
  }

  const std::optional<Failure>& failure() const { return failure_; }
  bool too_deep() const { return too_deep_; }

 private:
  // Stores `value` where the parser is (root, next array element, or the pending key); the stored
  // value's address stays valid while it is open, since only the innermost container grows.
  json* put(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    json& slot = top[key_];  // a repeated key: the last one wins, as nlohmann's own parser does
    slot = std::move(value);
    return &slot;
  }
  bool open(json&& container) {
    if (stack_.size() >= kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(put(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
  std::optional<Failure> failure_;
  bool too_deep_ = false;
};

// "line L, column C" of byte `offset` in `text` (both from 1).
std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

}  // namespace

Result<json> parse_untrusted_json(std::string_view text, std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return fail(ErrorKind::kParse, fmt::format("{}: empty, not a JSON document", what));
  }
  json root;
  DomBuilder builder(root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const json::exception& e) {
    // The SAX parser reports its errors through parse_error(); anything thrown is unexpected, but
    // is still bad input, not a crash.
    return fail(ErrorKind::kParse, fmt::format("{}: malformed JSON ({})", what, reason_of(e, {})));
  }
  if (ok) return root;
  if (builder.too_deep()) {
    return fail(ErrorKind::kParse,
                fmt::format("{}: malformed JSON: nested deeper than {} levels", what, kMaxJsonDepth));
  }
  const Failure failure = builder.failure().value_or(Failure{0, "unreadable"});
  const std::size_t offset = failure.offset;
  const bool at_end = offset >= text.size();  // nlohmann points one past the last byte at the end
  return fail(ErrorKind::kParse,
              fmt::format("{}: malformed JSON at byte offset {} of {}{} ({}): {}", what, offset, text.size(),
                          at_end ? " (truncated?)" : "", line_and_column(text, offset), failure.reason));
}

}  // namespace rolecall::base
