#include "aws/protocol/xml.h"

#include <charconv>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace rolecall::aws::xml {

struct Document::State {
  std::string body;
  pugi::xml_document doc;
};

Document::Document(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<Document> Document::parse(std::string body, std::string_view operation) {
  auto state = std::make_unique<State>();
  state->body = std::move(body);
  if (state->body.empty()) {
    return fail(ErrorKind::kParse, fmt::format("{}: malformed XML response: empty body", operation));
  }
  // Escapes are needed (tag values may hold &amp;); end-of-line normalisation and whitespace-only
  // text nodes are not, and skipping them keeps the parse fast.
  constexpr unsigned kOptions = pugi::parse_cdata | pugi::parse_escapes;
  pugi::xml_parse_result r =
      state->doc.load_buffer_inplace(state->body.data(), state->body.size(), kOptions, pugi::encoding_utf8);
  if (!r) {
    return fail(ErrorKind::kParse, fmt::format("{}: malformed XML response: {} at offset {}", operation,
                                               r.description(), static_cast<long long>(r.offset)));
  }
  if (!state->doc.document_element()) {
    return fail(ErrorKind::kParse, fmt::format("{}: malformed XML response: no document element", operation));
  }
  return Document(std::move(state));
}

pugi::xml_node Document::root() const { return state_ ? state_->doc.document_element() : pugi::xml_node(); }

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && name == c.name()) return c;
  }
  return {};
}

std::string_view child_text(pugi::xml_node node, std::string_view name) {
  pugi::xml_node c = child(node, name);
  return c ? std::string_view(c.child_value()) : std::string_view();
}

std::string child_string(pugi::xml_node node, std::string_view name) { return std::string(child_text(node, name)); }

std::string_view path_text(pugi::xml_node node, std::initializer_list<std::string_view> path) {
  for (std::string_view step : path) {
    node = child(node, step);
    if (!node) return {};
  }
  return node.child_value();
}

bool child_bool(pugi::xml_node node, std::string_view name) {
  std::string_view t = child_text(node, name);
  if (t.size() != 4) return false;
  return (t[0] | 0x20) == 't' && (t[1] | 0x20) == 'r' && (t[2] | 0x20) == 'u' && (t[3] | 0x20) == 'e';
}

long long child_int(pugi::xml_node node, std::string_view name, long long fallback) {
  std::string_view t = child_text(node, name);
  long long v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return fallback;
  return v;
}

namespace {

std::vector<pugi::xml_node> named_children(pugi::xml_node node, std::string_view list_name, const char* element) {
  std::vector<pugi::xml_node> out;
  pugi::xml_node list = child(node, list_name);
  for (pugi::xml_node c = list.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && std::strcmp(c.name(), element) == 0) out.push_back(c);
  }
  return out;
}

std::vector<std::string> texts(const std::vector<pugi::xml_node>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (pugi::xml_node n : nodes) out.emplace_back(n.child_value());
  return out;
}

}  // namespace

std::vector<pugi::xml_node> items(pugi::xml_node node, std::string_view list_name) {
  return named_children(node, list_name, "item");
}

std::vector<pugi::xml_node> members(pugi::xml_node node, std::string_view list_name) {
  return named_children(node, list_name, "member");
}

std::vector<std::string> item_strings(pugi::xml_node node, std::string_view list_name) {
  return texts(items(node, list_name));
}

std::vector<std::string> member_strings(pugi::xml_node node, std::string_view list_name) {
  return texts(members(node, list_name));
}

std::string request_id(pugi::xml_node root) {
  for (std::string_view name : {"requestId", "RequestId", "RequestID"}) {
    std::string_view t = child_text(root, name);
    if (!t.empty()) return std::string(t);
  }
  return std::string(path_text(root, {"ResponseMetadata", "RequestId"}));
}

pugi::xml_node result_node(pugi::xml_node root, std::string_view action) {
  std::string name(action);
  name += "Result";
  return child(root, name);
}

Result<void> expect_root(const Document& doc, std::string_view expected, std::string_view operation) {
  pugi::xml_node root = doc.root();
  if (root && expected == root.name()) return {};
  return fail(ErrorKind::kParse, fmt::format("{}: unexpected XML response: document element <{}>, expected <{}>",
                                             operation, root ? root.name() : "", expected));
}

}  // namespace rolecall::aws::xml
