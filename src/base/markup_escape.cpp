#include "base/markup_escape.h"

namespace rolecall::base {

void escape_markup_into(std::string& out, std::string_view text, Markup markup) {
  const std::string_view apostrophe = markup == Markup::kXml ? "&apos;" : "&#39;";
  std::size_t plain = 0;  // start of the run of bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = apostrophe; break;
      default: continue;
    }
    out.append(text.substr(plain, i - plain));
    out.append(entity);
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

std::string escape_markup(std::string_view text, Markup markup) {
  std::string out;
  out.reserve(text.size() + 16);
  escape_markup_into(out, text, markup);
  return out;
}

}  // namespace rolecall::base
