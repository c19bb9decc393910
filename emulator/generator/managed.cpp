// Instances managed by CloudFormation: the tags CloudFormation puts on the instances of a stack
// (aws:cloudformation:stack-name, stack-id, logical-id), which rolecall's plan must recognise.
#include <fmt/format.h>

#include "base/sha256.h"
#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

// "web-api-00012" -> "WebApi00012": a CloudFormation logical id (alphanumeric) from the Name tag.
std::string logical_id(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "Instance" : out;
}

}  // namespace

int add_managed_tags(Rng& rng, Cell& cell, int percent) {
  int tagged = 0;
  for (auto& instance : cell.instances) {
    if (!rng.percent(percent)) continue;
    auto& tags = instance["tags"];
    const std::string team = tags.value("team", "app");
    const std::string stack = fmt::format("{}-{}", team, cell.region);
    // The stack's id is fixed per (account, region, team): every instance of one stack shares it.
    const std::string h = base::sha256_hex(cell.account_id + "/" + stack);
    const std::string stack_id =
        fmt::format("arn:aws:cloudformation:{}:{}:stack/{}/{}-{}-{}-{}-{}", cell.region, cell.account_id, stack,
                    h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4), h.substr(20, 12));
    tags["aws:cloudformation:stack-name"] = stack;
    tags["aws:cloudformation:stack-id"] = stack_id;
    tags["aws:cloudformation:logical-id"] = logical_id(tags.value("Name", ""));
    ++tagged;
  }
  return tagged;
}

}  // namespace rolecall::emulator::gen
