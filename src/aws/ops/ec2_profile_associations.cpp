#include "aws/ops/ec2_profile_associations.h"

#include <utility>

#include <fmt/format.h>

#include "aws/protocol/xml.h"

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
  call_and_parse<ProfileAssociationResponse>(
      caller, make_call(region, std::move(action), std::move(params), ApiClass::kMutate),
      [name](ServiceResponse r) { return parse_profile_association(std::move(r.body), name); }, std::move(done));
}

Result<void> require(const std::string& value, std::string_view what, std::string_view action) {
  if (!value.empty()) return {};
  return fail(ErrorKind::kInvalidArgument, fmt::format("{}: {} is required", action, what));
}

}  // namespace

Result<DescribeProfileAssociationsResponse> parse_describe_profile_associations(std::string body) {
  constexpr std::string_view kOp = "DescribeIamInstanceProfileAssociations";
  auto doc = xml::Document::parse(std::move(body), kOp);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeIamInstanceProfileAssociationsResponse", kOp); !ok) {
    return std::unexpected(ok.error());
  }
  DescribeProfileAssociationsResponse out;
  pugi::xml_node root = doc->root();
  out.request_id = xml::request_id(root);
  out.next_token = xml::child_string(root, "nextToken");
  for (pugi::xml_node item : xml::items(root, "iamInstanceProfileAssociationSet")) {
    out.associations.push_back(read_association(item));
  }
  return out;
}

Result<ProfileAssociationResponse> parse_profile_association(std::string body, std::string_view action) {
  auto doc = xml::Document::parse(std::move(body), action);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, fmt::format("{}Response", action), action); !ok) {
    return std::unexpected(ok.error());
  }
  pugi::xml_node node = xml::child(doc->root(), "iamInstanceProfileAssociation");
  if (!node) {
    return fail(ErrorKind::kParse, fmt::format("{}: response has no <iamInstanceProfileAssociation>", action));
  }
  ProfileAssociationResponse out;
  out.association = read_association(node);
  out.request_id = xml::request_id(doc->root());
  return out;
}

void describe_profile_associations(AwsCaller& caller, const std::string& region,
                                   const DescribeProfileAssociationsRequest& request,
                                   Callback<DescribeProfileAssociationsResponse> done) {
  QueryParams params;
  add_ec2_list(params, "AssociationId", request.association_ids);
  if (!request.instance_ids.empty()) add_ec2_filter(params, "instance-id", request.instance_ids);
  if (!request.states.empty()) add_ec2_filter(params, "state", request.states);
  add_paging(params, request.max_results, request.next_token);
  call_and_parse<DescribeProfileAssociationsResponse>(
      caller, make_call(region, "DescribeIamInstanceProfileAssociations", std::move(params)),
      [](ServiceResponse r) { return parse_describe_profile_associations(std::move(r.body)); }, std::move(done));
}

void associate_profile(AwsCaller& caller, const std::string& region, const AssociateProfileRequest& request,
                       Callback<ProfileAssociationResponse> done) {
  constexpr std::string_view kOp = "AssociateIamInstanceProfile";
  for (auto check : {require(request.instance_id, "InstanceId", kOp),
                     require(request.profile.arn.empty() ? request.profile.name : request.profile.arn,
                             "IamInstanceProfile Arn or Name", kOp)}) {
    if (!check) return done(std::unexpected(check.error()));
  }
  QueryParams params;
  params.emplace_back("InstanceId", request.instance_id);
  add_profile(params, request.profile);
  mutate(caller, region, std::string(kOp), std::move(params), request.dry_run, std::move(done));
}

void replace_profile(AwsCaller& caller, const std::string& region, const ReplaceProfileRequest& request,
                     Callback<ProfileAssociationResponse> done) {
  constexpr std::string_view kOp = "ReplaceIamInstanceProfileAssociation";
  for (auto check : {require(request.association_id, "AssociationId", kOp),
                     require(request.profile.arn.empty() ? request.profile.name : request.profile.arn,
                             "IamInstanceProfile Arn or Name", kOp)}) {
    if (!check) return done(std::unexpected(check.error()));
  }
  QueryParams params;
  params.emplace_back("AssociationId", request.association_id);
  add_profile(params, request.profile);
  mutate(caller, region, std::string(kOp), std::move(params), request.dry_run, std::move(done));
}

void disassociate_profile(AwsCaller& caller, const std::string& region, const DisassociateProfileRequest& request,
                          Callback<ProfileAssociationResponse> done) {
  constexpr std::string_view kOp = "DisassociateIamInstanceProfile";
  if (auto check = require(request.association_id, "AssociationId", kOp); !check) {
    return done(std::unexpected(check.error()));
  }
  QueryParams params;
  params.emplace_back("AssociationId", request.association_id);
  mutate(caller, region, std::string(kOp), std::move(params), request.dry_run, std::move(done));
}

}  // namespace rolecall::aws::ec2
