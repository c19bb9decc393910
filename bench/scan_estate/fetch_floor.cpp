// The floor the endpoint allows for rolecall's test-plan scan: the same calls in the same dependency
// order (GetCallerIdentity per profile; then per account GetAccountAuthorizationDetails →
// ListInstanceProfiles, and DescribeInstances per region, pages followed), through rolecall's own
// transport, signing and connection limits, with every response body thrown away unread.
// Whatever this takes is latency, throttling, the endpoint's own work and the transfer: no client
// that judges the estate can be faster on the same machine.
//
// Usage: bench_scan_estate --endpoint-url URL --regions a,b,... --profile P [--profile P ...]
// Prints: "wall_s=<seconds> calls=<n> bytes=<n> errors=<n>"; exit status 1 when any call failed.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "aws/ops/ec2_instances.h"
#include "aws/ops/iam_authorization_details.h"
#include "aws/ops/iam_instance_profiles.h"
#include "aws/session.h"
#include "inventory/scope.h"

namespace {

using rolecall::aws::AwsCaller;
using rolecall::aws::ServiceCall;

struct Totals {
  std::size_t calls = 0;
  std::size_t bytes = 0;
  std::size_t errors = 0;
};

// The text of <tag>...</tag> in `body`, or "" (enough to follow a page token without parsing).
std::string element_text(std::string_view body, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::size_t at = body.find(open);
  if (at == std::string_view::npos) return {};
  const std::size_t from = at + open.size();
  const std::size_t to = body.find('<', from);
  return to == std::string_view::npos ? std::string() : std::string(body.substr(from, to - from));
}

// Calls make(token) page after page until the response names no next token (read by `next`),
// then runs `then`.
void pages(AwsCaller& caller, Totals& totals, std::function<ServiceCall(const std::string&)> make,
           std::function<std::string(std::string_view)> next, std::function<void()> then,
           const std::string& token = {}) {
  ServiceCall call = make(token);
  caller.call(std::move(call),
              [&caller, &totals, make, next, then](rolecall::Result<rolecall::aws::ServiceResponse> r) {
                ++totals.calls;
                if (!r) {
                  ++totals.errors;
                  return;
                }
                totals.bytes += r->body.size();
                std::string following = next(r->body);
                if (following.empty()) {
                  if (then) then();
                  return;
                }
                pages(caller, totals, make, next, then, following);
              });
}

void fetch_account(AwsCaller& caller, const std::vector<std::string>& regions, Totals& totals) {
  auto iam_marker = [](std::string_view body) {
    return element_text(body, "IsTruncated") == "true" ? element_text(body, "Marker") : std::string();
  };
  pages(
      caller, totals,
      [](const std::string& marker) {
        rolecall::aws::iam::GetAccountAuthorizationDetailsRequest request;
        request.marker = marker;
        return rolecall::aws::iam::get_account_authorization_details_call(request);
      },
      iam_marker,
      [&caller, &totals, iam_marker] {
        pages(
            caller, totals,
            [](const std::string& marker) {
              rolecall::aws::iam::ListInstanceProfilesRequest request;
              request.marker = marker;
              return rolecall::aws::iam::list_instance_profiles_call(request);
            },
            iam_marker, nullptr);
      });
  for (const auto& region : regions) {
    pages(
        caller, totals,
        [region](const std::string& token) {
          rolecall::aws::ec2::DescribeInstancesRequest request;
          request.filters = {{"instance-state-name", {"pending", "running", "stopping", "stopped"}}};
          request.max_results = 1000;
          request.next_token = token;
          return rolecall::aws::ec2::describe_instances_call(region, request);
        },
        [](std::string_view body) { return element_text(body, "nextToken"); }, nullptr);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rolecall test-plan scan with every response thrown away: the endpoint's floor"};
  std::string endpoint;
  std::string regions_text;
  std::vector<std::string> profiles;
  app.add_option("--endpoint-url", endpoint)->required();
  app.add_option("--regions", regions_text)->required();
  app.add_option("--profile", profiles)->required();
  CLI11_PARSE(app, argc, argv);
  std::vector<std::string> regions;
  for (std::size_t start = 0; start <= regions_text.size();) {
    std::size_t comma = regions_text.find(',', start);
    if (comma == std::string::npos) comma = regions_text.size();
    if (comma > start) regions.push_back(regions_text.substr(start, comma - start));
    start = comma + 1;
  }

  const auto started = std::chrono::steady_clock::now();
  rolecall::aws::SessionOptions options;
  options.endpoint_url = endpoint;
  options.profile = profiles.front();
  auto session = rolecall::aws::Session::create(options);
  if (!session) {
    std::fprintf(stderr, "bench_scan_estate: %s\n", session.error().describe().c_str());
    return 2;
  }
  rolecall::ScopeOptions scope_options;
  scope_options.profiles = profiles;
  auto scope = rolecall::inventory::resolve_scope(**session, scope_options);
  if (!scope) {
    std::fprintf(stderr, "bench_scan_estate: %s\n", scope.error().describe().c_str());
    return 2;
  }
  Totals totals;
  for (const auto& target : scope->targets) {
    if (target.caller == nullptr) {
      ++totals.errors;
      continue;
    }
    fetch_account(*target.caller, regions, totals);
  }
  (*session)->loop().run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("wall_s=%.4f calls=%zu bytes=%zu errors=%zu\n", wall, totals.calls, totals.bytes, totals.errors);
  return totals.errors == 0 ? 0 : 1;
}
