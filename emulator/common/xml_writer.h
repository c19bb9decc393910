#pragma once
// A minimal append-only XML writer for AWS Query-protocol responses.

#include <string>
#include <string_view>

namespace rolecall::emulator {

// Builds an XML document by appending; the caller balances open/close.
class XmlWriter {
 public:
  // Starts with the XML declaration.
  XmlWriter();
  // <tag>
  XmlWriter& open(std::string_view tag);
  // <tag xmlns="ns">
  XmlWriter& open_ns(std::string_view tag, std::string_view ns);
  // </tag>
  XmlWriter& close(std::string_view tag);
  // <tag>escaped value</tag>
  XmlWriter& leaf(std::string_view tag, std::string_view value);
  // <tag>number</tag>
  XmlWriter& leaf(std::string_view tag, long long value);
  // <tag>true|false</tag>
  XmlWriter& leaf_bool(std::string_view tag, bool value);
  // <tag/>
  XmlWriter& empty(std::string_view tag);
  // Already well-formed XML, appended verbatim.
  XmlWriter& raw(std::string_view xml);
  // The document so far.
  std::string take() { return std::move(out_); }
  std::string& buffer() { return out_; }

 private:
  std::string out_;
};

}  // namespace rolecall::emulator
