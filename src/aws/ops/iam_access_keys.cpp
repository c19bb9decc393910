#include "aws/ops/iam_access_keys.h"

#include "aws/ops/iam_all_pages.h"
#include "aws/ops/query_xml.h"
#include "base/iso8601.h"

namespace rolecall::aws::iam {
namespace {

Result<AccessKeyMetadata> read_key(const ops::QueryXml& xml, pugi::xml_node m, const std::string& where) {
  AccessKeyMetadata key;
  auto id = ops::required_text(xml, m, "AccessKeyId", where);
  if (!id) return fail(id.error());
  auto status = ops::required_text(xml, m, "Status", where);
  if (!status) return fail(status.error());
  key.access_key_id = std::move(*id);
  key.status = std::move(*status);
  key.user_name = xml::child_string(m, "UserName");
  key.create_date = xml::child_string(m, "CreateDate");
  return key;
}

void append_keys(ListAccessKeysResponse& into, ListAccessKeysResponse&& page) {
  into.keys.insert(into.keys.end(), std::make_move_iterator(page.keys.begin()),
                   std::make_move_iterator(page.keys.end()));
}

void append_users(ListUsersResponse& into, ListUsersResponse&& page) {
  into.user_names.insert(into.user_names.end(), std::make_move_iterator(page.user_names.begin()),
                         std::make_move_iterator(page.user_names.end()));
}

Result<std::string> read_user_name(const ops::QueryXml& xml, pugi::xml_node m, const std::string& where) {
  return ops::required_text(xml, m, "UserName", where);
}

}  // namespace

ServiceCall get_access_key_last_used_call(const GetAccessKeyLastUsedRequest& request) {
  return make_call("GetAccessKeyLastUsed", {{"AccessKeyId", request.access_key_id}});
}

Result<GetAccessKeyLastUsedResponse> parse_get_access_key_last_used(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:GetAccessKeyLastUsed", "GetAccessKeyLastUsed");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  auto user = ops::required_text(*xml, result, "UserName", "GetAccessKeyLastUsedResult");
  if (!user) return fail(user.error());
  GetAccessKeyLastUsedResponse out;
  out.user_name = std::move(*user);
  const pugi::xml_node used = xml::child(result, "AccessKeyLastUsed");
  if (!used) return fail(xml->missing("AccessKeyLastUsed"));
  out.last_used_date = xml::child_string(used, "LastUsedDate");
  if (!out.last_used_date.empty() && !base::parse_iso8601(out.last_used_date)) {
    return fail(xml->invalid("AccessKeyLastUsed/LastUsedDate is not an ISO 8601 date"));
  }
  out.service_name = xml::child_string(used, "ServiceName");
  out.region = xml::child_string(used, "Region");
  return out;
}

void get_access_key_last_used(AwsCaller& caller, const GetAccessKeyLastUsedRequest& request,
                              ops::OpCallback<GetAccessKeyLastUsedResponse> done) {
  ops::run_op<GetAccessKeyLastUsedResponse>(caller, get_access_key_last_used_call(request),
                                            parse_get_access_key_last_used, std::move(done));
}

ServiceCall list_access_keys_call(const ListAccessKeysRequest& request) {
  QueryParams params;
  if (!request.user_name.empty()) params.emplace_back("UserName", request.user_name);
  add_paging(params, request.max_items, request.marker);
  return make_call("ListAccessKeys", std::move(params));
}

Result<ListAccessKeysResponse> parse_list_access_keys(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListAccessKeys", "ListAccessKeys");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListAccessKeysResponse out;
  if (auto keys = ops::read_members(*xml, result, "AccessKeyMetadata", out.keys, read_key); !keys) {
    return fail(keys.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_access_keys_all(AwsCaller& caller, ListAccessKeysRequest request,
                          ops::OpCallback<ListAccessKeysResponse> done) {
  ops::all_marker_pages<ListAccessKeysRequest, ListAccessKeysResponse>(
      caller, std::move(request), list_access_keys_call, parse_list_access_keys, append_keys, "iam", std::move(done));
}

ServiceCall update_access_key_call(const UpdateAccessKeyRequest& request) {
  return make_call(
      "UpdateAccessKey",
      {{"UserName", request.user_name}, {"AccessKeyId", request.access_key_id}, {"Status", request.status}},
      ApiClass::kMutate);
}

Result<UpdateAccessKeyResponse> parse_update_access_key(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:UpdateAccessKey", "UpdateAccessKey");
  if (!xml) return fail(xml.error());
  return UpdateAccessKeyResponse{xml->request_id()};
}

void update_access_key(AwsCaller& caller, const UpdateAccessKeyRequest& request,
                       ops::OpCallback<UpdateAccessKeyResponse> done) {
  if (request.user_name.empty()) return ops::reject(done, "iam:UpdateAccessKey", "UserName is empty");
  if (request.access_key_id.empty()) return ops::reject(done, "iam:UpdateAccessKey", "AccessKeyId is empty");
  if (request.status != "Active" && request.status != "Inactive") {
    return ops::reject(done, "iam:UpdateAccessKey", "Status must be Active or Inactive");
  }
  ops::run_op<UpdateAccessKeyResponse>(caller, update_access_key_call(request), parse_update_access_key,
                                       std::move(done));
}

ServiceCall list_users_call(const ListUsersRequest& request) {
  QueryParams params;
  add_paging(params, request.max_items, request.marker);
  return make_call("ListUsers", std::move(params));
}

Result<ListUsersResponse> parse_list_users(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListUsers", "ListUsers");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListUsersResponse out;
  if (auto users = ops::read_members(*xml, result, "Users", out.user_names, read_user_name); !users) {
    return fail(users.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_users_all(AwsCaller& caller, ListUsersRequest request, ops::OpCallback<ListUsersResponse> done) {
  ops::all_marker_pages<ListUsersRequest, ListUsersResponse>(caller, std::move(request), list_users_call,
                                                             parse_list_users, append_users, "iam", std::move(done));
}

}  // namespace rolecall::aws::iam
