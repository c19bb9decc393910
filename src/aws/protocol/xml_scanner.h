#pragma once
// A validating pull scanner for large XML responses: no DOM, no per-node allocation. Checks what
// matters to detect malformed or truncated bodies (tag nesting and names, one root, terminated
// comments/CDATA/PIs, quoted attributes) and decodes entities only in text the caller reads.
// For small responses use xml.h (pugixml); this exists for DescribeInstances-sized pages.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::aws::xml {

class Scanner {
 public:
  // Scans `doc`, which must outlive the scanner.
  explicit Scanner(std::string_view doc);

  // Advances to the next element start or end tag, skipping text between tags, comments, PIs,
  // DOCTYPE. Returns false at the end of the document or on an error (see failed()).
  // After a start tag, name() is the element name and self_closing() tells `<x/>`.
  bool next();
  // True when the last next() stopped at a start tag (false: an end tag).
  bool at_start() const { return at_start_; }
  // Name of the tag next() stopped at.
  std::string_view name() const { return name_; }
  // True when the start tag next() stopped at was `<x/>`.
  bool self_closing() const { return self_closing_; }

  // After a start tag: reads the element's text content (entities decoded, CDATA kept, child
  // elements skipped) into `out` and consumes the end tag. False on error.
  bool read_text(std::string& out);
  // After a start tag: consumes the element and everything inside it. False on error.
  bool skip();
  // After a start tag: calls fn() once per child start tag (fn must consume that child with
  // read_text/skip/for_each_child and return false to abort); consumes the end tag.
  template <typename Fn>
  bool for_each_child(Fn&& fn) {
    if (self_closing_) return true;
    std::size_t depth = stack_.size();
    while (next()) {
      if (!at_start_) return stack_.size() == depth - 1;
      if (!fn()) return false;
    }
    return false;
  }

  // True once the document is fully consumed and well formed (root closed, only misc after it).
  bool finished();
  // True after an error; error() says what and where.
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string_view what);
  bool start_tag(const char* p);
  bool end_tag(const char* p);
  bool skip_markup(const char* p);  // <!-- -->, <![CDATA[ ]]>, <? ?>, <!DOCTYPE >
  bool text_ok(const char* begin, const char* end);

  const char* begin_;
  const char* pos_;
  const char* end_;
  std::vector<std::string_view> stack_;
  std::string_view name_;
  bool at_start_ = false;
  bool self_closing_ = false;
  bool root_seen_ = false;
  std::string error_;
};

// Appends `raw` XML text to `out` with the five named entities and &#N;/&#xN; references
// decoded; unknown entities are kept literally.
void append_decoded(std::string& out, std::string_view raw);

}  // namespace rolecall::aws::xml
