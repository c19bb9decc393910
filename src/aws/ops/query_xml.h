#pragma once
// Reading Query-protocol responses (EC2, IAM, STS): aws/protocol/xml.h plus the checks every
// typed parse needs (root element, result element, required fields, IAM's list members and
// Marker pages), with errors that name the operation.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "aws/protocol/xml.h"
#include "rolecall/error.h"

namespace rolecall::aws::ops {

// A parsed Query-protocol response, checked to be <{Action}Response>. Every error it produces is
// kParse and names the operation, e.g. "iam:GetRole: response lacks Role/Arn".
class QueryXml {
 public:
  // Parses `body` as the response of `action`; `operation` ("iam:GetRole", or EC2's bare action)
  // prefixes errors. The rvalue form parses the body in place, without a copy.
  static Result<QueryXml> parse(std::string&& body, std::string_view operation, std::string_view action);
  static Result<QueryXml> parse(std::string_view body, std::string_view operation, std::string_view action);
  // parse(), then also requires the <{Action}Result> element (IAM and STS wrap results in one).
  static Result<QueryXml> parse_result(std::string_view body, std::string_view operation, std::string_view action);

  // The document element, <{Action}Response>.
  pugi::xml_node root() const { return doc_.root(); }
  // The <{Action}Result> element; a null node when absent (always absent for EC2).
  pugi::xml_node result() const { return result_; }
  // The <{Action}Result> element, or a kParse error when the response has none.
  Result<pugi::xml_node> required_result() const;
  // The request id (EC2's requestId, IAM/STS's ResponseMetadata/RequestId), or "".
  std::string request_id() const { return xml::request_id(doc_.root()); }
  // The operation name given to parse().
  const std::string& operation() const { return operation_; }
  // A kParse error "<operation>: response lacks <what>".
  Error missing(std::string_view what) const;
  // A kParse error "<operation>: <message>".
  Error invalid(std::string_view message) const;

 private:
  QueryXml(xml::Document doc, std::string operation, std::string action);
  xml::Document doc_;
  pugi::xml_node result_;
  std::string operation_;
  std::string action_;
};

// Text of a required child: fails with xml.missing("<where>/<name>") when absent or empty.
Result<std::string> required_text(const QueryXml& xml, pugi::xml_node node, std::string_view name,
                                  std::string_view where);
// Integer child element; `fallback` when absent, a kParse error naming `where` when not a number
// (stricter than xml::child_int, which silently falls back).
Result<long long> strict_int(const QueryXml& xml, pugi::xml_node node, std::string_view name, std::string_view where,
                             long long fallback = 0);

// Reads each <member> of `node`'s child `list` with `read(xml, member, "<list>/member[N]")`
// (returning Result<T>) and appends it to `out`; the first error is returned.
template <typename T, typename Read>
Result<void> read_members(const QueryXml& xml, pugi::xml_node node, std::string_view list, std::vector<T>& out,
                          Read read) {
  int index = 0;
  for (pugi::xml_node m : xml::members(node, list)) {
    auto item = read(xml, m, fmt::format("{}/member[{}]", list, ++index));
    if (!item) return fail(item.error());
    out.push_back(std::move(*item));
  }
  return {};
}

// IAM pagination state of a response.
struct PageMarker {
  bool is_truncated = false;  // IsTruncated
  std::string marker;         // Marker; non-empty whenever is_truncated
};

// Reads IsTruncated/Marker from `result`; a truncated page without a Marker is a kParse error
// (following it would silently drop the remaining pages).
Result<PageMarker> read_page_marker(const QueryXml& xml, pugi::xml_node result);

// read_page_marker() into a page's `is_truncated` and `marker` fields.
template <typename Page>
Result<void> read_page_marker_into(const QueryXml& xml, pugi::xml_node result, Page& page) {
  auto marker = read_page_marker(xml, result);
  if (!marker) return fail(marker.error());
  page.is_truncated = marker->is_truncated;
  page.marker = std::move(marker->marker);
  return {};
}

}  // namespace rolecall::aws::ops

namespace rolecall::aws::ec2 {

// Parses `body` as a page of EC2 `action` (kParse naming the action otherwise) and fills `page`'s
// request_id and next_token; the items are the caller's to read from the returned root().
template <typename Page>
Result<ops::QueryXml> parse_page(std::string&& body, std::string_view action, Page& page) {
  auto xml = ops::QueryXml::parse(std::move(body), action, action);
  if (!xml) return fail(xml.error());
  page.request_id = xml->request_id();
  page.next_token = xml::child_string(xml->root(), "nextToken");
  return xml;
}

}  // namespace rolecall::aws::ec2
