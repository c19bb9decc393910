#include "aws/ops/ec2_profile_associations.h"

#include <utility>

#include <fmt/format.h>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

namespace {

ProfileAssociation read_association(pugi::xml_node node) {
  ProfileAssociation a;
  a.association_id = xml::child_string(node, "associationId");
  a.instance_id = xml::child_string(node, "instanceId");
  a.profile_arn = std::string(xml::path_text(node, {"iamInstanceProfile", "arn"}));
  a.profile_id = std::string(xml::path_text(node, {"iamInstanceProfile", "id"}));
  a.state = xml::child_string(node, "state");
  return a;
}

void add_profile(QueryParams& params, const ProfileSpec& profile) {
  if (!profile.arn.empty()) {
    params.emplace_back("IamInstanceProfile.Arn", profile.arn);
  } else {
    params.emplace_back("IamInstanceProfile.Name", profile.name);
  }
}

// Validates and sends one mutating association call.
void mutate(AwsCaller& caller, const std::string& region, std::string action, QueryParams params, bool dry_run,
            Callback<ProfileAssociationResponse> done) {
  if (dry_run) {
    done(std::unexpected(
        Error::invalid_argument(fmt::format("{}: the EC2 API has no DryRun for this action; nothing was sent", action))
            .with_code(std::string(kDryRunUnsupported))));
    return;
  }
  std::string name = action;
  ops::run_op<ProfileAssociationResponse>(
      caller, make_call(region, std::move(action), std::move(params), ApiClass::kMutate),
      [name](std::string body) { return parse_profile_association(std::move(body), name); }, std::move(done));
}

// Associate and Replace: the instance or association named by `id` ({"InstanceId", "i-..."}),
// given the profile `profile`.
void send_with_profile(AwsCaller& caller, const std::string& region, std::string_view action,
                       const std::pair<std::string_view, std::string>& id, const ProfileSpec& profile, bool dry_run,
                       Callback<ProfileAssociationResponse> done) {
  if (id.second.empty()) return ops::reject(done, action, fmt::format("{} is required", id.first));
  if ((profile.arn.empty() ? profile.name : profile.arn).empty()) {
    return ops::reject(done, action, "IamInstanceProfile Arn or Name is required");
  }
  QueryParams params{{std::string(id.first), id.second}};
  add_profile(params, profile);
  mutate(caller, region, std::string(action), std::move(params), dry_run, std::move(done));
}

}  // namespace

Result<DescribeProfileAssociationsResponse> parse_describe_profile_associations(std::string body) {
  DescribeProfileAssociationsResponse out;
  auto xml = parse_page(std::move(body), "DescribeIamInstanceProfileAssociations", out);
  if (!xml) return fail(xml.error());
  for (pugi::xml_node item : xml::items(xml->root(), "iamInstanceProfileAssociationSet")) {
    out.associations.push_back(read_association(item));
  }
  return out;
}

Result<ProfileAssociationResponse> parse_profile_association(std::string body, std::string_view action) {
  auto xml = ops::QueryXml::parse(std::move(body), action, action);
  if (!xml) return fail(xml.error());
  pugi::xml_node node = xml::child(xml->root(), "iamInstanceProfileAssociation");
  if (!node) return fail(xml->invalid("response has no <iamInstanceProfileAssociation>"));
  ProfileAssociationResponse out;
  out.association = read_association(node);
  out.request_id = xml->request_id();
  return out;
}

ServiceCall describe_profile_associations_call(const std::string& region,
                                               const DescribeProfileAssociationsRequest& request) {
  QueryParams params;
  add_ec2_list(params, "AssociationId", request.association_ids);
  if (!request.instance_ids.empty()) add_ec2_filter(params, "instance-id", request.instance_ids);
  if (!request.states.empty()) add_ec2_filter(params, "state", request.states);
  add_paging(params, request.max_results, request.next_token);
  return make_call(region, "DescribeIamInstanceProfileAssociations", std::move(params));
}

void describe_profile_associations(AwsCaller& caller, const std::string& region,
                                   const DescribeProfileAssociationsRequest& request,
                                   Callback<DescribeProfileAssociationsResponse> done) {
  ops::run_op<DescribeProfileAssociationsResponse>(caller, describe_profile_associations_call(region, request),
                                                   parse_describe_profile_associations, std::move(done));
}

void describe_all_profile_associations(AwsCaller& caller, const std::string& region,
                                       DescribeProfileAssociationsRequest request,
                                       std::function<void(DescribeProfileAssociationsResponse&&)> on_page,
                                       PaginationDone done) {
  paginate_pages<DescribeProfileAssociationsResponse>(
      caller,
      [region, request = std::move(request)](const std::string& token) {
        DescribeProfileAssociationsRequest page = request;
        if (!token.empty()) page.next_token = token;
        return describe_profile_associations_call(region, page);
      },
      [](ServiceResponse response) { return parse_describe_profile_associations(std::move(response.body)); },
      [](const DescribeProfileAssociationsResponse& page) { return page.next_token; }, std::move(on_page),
      std::move(done));
}

void associate_profile(AwsCaller& caller, const std::string& region, const AssociateProfileRequest& request,
                       Callback<ProfileAssociationResponse> done) {
  send_with_profile(caller, region, "AssociateIamInstanceProfile", {"InstanceId", request.instance_id}, request.profile,
                    request.dry_run, std::move(done));
}

void replace_profile(AwsCaller& caller, const std::string& region, const ReplaceProfileRequest& request,
                     Callback<ProfileAssociationResponse> done) {
  send_with_profile(caller, region, "ReplaceIamInstanceProfileAssociation", {"AssociationId", request.association_id},
                    request.profile, request.dry_run, std::move(done));
}

void disassociate_profile(AwsCaller& caller, const std::string& region, const DisassociateProfileRequest& request,
                          Callback<ProfileAssociationResponse> done) {
  constexpr std::string_view kOp = "DisassociateIamInstanceProfile";
  if (request.association_id.empty()) return ops::reject(done, kOp, "AssociationId is required");
  mutate(caller, region, std::string(kOp), {{"AssociationId", request.association_id}}, request.dry_run,
         std::move(done));
}

}  // namespace rolecall::aws::ec2
