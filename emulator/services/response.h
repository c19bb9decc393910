#pragma once
// Success envelopes: EC2 <XResponse><requestId/>..., IAM/STS <XResponse><XResult/>
// <ResponseMetadata><RequestId/></ResponseMetadata>, Organizations JSON.

#include <nlohmann/json.hpp>

#include "emulator/common/xml_writer.h"
#include "emulator/services/service.h"

namespace rolecall::emulator {

// Opens `<ActionResponse xmlns=..>` and, for IAM/STS, `<ActionResult>`; EC2 gets <requestId> first.
XmlWriter begin_response(const RequestContext& ctx);
// Closes what begin_response opened (IAM/STS add ResponseMetadata) and wraps it in a Reply.
Reply end_response(XmlWriter& writer, const RequestContext& ctx);
// The reply of a Query (IAM, STS, Auto Scaling) operation with no output:
// <XResponse><ResponseMetadata/></XResponse>.
Reply no_output_response(const RequestContext& ctx);
// An Organizations JSON reply.
Reply json_reply(const nlohmann::json& body);

// The XML namespace of a Query service's responses ("" for Organizations).
const char* xml_namespace(Service service);

}  // namespace rolecall::emulator
