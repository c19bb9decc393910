#include "emulator/truth/key_use.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/redact.h"

namespace rolecall::emulator::truth {
namespace {

using nlohmann::json;

constexpr auto kWindow = std::chrono::hours(24 * 90);

// A judged instance, by position in the estate.
struct Ref {
  std::size_t account = 0;
  const std::string* region = nullptr;
  const Instance* instance = nullptr;
};

// What the events say about one instance.
struct Verdict {
  bool used = false;
  bool exact = false;
  std::size_t candidates = 0;  // the largest N among its ambiguous events
  std::set<std::string> keys;  // redacted
  // Calls of role sessions named after the instance: from its own addresses, and from others.
  std::size_t session_calls = 0;
  std::size_t session_calls_elsewhere = 0;
};

bool judged(const Instance& in, std::uint64_t seq) {
  std::string state = effective_state(in, seq);
  return state != "terminated" && state != "shutting-down";
}

// The estate's addresses: public (and Elastic) IPs, NAT gateways' public IPs with the instances
// routed through them, and private IPs per region for VPC endpoint calls.
struct Addresses {
  std::vector<Ref> refs;
  std::unordered_map<std::string, std::size_t> public_ip;                // -> ref
  std::unordered_map<std::string, std::vector<std::size_t>> nat;         // NAT public IP -> refs
  std::unordered_map<std::string, std::vector<std::size_t>> private_ip;  // region + "|" + ip -> refs

  Addresses(const Estate& estate, std::uint64_t seq) {
    for (std::size_t a = 0; a < estate.accounts.size(); ++a) {
      const Account& account = estate.accounts[a];
      for (const auto& region : estate.regions) {
        auto it = account.regions.find(region);
        if (it == account.regions.end()) continue;
        const RegionData& data = it->second;
        std::unordered_map<std::string, std::string> nat_ip;  // subnet -> its NAT gateway's public IP
        for (const auto& subnet : data.subnets) {
          if (subnet.nat_gateway.empty()) continue;
          const NatGateway* gw = data.find_nat_gateway(subnet.nat_gateway);
          if (gw && !gw->public_ip.empty()) nat_ip[subnet.id] = gw->public_ip;
        }
        for (const auto& in : data.instances) {
          if (!judged(in, seq)) continue;
          std::size_t ref = refs.size();
          refs.push_back({a, &it->first, &in});
          if (!in.public_ip.empty()) {
            public_ip[in.public_ip] = ref;
          } else if (auto n = nat_ip.find(in.subnet_id); n != nat_ip.end()) {
            nat[n->second].push_back(ref);
          }
          if (!in.private_ip.empty()) private_ip[it->first + "|" + in.private_ip].push_back(ref);
        }
        // A NAT gateway nobody routes through still is an estate address (no candidates).
        for (const auto& gw : data.nat_gateways) nat.try_emplace(gw.public_ip);
      }
    }
  }
};

}  // namespace

KeyUse key_use(const Estate& estate, std::uint64_t seq, TimePoint now) {
  Addresses addresses(estate, seq);
  std::vector<Verdict> verdicts(addresses.refs.size());
  KeyUse out;
  // Instances by (account index, id), for role sessions named after one.
  std::map<std::pair<std::size_t, std::string_view>, std::size_t> by_id;
  for (std::size_t i = 0; i < addresses.refs.size(); ++i)
    by_id.emplace(std::pair<std::size_t, std::string_view>(addresses.refs[i].account, addresses.refs[i].instance->id),
                  i);
  for (std::size_t a = 0; a < estate.accounts.size(); ++a) {
    const Account& account = estate.accounts[a];
    for (const auto& [region, data] : account.regions) {
      for (const auto& e : data.events) {
        const bool session = e.identity_type == "AssumedRole";
        if (!session && (e.identity_type != "IAMUser" || !e.access_key_id.starts_with("AKIA"))) continue;
        TimePoint when = e.when.at(now);
        if (when > now || now - when > kWindow) continue;
        std::vector<std::size_t> candidates;
        bool exact = false;
        if (auto p = addresses.public_ip.find(e.source_ip); p != addresses.public_ip.end()) {
          candidates = {p->second};
          exact = true;
        } else if (auto n = addresses.nat.find(e.source_ip); n != addresses.nat.end()) {
          candidates = n->second;  // ambiguous even when there is one
        } else if (!e.vpc_endpoint_id.empty()) {
          if (auto v = addresses.private_ip.find(region + "|" + e.source_ip); v != addresses.private_ip.end()) {
            candidates = v->second;
            exact = candidates.size() == 1;
          }
        }
        if (session) {
          // The healthy case: a session named after an instance, from that instance's addresses.
          auto self = by_id.find({a, std::string_view(e.session_name)});
          if (self == by_id.end()) continue;
          bool from_self = std::find(candidates.begin(), candidates.end(), self->second) != candidates.end();
          ++(from_self ? verdicts[self->second].session_calls : verdicts[self->second].session_calls_elsewhere);
          continue;
        }
        if (candidates.empty()) {
          ++out.used_from_outside[e.access_key_id];
          continue;
        }
        for (std::size_t ref : candidates) {
          Verdict& v = verdicts[ref];
          v.used = true;
          v.keys.insert(base::redact_key_id(e.access_key_id));
          if (exact)
            v.exact = true;
          else
            v.candidates = std::max(v.candidates, candidates.size());
        }
      }
    }
  }
  for (std::size_t i = 0; i < addresses.refs.size(); ++i) {
    const Ref& ref = addresses.refs[i];
    const Verdict& v = verdicts[i];
    out.entries.push_back({{"account_id", estate.accounts[ref.account].id},
                           {"region", *ref.region},
                           {"instance_id", ref.instance->id},
                           {"status", v.used ? "FAIL" : "PASS"},
                           {"confidence", !v.used   ? ""
                                          : v.exact ? "exact"
                                                    : "ambiguous"},
                           {"candidates", !v.used   ? 0
                                          : v.exact ? 1
                                                    : v.candidates},
                           {"keys", v.keys},
                           {"role_session_calls", v.session_calls},
                           {"role_session_calls_elsewhere", v.session_calls_elsewhere}});
  }
  return out;
}

}  // namespace rolecall::emulator::truth
