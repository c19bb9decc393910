#include "aws/ops/query_xml.h"

#include <charconv>

#include <fmt/format.h>

namespace rolecall::aws::ops {

QueryXml::QueryXml(xml::Document doc, std::string operation, std::string action)
    : doc_(std::move(doc)), operation_(std::move(operation)), action_(std::move(action)) {
  result_ = xml::result_node(doc_.root(), action_);
}

Result<QueryXml> QueryXml::parse(std::string&& body, std::string_view operation, std::string_view action) {
  auto doc = xml::Document::parse(std::move(body), operation);
  if (!doc) return fail(doc.error());
  if (auto root = xml::expect_root(*doc, fmt::format("{}Response", action), operation); !root) {
    return fail(root.error());
  }
  return QueryXml(std::move(*doc), std::string(operation), std::string(action));
}

Result<QueryXml> QueryXml::parse(std::string_view body, std::string_view operation, std::string_view action) {
  return parse(std::string(body), operation, action);
}

Result<QueryXml> QueryXml::parse_result(std::string_view body, std::string_view operation, std::string_view action) {
  auto xml = parse(body, operation, action);
  if (!xml) return fail(xml.error());
  if (auto result = xml->required_result(); !result) return fail(result.error());
  return xml;
}

Result<pugi::xml_node> QueryXml::required_result() const {
  if (!result_) return fail(missing(fmt::format("{}Result", action_)));
  return result_;
}

Error QueryXml::missing(std::string_view what) const { return invalid(fmt::format("response lacks {}", what)); }

Error QueryXml::invalid(std::string_view message) const {
  return Error::parse(fmt::format("{}: {}", operation_, message));
}

Result<std::string> required_text(const QueryXml& xml, pugi::xml_node node, std::string_view name,
                                  std::string_view where) {
  std::string value = xml::child_string(node, name);
  if (value.empty()) return fail(xml.missing(fmt::format("{}/{}", where, name)));
  return value;
}

Result<long long> strict_int(const QueryXml& xml, pugi::xml_node node, std::string_view name, std::string_view where,
                             long long fallback) {
  const std::string_view text = xml::child_text(node, name);
  if (text.empty()) return fallback;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return fail(xml.invalid(fmt::format("{}/{} is not an integer", where, name)));
  }
  return value;
}

Result<PageMarker> read_page_marker(const QueryXml& xml, pugi::xml_node result) {
  PageMarker page{xml::child_bool(result, "IsTruncated"), xml::child_string(result, "Marker")};
  if (page.is_truncated && page.marker.empty()) return fail(xml.invalid("IsTruncated is true but Marker is missing"));
  return page;
}

}  // namespace rolecall::aws::ops
