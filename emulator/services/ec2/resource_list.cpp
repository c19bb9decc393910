#include "emulator/services/ec2/resource_list.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/glob.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

using Filters = std::vector<std::pair<std::string, std::vector<std::string>>>;

bool matches(const Row& row, const Filters& filters) {
  for (const auto& [name, patterns] : filters) {
    auto hit = [&](const std::string& value) {
      return std::any_of(patterns.begin(), patterns.end(),
                         [&](const std::string& p) { return base::glob_match(p, value, false); });
    };
    bool any = false;
    if (name.starts_with("tag:") || name == "tag-key" || name == "tag-value") {
      for (const auto& [k, v] : row.tags ? *row.tags : Tags{}) {
        if (name == "tag-key") any = any || hit(k);
        if (name == "tag-value") any = any || hit(v);
        if (name.starts_with("tag:")) any = any || (k == name.substr(4) && hit(v));
      }
    } else {
      for (const auto& [n, v] : row.values) any = any || (n == name && hit(v));
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

void render_tags(XmlWriter& w, const Tags& tags) {
  if (tags.empty()) return;
  w.open("tagSet");
  for (const auto& [k, v] : tags) w.open("item").leaf("key", k).leaf("value", v).close("item");
  w.close("tagSet");
}

HandlerResult describe_rows(RequestContext& ctx, const ListSpec& spec, const std::vector<Row>& rows) {
  Filters filters = ctx.params.filters();
  for (const auto& [name, values] : filters) {
    bool known = name.starts_with("tag:") || name == "tag-key" || name == "tag-value" ||
                 std::find(spec.filters.begin(), spec.filters.end(), name) != spec.filters.end();
    if (known) continue;
    if (std::find(spec.unsupported.begin(), spec.unsupported.end(), name) != spec.unsupported.end())
      return std::unexpected(unsupported_filter(name, ctx.action));
    return error(400, "InvalidParameterValue", fmt::format("The filter '{}' is invalid", name));
  }
  std::vector<std::string> ids = ctx.params.list(spec.id_param);
  std::size_t limit = static_cast<std::size_t>(-1);
  if (spec.max_results != 0) {
    auto max = ec2_max_results(ctx, 5, spec.max_results);
    if (!max) return std::unexpected(max.error());
    if (*max && !ids.empty()) {
      return error(400, "InvalidParameterCombination",
                   fmt::format("The parameter {} cannot be used with the parameter maxResults", spec.id_param));
    }
    limit = max->value_or(limit);
  }
  std::vector<const Row*> selected;
  for (const auto& id : ids) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == id; });
    if (it == rows.end())
      return error(400, spec.not_found_code, fmt::format("The {} '{}' does not exist", spec.noun, id));
    selected.push_back(&*it);
  }
  if (ids.empty()) {
    for (const auto& r : rows) selected.push_back(&r);
  }
  std::size_t offset = 0;
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, ctx.region);
  for (const auto& [name, values] : filters) scope += fmt::format("|{}={}", name, fmt::join(values, ","));
  if (spec.max_results != 0) {
    auto start = ec2_start_offset(ctx, scope);
    if (!start) return std::unexpected(start.error());
    offset = *start;
  }
  XmlWriter w = begin_response(ctx);
  w.open(spec.set_tag);
  std::size_t i = offset, emitted = 0;
  for (; i < selected.size() && emitted < limit; ++i) {
    if (!matches(*selected[i], filters)) continue;
    w.open("item");
    selected[i]->render(w);
    w.close("item");
    ++emitted;
  }
  w.close(spec.set_tag);
  bool more = false;
  for (std::size_t k = i; k < selected.size() && !more; ++k) more = matches(*selected[k], filters);
  if (more) w.leaf("nextToken", make_page_token(ctx.core, scope, i));
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2
