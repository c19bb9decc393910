#include "aws/ops/iam_authorization_details.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "aws/ops/iam_entities.h"
#include "aws/ops/query_xml.h"
#include "aws/protocol/pagination.h"
#include "aws/protocol/query.h"

namespace rolecall::aws::iam {
namespace {

constexpr const char* kAuthDetailsAction = "GetAccountAuthorizationDetails";
constexpr const char* kAuthDetailsOperation = "iam:GetAccountAuthorizationDetails";

// Keeps one InstanceProfile per ARN across pages (a profile shows up under each of its roles).
class ProfileSet {
 public:
  explicit ProfileSet(std::vector<InstanceProfile>& profiles) : profiles_(profiles) {
    for (std::size_t i = 0; i < profiles_.size(); ++i) index_.emplace(profiles_[i].arn, i);
  }
  // Adds `profile`, or unions its role ARNs into the one already held under its ARN.
  void add(InstanceProfile profile) {
    auto [it, inserted] = index_.emplace(profile.arn, profiles_.size());
    if (inserted) {
      profiles_.push_back(std::move(profile));
      return;
    }
    auto& arns = profiles_[it->second].role_arns;
    for (auto& role_arn : profile.role_arns) {
      if (std::find(arns.begin(), arns.end(), role_arn) == arns.end()) arns.push_back(std::move(role_arn));
    }
  }

 private:
  std::vector<InstanceProfile>& profiles_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Accumulates pages for the _all variant without re-indexing on every page.
struct Merged {
  GetAccountAuthorizationDetailsResponse response;
  ProfileSet profiles{response.profiles};
};

void merge_into(GetAccountAuthorizationDetailsResponse& into, ProfileSet& profiles,
                GetAccountAuthorizationDetailsResponse&& page) {
  std::move(page.roles.begin(), page.roles.end(), std::back_inserter(into.roles));
  for (auto& profile : page.profiles) profiles.add(std::move(profile));
  std::move(page.policies.begin(), page.policies.end(), std::back_inserter(into.policies));
  std::move(page.users.begin(), page.users.end(), std::back_inserter(into.users));
  std::move(page.groups.begin(), page.groups.end(), std::back_inserter(into.groups));
  into.is_truncated = false;
  into.marker.clear();
}

}  // namespace

ServiceCall get_account_authorization_details_call(const GetAccountAuthorizationDetailsRequest& request) {
  QueryParams params;
  add_member_list(params, "Filter", request.filters);
  add_paging(params, request.max_items, request.marker);
  return make_call(kAuthDetailsAction, std::move(params));
}

Result<GetAccountAuthorizationDetailsResponse> parse_get_account_authorization_details(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, kAuthDetailsOperation, kAuthDetailsAction);
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();

  GetAccountAuthorizationDetailsResponse out;
  ProfileSet profiles(out.profiles);
  int index = 0;
  for (pugi::xml_node m : xml::members(result, "RoleDetailList")) {
    const std::string where = fmt::format("RoleDetailList/member[{}]", ++index);
    auto role = parse_role(*xml, m, where);
    if (!role) return fail(role.error());
    int profile_index = 0;
    for (pugi::xml_node p : xml::members(m, "InstanceProfileList")) {
      // The profile repeats this role in full: its ARN is all that is new there.
      auto profile = parse_instance_profile(
          *xml, p, fmt::format("{}/InstanceProfileList/member[{}]", where, ++profile_index), ProfileRoles::kArnsOnly);
      if (!profile) return fail(profile.error());
      // The list is "profiles that contain this role": the role belongs even if Roles lags behind.
      auto& arns = profile->profile.role_arns;
      if (std::find(arns.begin(), arns.end(), role->arn) == arns.end()) arns.push_back(role->arn);
      profiles.add(std::move(profile->profile));
    }
    out.roles.push_back(std::move(*role));
  }
  if (auto policies = ops::read_members(*xml, result, "Policies", out.policies, parse_managed_policy_detail);
      !policies) {
    return fail(policies.error());
  }
  if (auto users = ops::read_members(*xml, result, "UserDetailList", out.users, parse_user_detail); !users) {
    return fail(users.error());
  }
  if (auto groups = ops::read_members(*xml, result, "GroupDetailList", out.groups, parse_group_detail); !groups) {
    return fail(groups.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void get_account_authorization_details(AwsCaller& caller, const GetAccountAuthorizationDetailsRequest& request,
                                       ops::OpCallback<GetAccountAuthorizationDetailsResponse> done) {
  ops::run_op<GetAccountAuthorizationDetailsResponse>(caller, get_account_authorization_details_call(request),
                                                      parse_get_account_authorization_details, std::move(done));
}

void merge_authorization_details(GetAccountAuthorizationDetailsResponse& into,
                                 GetAccountAuthorizationDetailsResponse&& page) {
  ProfileSet profiles(into.profiles);
  merge_into(into, profiles, std::move(page));
}

void get_account_authorization_details_all(AwsCaller& caller, GetAccountAuthorizationDetailsRequest request,
                                           ops::OpCallback<GetAccountAuthorizationDetailsResponse> done) {
  using Response = GetAccountAuthorizationDetailsResponse;
  auto merged = std::make_shared<Merged>();
  paginate_pages<Response>(
      caller,
      [request = std::move(request)](const std::string& token) {
        GetAccountAuthorizationDetailsRequest page = request;
        if (!token.empty()) page.marker = token;
        return get_account_authorization_details_call(page);
      },
      [](ServiceResponse response) { return parse_get_account_authorization_details(response.body); },
      [](const Response& page) { return page.is_truncated ? page.marker : std::string(); },
      [merged](Response&& page) { merge_into(merged->response, merged->profiles, std::move(page)); },
      [merged, done = std::move(done)](Result<void> outcome) {
        if (!outcome) {
          done(fail(outcome.error().with_context("iam")));
          return;
        }
        done(std::move(merged->response));
      });
}

}  // namespace rolecall::aws::iam
