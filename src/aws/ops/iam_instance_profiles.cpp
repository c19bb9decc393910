#include "aws/ops/iam_instance_profiles.h"

#include "aws/ops/iam_all_pages.h"
#include "aws/ops/query_xml.h"

namespace rolecall::aws::iam {
namespace {

// Parses the single <InstanceProfile> of a Get/Create response.
Result<ProfileWithRoles> parse_single_profile(std::string_view body, std::string_view operation,
                                              std::string_view action) {
  auto xml = ops::QueryXml::parse_result(body, operation, action);
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  const pugi::xml_node node = xml::child(result, "InstanceProfile");
  if (!node) return fail(xml->missing("InstanceProfile"));
  return parse_instance_profile(*xml, node, "InstanceProfile");
}

// One InstanceProfiles member, with its roles in full.
Result<ProfileWithRoles> read_profile(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  return parse_instance_profile(xml, node, where);
}

void append_profiles(ListInstanceProfilesResponse& into, ListInstanceProfilesResponse&& page) {
  into.profiles.insert(into.profiles.end(), std::make_move_iterator(page.profiles.begin()),
                       std::make_move_iterator(page.profiles.end()));
}

}  // namespace

ServiceCall get_instance_profile_call(const GetInstanceProfileRequest& request) {
  return make_call("GetInstanceProfile", {{"InstanceProfileName", request.instance_profile_name}});
}

Result<GetInstanceProfileResponse> parse_get_instance_profile(std::string_view body) {
  auto profile = parse_single_profile(body, "iam:GetInstanceProfile", "GetInstanceProfile");
  if (!profile) return fail(profile.error());
  return GetInstanceProfileResponse{std::move(*profile)};
}

void get_instance_profile(AwsCaller& caller, const GetInstanceProfileRequest& request,
                          ops::OpCallback<GetInstanceProfileResponse> done) {
  if (request.instance_profile_name.empty()) {
    return ops::reject(done, "iam:GetInstanceProfile", "InstanceProfileName is empty");
  }
  ops::run_op<GetInstanceProfileResponse>(caller, get_instance_profile_call(request), parse_get_instance_profile,
                                          std::move(done));
}

ServiceCall list_instance_profiles_call(const ListInstanceProfilesRequest& request) {
  QueryParams params;
  if (!request.path_prefix.empty()) params.emplace_back("PathPrefix", request.path_prefix);
  add_paging(params, request.max_items, request.marker);
  return make_call("ListInstanceProfiles", std::move(params));
}

Result<ListInstanceProfilesResponse> parse_list_instance_profiles(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListInstanceProfiles", "ListInstanceProfiles");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListInstanceProfilesResponse out;
  if (auto profiles = ops::read_members(*xml, result, "InstanceProfiles", out.profiles, read_profile); !profiles) {
    return fail(profiles.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_instance_profiles(AwsCaller& caller, const ListInstanceProfilesRequest& request,
                            ops::OpCallback<ListInstanceProfilesResponse> done) {
  ops::run_op<ListInstanceProfilesResponse>(caller, list_instance_profiles_call(request), parse_list_instance_profiles,
                                            std::move(done));
}

void list_instance_profiles_all(AwsCaller& caller, ListInstanceProfilesRequest request,
                                ops::OpCallback<ListInstanceProfilesResponse> done) {
  ops::all_marker_pages<ListInstanceProfilesRequest, ListInstanceProfilesResponse>(
      caller, std::move(request), list_instance_profiles_call, parse_list_instance_profiles, append_profiles, "iam",
      std::move(done));
}

ServiceCall create_instance_profile_call(const CreateInstanceProfileRequest& request) {
  QueryParams params{{"InstanceProfileName", request.instance_profile_name}};
  if (!request.path.empty()) params.emplace_back("Path", request.path);
  return make_call("CreateInstanceProfile", std::move(params), ApiClass::kMutate);
}

Result<CreateInstanceProfileResponse> parse_create_instance_profile(std::string_view body) {
  auto profile = parse_single_profile(body, "iam:CreateInstanceProfile", "CreateInstanceProfile");
  if (!profile) return fail(profile.error());
  return CreateInstanceProfileResponse{std::move(profile->profile)};
}

void create_instance_profile(AwsCaller& caller, const CreateInstanceProfileRequest& request,
                             ops::OpCallback<CreateInstanceProfileResponse> done) {
  if (request.instance_profile_name.empty()) {
    return ops::reject(done, "iam:CreateInstanceProfile", "InstanceProfileName is empty");
  }
  ops::run_op<CreateInstanceProfileResponse>(caller, create_instance_profile_call(request),
                                             parse_create_instance_profile, std::move(done));
}

ServiceCall add_role_to_instance_profile_call(const AddRoleToInstanceProfileRequest& request) {
  return make_call("AddRoleToInstanceProfile",
                   {{"InstanceProfileName", request.instance_profile_name}, {"RoleName", request.role_name}},
                   ApiClass::kMutate);
}

Result<AddRoleToInstanceProfileResponse> parse_add_role_to_instance_profile(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:AddRoleToInstanceProfile", "AddRoleToInstanceProfile");
  if (!xml) return fail(xml.error());
  return AddRoleToInstanceProfileResponse{xml->request_id()};
}

void add_role_to_instance_profile(AwsCaller& caller, const AddRoleToInstanceProfileRequest& request,
                                  ops::OpCallback<AddRoleToInstanceProfileResponse> done) {
  if (request.instance_profile_name.empty()) {
    return ops::reject(done, "iam:AddRoleToInstanceProfile", "InstanceProfileName is empty");
  }
  if (request.role_name.empty()) return ops::reject(done, "iam:AddRoleToInstanceProfile", "RoleName is empty");
  ops::run_op<AddRoleToInstanceProfileResponse>(caller, add_role_to_instance_profile_call(request),
                                                parse_add_role_to_instance_profile, std::move(done));
}

}  // namespace rolecall::aws::iam
