#pragma once
// Reading Query-protocol (IAM, STS) responses: aws/protocol/xml.h plus the checks every typed
// parse needs (root element, required fields), with errors that name the operation.

#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "aws/protocol/xml.h"
#include "rolecall/error.h"

namespace rolecall::aws::ops {

// A parsed Query-protocol response, checked to be <{Action}Response>. Every error it produces is
// kParse and names the operation, e.g. "iam:GetRole: response lacks Role/Arn".
class QueryXml {
 public:
  // Parses `body` as the response of `action`; `operation` ("iam:GetRole") prefixes errors.
  static Result<QueryXml> parse(std::string_view body, std::string_view operation, std::string_view action);

  // The <{Action}Result> element; a null node when absent.
  pugi::xml_node result() const { return result_; }
  // The <{Action}Result> element, or a kParse error when the response has none.
  Result<pugi::xml_node> required_result() const;
  // ResponseMetadata/RequestId, or "".
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

// IAM pagination state of a response.
struct PageMarker {
  bool is_truncated = false;  // IsTruncated
  std::string marker;         // Marker; non-empty whenever is_truncated
};

// Reads IsTruncated/Marker from `result`; a truncated page without a Marker is a kParse error
// (following it would silently drop the remaining pages).
Result<PageMarker> read_page_marker(const QueryXml& xml, pugi::xml_node result);

}  // namespace rolecall::aws::ops
