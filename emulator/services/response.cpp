#include "emulator/services/response.h"

#include "base/json_text.h"

namespace rolecall::emulator {

const char* xml_namespace(Service service) {
  switch (service) {
    case Service::kEc2: return "http://ec2.amazonaws.com/doc/2016-11-15/";
    case Service::kIam: return "https://iam.amazonaws.com/doc/2010-05-08/";
    case Service::kSts: return "https://sts.amazonaws.com/doc/2011-06-15/";
    case Service::kAutoScaling: return "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    case Service::kOrganizations:
    case Service::kCloudTrail:
    case Service::kSecurityHub: return "";
    case Service::kSqs: return "http://queue.amazonaws.com/doc/2012-11-05/";
    case Service::kS3: return "http://s3.amazonaws.com/doc/2006-03-01/";
  }
  return "";
}

XmlWriter begin_response(const RequestContext& ctx) {
  XmlWriter w;
  w.buffer().reserve(4096);
  w.open_ns(ctx.action + "Response", xml_namespace(ctx.service));
  if (ctx.service == Service::kEc2) {
    w.leaf("requestId", ctx.request_id);
  } else {
    w.open(ctx.action + "Result");
  }
  return w;
}

Reply end_response(XmlWriter& w, const RequestContext& ctx) {
  if (ctx.service != Service::kEc2) {
    w.close(ctx.action + "Result");
    w.open("ResponseMetadata").leaf("RequestId", ctx.request_id).close("ResponseMetadata");
  }
  w.close(ctx.action + "Response");
  Reply r;
  r.body = w.take();
  return r;
}

Reply no_output_response(const RequestContext& ctx) {
  XmlWriter w;
  w.open_ns(ctx.action + "Response", xml_namespace(ctx.service));
  w.open("ResponseMetadata").leaf("RequestId", ctx.request_id).close("ResponseMetadata");
  w.close(ctx.action + "Response");
  Reply r;
  r.body = w.take();
  return r;
}

Reply json_reply(const nlohmann::json& body) {
  Reply r;
  r.body = base::json_text(body);
  r.content_type = "application/x-amz-json-1.1";
  return r;
}

}  // namespace rolecall::emulator
