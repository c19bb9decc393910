#include "emulator/server/errors.h"

#include <fmt/format.h>

#include "base/json_text.h"
#include "emulator/common/xml_writer.h"
#include "emulator/services/response.h"
#include "emulator/services/sqs/operations.h"

namespace rolecall::emulator {

WireResponse render_error(Service service, const ApiError& error, const std::string& request_id) {
  WireResponse out;
  out.status = error.status;
  out.headers.emplace_back("x-amzn-RequestId", request_id);
  if (service == Service::kOrganizations || service == Service::kCloudTrail || service == Service::kSecurityHub) {
    // JSON 1.1 names the error in __type; REST-JSON (Security Hub) in its error shape's Code.
    // Both carry it in x-amzn-ErrorType too.
    const bool rest = service == Service::kSecurityHub;
    nlohmann::json body = {{rest ? "Code" : "__type", error.code}, {rest ? "Message" : "message", error.message}};
    out.body = base::json_text(body);
    out.content_type = rest ? "application/json" : "application/x-amz-json-1.1";
    out.headers.emplace_back("x-amzn-ErrorType", error.code);
    return out;
  }
  if (service == Service::kSqs) {
    // JSON 1.0, awsQueryCompatible: the error shape in __type, the Query API's code (which the
    // SDKs report) in x-amzn-query-error.
    nlohmann::json body = {{"__type", "com.amazonaws.sqs#" + error.code}, {"message", error.message}};
    out.body = base::json_text(body);
    out.content_type = "application/x-amz-json-1.0";
    out.headers.emplace_back("x-amzn-query-error", fmt::format("{};{}", sqs::query_error_code(error.code),
                                                               error.sender ? "Sender" : "Receiver"));
    return out;
  }
  XmlWriter w;
  if (service == Service::kS3) {
    // S3's bare <Error>, its request id in x-amz-request-id too.
    out.headers.emplace_back("x-amz-request-id", request_id);
    w.open("Error").leaf("Code", error.code).leaf("Message", error.message).leaf("RequestId", request_id);
    w.close("Error");
    out.body = w.take();
    out.content_type = "application/xml";
    return out;
  }
  if (service == Service::kEc2) {
    w.open("Response").open("Errors").open("Error").leaf("Code", error.code).leaf("Message", error.message);
    w.close("Error").close("Errors").leaf("RequestID", request_id).close("Response");
  } else {
    w.open_ns("ErrorResponse", xml_namespace(service)).open("Error");
    w.leaf("Type", error.sender ? "Sender" : "Receiver").leaf("Code", error.code).leaf("Message", error.message);
    w.close("Error").leaf("RequestId", request_id).close("ErrorResponse");
  }
  out.body = w.take();
  out.content_type = "text/xml;charset=UTF-8";
  return out;
}

}  // namespace rolecall::emulator
