#include "emulator/xml_writer.h"

namespace rolecall::emulator {

void xml_escape_into(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
}

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
  xml_escape_into(out_, value);
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
