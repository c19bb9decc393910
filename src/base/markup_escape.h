#pragma once
// Escaping text for XML and HTML: the emulator's AWS responses and the HTML report.

#include <string>
#include <string_view>

namespace rolecall::base {

// Where the text goes, which decides the apostrophe's entity: XML's "&apos;", or "&#39;" in HTML
// (HTML 4 has no &apos;).
enum class Markup { kXml, kHtml };

// Appends `text` to `out` with &, <, >, " and ' replaced by entities; other bytes unchanged.
void escape_markup_into(std::string& out, std::string_view text, Markup markup);

// `text` escaped as escape_markup_into() appends it.
std::string escape_markup(std::string_view text, Markup markup);

}  // namespace rolecall::base
