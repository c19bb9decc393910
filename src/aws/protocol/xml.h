#pragma once
// Query-protocol response parsing helpers over pugixml: one parsed document per response body,
// child text lookups that never allocate, and `<item>`/`<member>` list iteration.

#include <pugixml.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::aws::xml {

// A parsed XML response. Owns its body (parsed in place, so node text points into it); copies
// share the same tree. Node handles and text views stay valid while any copy lives.
class Document {
 public:
  // Parses `body` (taking ownership, no copy) for `operation` (named in the error message);
  // malformed, truncated or empty XML yields kParse "<operation>: malformed XML response: ...".
  static Result<Document> parse(std::string body, std::string_view operation);
  // The document element (e.g. <DescribeInstancesResponse>); never null after a successful parse.
  pugi::xml_node root() const;

 private:
  struct State;
  explicit Document(std::unique_ptr<State> state);
  std::shared_ptr<State> state_;  // heap-held: the in-place buffer must never move
};

// Text of the first child element named `name` (exact, case-sensitive), or "" when absent.
// The view points into the document buffer: it lives as long as the Document.
std::string_view child_text(pugi::xml_node node, std::string_view name);

// Same as child_text, copied into a string.
std::string child_string(pugi::xml_node node, std::string_view name);

// Text of the element reached by following `path` (e.g. {"instanceState", "name"}), or "".
std::string_view path_text(pugi::xml_node node, std::initializer_list<std::string_view> path);

// The first child element named `name`, or a null node.
pugi::xml_node child(pugi::xml_node node, std::string_view name);

// True when the child `name` has text "true" (case-insensitive); false when absent or other.
bool child_bool(pugi::xml_node node, std::string_view name);

// Integer value of child `name`; `fallback` when absent or not a whole number.
long long child_int(pugi::xml_node node, std::string_view name, long long fallback = 0);

// The element children named `item` (EC2) of `node`'s child `list_name`, in document order.
std::vector<pugi::xml_node> items(pugi::xml_node node, std::string_view list_name);

// The element children named `member` (IAM/STS) of `node`'s child `list_name`, in order.
std::vector<pugi::xml_node> members(pugi::xml_node node, std::string_view list_name);

// Text of each `<item>` / `<member>` under `node`'s child `list_name`, as strings.
std::vector<std::string> item_strings(pugi::xml_node node, std::string_view list_name);
std::vector<std::string> member_strings(pugi::xml_node node, std::string_view list_name);

// Request id of a response document: EC2's <requestId>/<RequestID>, IAM/STS's
// <ResponseMetadata><RequestId>, or an error's <RequestId>; "" when none.
std::string request_id(pugi::xml_node root);

// The `<XxxResult>` element of an IAM/STS response (root's child `<action>Result`), or a null node.
pugi::xml_node result_node(pugi::xml_node root, std::string_view action);

// Checks that the document element is `expected` (e.g. "DescribeInstancesResponse");
// kParse naming `operation` otherwise.
Result<void> expect_root(const Document& doc, std::string_view expected, std::string_view operation);

}  // namespace rolecall::aws::xml
