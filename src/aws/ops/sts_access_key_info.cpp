#include "aws/ops/sts_access_key_info.h"

#include "aws/ops/query_xml.h"
#include "aws/ops/sts.h"

namespace rolecall::aws::sts {

ServiceCall get_access_key_info_call(const GetAccessKeyInfoRequest& request) {
  return ops::make_query_call(ops::kSts, sts_region(request.region), "GetAccessKeyInfo",
                              {{"AccessKeyId", request.access_key_id}});
}

Result<GetAccessKeyInfoResponse> parse_get_access_key_info(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "sts:GetAccessKeyInfo", "GetAccessKeyInfo");
  if (!xml) return fail(xml.error());
  auto account = ops::required_text(*xml, xml->result(), "Account", "GetAccessKeyInfoResult");
  if (!account) return fail(account.error());
  return GetAccessKeyInfoResponse{std::move(*account)};
}

void get_access_key_info(AwsCaller& caller, const GetAccessKeyInfoRequest& request,
                         ops::OpCallback<GetAccessKeyInfoResponse> done) {
  ops::run_op<GetAccessKeyInfoResponse>(caller, get_access_key_info_call(request), parse_get_access_key_info,
                                        std::move(done));
}

}  // namespace rolecall::aws::sts
