#include "emulator/common/xml_writer.h"

#include "base/markup_escape.h"

namespace rolecall::emulator {

XmlWriter::XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

XmlWriter& XmlWriter::open(std::string_view tag) {
  out_ += '<';
  out_ += tag;
  out_ += '>';
  return *this;
}

XmlWriter& XmlWriter::open_ns(std::string_view tag, std::string_view ns) {
  out_ += '<';
  out_ += tag;
  out_ += " xmlns=\"";
  out_ += ns;
  out_ += "\">";
  return *this;
}

XmlWriter& XmlWriter::close(std::string_view tag) {
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view tag, std::string_view value) {
  open(tag);
  base::escape_markup_into(out_, value, base::Markup::kXml);
  return close(tag);
}

XmlWriter& XmlWriter::leaf(std::string_view tag, long long value) {
  open(tag);
  out_ += std::to_string(value);
  return close(tag);
}

XmlWriter& XmlWriter::leaf_bool(std::string_view tag, bool value) { return leaf(tag, value ? "true" : "false"); }

XmlWriter& XmlWriter::empty(std::string_view tag) {
  out_ += '<';
  out_ += tag;
  out_ += "/>";
  return *this;
}

XmlWriter& XmlWriter::raw(std::string_view xml) {
  out_ += xml;
  return *this;
}

}  // namespace rolecall::emulator
