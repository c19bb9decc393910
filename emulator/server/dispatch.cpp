#include "emulator/server/dispatch.h"

#include <algorithm>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aws/protocol/query.h"
#include "emulator/server/auth.h"
#include "emulator/services/cloudtrail/operations.h"
#include "emulator/services/cloudtrail/record.h"
#include "emulator/services/model/model.h"
#include "emulator/services/registry.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/securityhub/operations.h"
#include "emulator/services/sqs/event_queue.h"
#include "emulator/services/sqs/operations.h"
#include "emulator/services/sqs/query_compat.h"
#include "emulator/services/sso/operations.h"

namespace rolecall::emulator {
namespace {

std::optional<Service> service_from_scope(const std::string& name) {
  if (name == "ec2") return Service::kEc2;
  if (name == "iam") return Service::kIam;
  if (name == "sts") return Service::kSts;
  if (name == "organizations") return Service::kOrganizations;
  if (name == "autoscaling") return Service::kAutoScaling;
  if (name == "securityhub") return Service::kSecurityHub;
  if (name == "cloudtrail") return Service::kCloudTrail;
  if (name == "s3") return Service::kS3;
  if (name == "sqs") return Service::kSqs;
  return std::nullopt;
}

// Best guess of the service of an unsigned request, so its error has the right shape.
Service guess_service(const aws::HttpRequest& request, const Params& params) {
  std::string target = request.header("X-Amz-Target");
  if (target.starts_with("AWSOrganizations")) return Service::kOrganizations;
  if (target.starts_with(cloudtrail::kTargetPrefix)) return Service::kCloudTrail;
  if (target.starts_with(sqs::kTargetPrefix)) return Service::kSqs;
  std::string host = request.header("Host");
  if (host.starts_with("iam.")) return Service::kIam;
  if (host.starts_with("sts.")) return Service::kSts;
  if (host.starts_with("autoscaling.")) return Service::kAutoScaling;
  std::string action = params.value("Action");
  if (find_operation(Service::kSts, action)) return Service::kSts;
  if (find_operation(Service::kIam, action)) return Service::kIam;
  return Service::kEc2;
}

std::string query_of(const std::string& url) {
  auto q = url.find('?');
  return q == std::string::npos ? std::string() : url.substr(q + 1);
}

ApiError unknown_action(Service service, const std::string& action) {
  switch (service) {
    case Service::kEc2:
      return {400, "InvalidAction", fmt::format("The action {} is not valid for this web service.", action), true};
    case Service::kOrganizations:
    case Service::kCloudTrail:
    case Service::kSqs: return {400, "UnknownOperationException", fmt::format("Unknown operation {}", action), true};
    case Service::kSecurityHub:
      return {404, "UnknownOperationException", fmt::format("Unknown operation {}", action), true};
    case Service::kIam:
      return {400, "InvalidAction", fmt::format("Could not find operation {} for version 2010-05-08", action), true};
    case Service::kSts:
      return {400, "InvalidAction", fmt::format("Could not find operation {} for version 2011-06-15", action), true};
    case Service::kAutoScaling:
      return {400, "InvalidAction", fmt::format("Could not find operation {} for version 2011-01-01", action), true};
    case Service::kS3:
      return {405, "MethodNotAllowed",
              fmt::format("The specified method is not allowed against this resource: {}", action), true};
  }
  return {};
}

ApiError fault_error(Service service, Fault fault) {
  if (fault == Fault::kInternal) {
    if (service == Service::kEc2) return {500, "InternalError", "An internal error has occurred", false};
    if (service == Service::kOrganizations) return {500, "ServiceException", "An internal error occurred.", false};
    if (service == Service::kSecurityHub) return {500, "InternalException", "Internal service failure.", false};
    if (service == Service::kCloudTrail) return {500, "InternalFailure", "An internal error occurred.", false};
    if (service == Service::kS3)
      return {500, "InternalError", "We encountered an internal error. Please try again.", false};
    return {500, "InternalFailure", "An internal error occurred.", false};
  }
  if (service == Service::kEc2)
    return {503, "Unavailable", "The server is overloaded and can't handle the request.", false};
  if (service == Service::kOrganizations || service == Service::kSecurityHub)
    return {503, "ServiceUnavailableException", "Service unavailable.", false};
  if (service == Service::kS3) return {503, "SlowDown", "Please reduce your request rate.", false};
  return {503, "ServiceUnavailable", "Service is unable to handle request.", false};
}

// `out` answering with a handler's reply (SSO's REST routes and the signed services alike).
DispatchOutcome with_reply(DispatchOutcome out, Reply reply, const std::string& request_id) {
  out.response.status = reply.status;
  out.response.body = std::move(reply.body);
  out.response.content_type = std::move(reply.content_type);
  out.response.headers.emplace_back("x-amzn-RequestId", request_id);
  for (auto& header : reply.headers) out.response.headers.push_back(std::move(header));
  return out;
}

}  // namespace

Service request_service(const aws::HttpRequest& request) {
  if (auto auth = aws::sigv4::parse_authorization(request)) {
    if (auto s = service_from_scope(auth->service)) return *s;
  }
  aws::QueryParams raw;
  if (!aws::decode_form(query_of(request.url), raw)) raw.clear();
  return guess_service(request, Params(std::move(raw)));
}

std::vector<std::string> Dispatcher::model_mismatches() const {
  std::lock_guard lock(mismatch_mutex_);
  return mismatches_;
}

void Dispatcher::record_mismatch(std::string what, const std::string& request_id) {
  if (core_.options.log) core_.options.log(fmt::format("{} outside the service model: {}", request_id, what));
  std::lock_guard lock(mismatch_mutex_);
  if (mismatches_.size() < 100) mismatches_.push_back(std::move(what));
}

std::optional<ApiError> Dispatcher::check_model(Service service, const std::string& action, const Params& params,
                                                const std::string& request_id) {
  std::string name = service_name(service);
  const std::string* version = params.get("Version");
  bool has_version = version && !version->empty();
  if (service == Service::kEc2 && !has_version) {
    // EC2 serves every API version it ever published, but a request must name one.
    record_mismatch(fmt::format("{} {}: no Version", name, action), request_id);
    return ApiError{400, "MissingParameter", "The request must contain the parameter Version", true};
  }
  if (service != Service::kEc2) {
    std::string_view api = service == Service::kIam           ? "2010-05-08"
                           : service == Service::kAutoScaling ? "2011-01-01"
                                                              : "2011-06-15";
    if (!has_version || *version != api) {
      record_mismatch(fmt::format("{} {}: Version {}", name, action, has_version ? *version : "missing"), request_id);
      return ApiError{400, "InvalidAction",
                      fmt::format("Could not find operation {} for version {}", action,
                                  has_version ? *version : std::string("NO_VERSION_SPECIFIED")),
                      true};
    }
  }
  model::ParameterCheck check = model::check_parameters(name, action, params);
  if (!check.modelled) {
    record_mismatch(fmt::format("{} {}: not in the generated model (scripts/gen_emulator_model.py)", name, action),
                    request_id);
    return std::nullopt;
  }
  if (!check.unknown.empty()) {
    record_mismatch(fmt::format("{} {}: {}", name, action, fmt::join(check.unknown, " ")), request_id);
    // EC2 and Auto Scaling refuse what their model does not define; IAM and STS document no such
    // error and do not refuse one, so there the parameter is ignored (and recorded above).
    if (service == Service::kEc2 || service == Service::kAutoScaling)
      return ApiError{400, "UnknownParameter", fmt::format("The parameter {} is not recognized", check.unknown.front()),
                      true};
  }
  if (check.missing.empty()) return std::nullopt;
  record_mismatch(fmt::format("{} {}: missing {}", name, action, fmt::join(check.missing, " ")), request_id);
  return model::missing_member_error(service, check.missing);
}

std::string make_request_id(std::uint64_t salt, std::uint64_t seq) {
  std::uint64_t a = mix64(salt ^ seq);
  std::uint64_t b = mix64(a ^ 0x5bd1e995ULL);
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                     0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

DispatchOutcome Dispatcher::handle(const aws::HttpRequest& request, const std::string& source_ip) {
  std::uint64_t seq = ++core_.seq;
  std::string request_id = make_request_id(core_.request_id_salt, seq);
  try {
    return handle_unguarded(request, seq, request_id, source_ip);
  } catch (const std::exception& e) {
    // A handler bug must not take the server down; answer as AWS does for its own faults.
    DispatchOutcome out;
    out.response =
        render_error(Service::kEc2, {500, "InternalError", "An internal error has occurred", false}, request_id);
    if (core_.options.log) core_.options.log(fmt::format("{} internal error: {}", request_id, e.what()));
    return out;
  }
}

DispatchOutcome Dispatcher::handle_sso(const sso::SsoOperation& op, const aws::HttpRequest& request, std::uint64_t seq,
                                       const std::string& request_id) {
  DispatchOutcome out;
  out.summary = op.name;
  aws::QueryParams raw;
  bool query_ok = aws::decode_form(query_of(request.url), raw);
  nlohmann::json body;
  if (!request.body.empty()) body = nlohmann::json::parse(request.body, nullptr, false);
  sso::SsoRequest sso_request{core_, request, Params(std::move(raw)), std::move(body), core_.now()};
  auto reply_error = [&](const ApiError& e) {
    sso::render_sso_error(e, request_id, out.response.status, out.response.body, out.response.headers);
    out.response.content_type = "application/json";
    return out;
  };
  if (!query_ok)
    return reply_error({400, "InvalidRequestException", "The query string is not valid URL encoding", true});
  out.fault = draw_fault(core_.options.faults, seq);
  out.latency_ms = draw_latency_ms(core_.options.latency, core_.options.faults.seed, seq);
  if (out.fault == Fault::kInternal) return reply_error({500, "InternalServerException", "Internal error", false});
  if (out.fault == Fault::kUnavailable) return reply_error({503, "ServiceUnavailableException", "Unavailable", false});
  std::unique_lock<std::shared_mutex> write_lock(core_.mutex, std::defer_lock);
  std::shared_lock<std::shared_mutex> read_lock(core_.mutex, std::defer_lock);
  if (op.mutating)
    write_lock.lock();
  else
    read_lock.lock();
  auto result = op.handler(sso_request);
  if (!result) return reply_error(result.error());
  return with_reply(std::move(out), std::move(*result), request_id);
}

DispatchOutcome Dispatcher::handle_unguarded(const aws::HttpRequest& request, std::uint64_t seq,
                                             const std::string& request_id, const std::string& source_ip) {
  // IAM Identity Center is REST-JSON and unsigned: routed by method and path, before SigV4.
  std::string_view path = std::string_view(request.url).substr(0, request.url.find('?'));
  if (auto scheme = path.find("://"); scheme != std::string_view::npos) {
    path.remove_prefix(scheme + 3);
    auto slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
  }
  if (const sso::SsoOperation* op = sso::find_operation(request.method, path)) {
    return handle_sso(*op, request, seq, request_id);
  }
  DispatchOutcome out;
  TimePoint now = core_.now();
  aws::QueryParams raw;
  bool params_ok = aws::decode_form(query_of(request.url), raw);
  std::string content_type = request.header("Content-Type");
  bool json_body = content_type.find("json") != std::string::npos;
  if (params_ok && request.method == "POST" && !json_body && !request.body.empty()) {
    params_ok = aws::decode_form(request.body, raw);
  }
  std::string security_token;
  for (const auto& [k, v] : raw) {
    if (k == "X-Amz-Security-Token") security_token = v;
  }
  if (std::string h = request.header("X-Amz-Security-Token"); !h.empty()) security_token = h;
  Params params(std::move(raw));

  auto auth = aws::sigv4::parse_authorization(request);
  Service service = Service::kEc2;
  std::string region = "us-east-1";
  if (auth) {
    auto s = service_from_scope(auth->service);
    if (!s) {
      out.response = render_error(
          guess_service(request, params),
          {400, "InvalidAction", "Unknown service in the credential scope: " + auth->service, true}, request_id);
      return out;
    }
    service = *s;
    region = auth->region;
  } else {
    service = guess_service(request, params);
  }
  // SQS answers Query-protocol requests (no X-Amz-Target: older CLIs and SDKs) in XML.
  const bool sqs_query = service == Service::kSqs && request.header("X-Amz-Target").empty();
  auto reply_error = [&](const ApiError& e) {
    out.response = render_error(service, e, request_id);
    if (sqs_query) {
      out.response.body = sqs::query_error_body(e, request_id);
      out.response.content_type = "text/xml";
    }
    return out;
  };
  if (!params_ok)
    return reply_error({400, "MalformedQueryString", "The query string or form body is not valid URL encoding", true});

  RequestContext ctx{core_, service, {}, region, request_id, seq, now, std::move(params), {}, {}};
  if (service == Service::kSqs) ctx.host = request.header("Host");  // queue URLs name it; no other service reads it
  if (sqs_query) {
    ctx.action = ctx.params.value("Action");
    if (ctx.action.empty())
      return reply_error({400, "MissingParameter", "The request must contain the parameter Action", true});
    ctx.json = sqs::query_input(ctx.action, ctx.params);
  } else if (service == Service::kOrganizations || service == Service::kCloudTrail || service == Service::kSqs) {
    // JSON 1.1 (SQS: 1.0): the operation is named by X-Amz-Target, the input is the JSON body.
    std::string target = request.header("X-Amz-Target");
    std::string_view kPrefix = service == Service::kCloudTrail ? cloudtrail::kTargetPrefix
                               : service == Service::kSqs      ? sqs::kTargetPrefix
                                                               : std::string_view("AWSOrganizationsV20161128.");
    if (!target.starts_with(kPrefix))
      return reply_error({400, "UnknownOperationException", "Missing or unknown X-Amz-Target", true});
    ctx.action = target.substr(kPrefix.size());
    ctx.json = nlohmann::json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
    if (ctx.json.is_discarded() || !ctx.json.is_object()) {
      return reply_error({400, "SerializationException", "The request body is not a JSON object", true});
    }
  } else if (service == Service::kSecurityHub) {
    // REST-JSON: the operation is the route (method and path), the input the JSON body.
    ctx.action = std::string(securityhub::route(request.method, path));
    if (ctx.action.empty()) ctx.action = fmt::format("{} {}", request.method, path);
    ctx.json = nlohmann::json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
    if (ctx.json.is_discarded() || !ctx.json.is_object()) {
      return reply_error({400, "SerializationException", "The request body is not a JSON object", true});
    }
  } else if (service == Service::kS3) {
    // REST-XML, path-style: the operation is the method, path and query; bucket and key the path.
    s3::S3Route routed = s3::route(request.method, path, ctx.params);
    ctx.action = routed.action.empty() ? fmt::format("{} {}", request.method, path) : routed.action;
    ctx.json = {{"Bucket", std::move(routed.bucket)},
                {"Key", std::move(routed.key)},
                {"ContentType", request.header("Content-Type")}};
    ctx.body = request.body;
  } else {
    const std::string* action = ctx.params.get("Action");
    if (!action || action->empty())
      return reply_error({400, "MissingParameter", "The request must contain the parameter Action", true});
    ctx.action = *action;
  }
  const Operation* op = find_operation(service, ctx.action);
  out.summary = fmt::format("{} {}", service_name(service), ctx.action);

  out.fault = draw_fault(core_.options.faults, seq);
  out.latency_ms = draw_latency_ms(core_.options.latency, core_.options.faults.seed, seq);
  if (out.fault == Fault::kInternal || out.fault == Fault::kUnavailable)
    return reply_error(fault_error(service, out.fault));

  bool unsigned_ok = op && service == Service::kSts && ctx.action == "AssumeRoleWithWebIdentity";
  std::unique_lock<std::shared_mutex> write_lock(core_.mutex, std::defer_lock);
  std::shared_lock<std::shared_mutex> read_lock(core_.mutex, std::defer_lock);
  if (op && op->mutating)
    write_lock.lock();
  else
    read_lock.lock();

  if (!auth) {
    if (!unsigned_ok) return reply_error(missing_authentication(service));
  } else {
    auto caller = authenticate(core_, request, *auth, service, region, security_token, now);
    if (!caller) return reply_error(caller.error());
    ctx.caller = std::move(*caller);
    out.summary += " " + ctx.caller.account_id;
  }
  if (!op) return reply_error(unknown_action(service, ctx.action));
  if (service != Service::kOrganizations && service != Service::kSecurityHub && service != Service::kCloudTrail &&
      service != Service::kS3 && service != Service::kSqs) {
    if (auto refused = check_model(service, ctx.action, ctx.params, request_id)) return reply_error(*refused);
  }

  if (core_.options.throttle && auth) {
    bool unfiltered = service == Service::kEc2 && ctx.action == "DescribeInstances" && !ctx.params.get("MaxResults") &&
                      ctx.params.list("InstanceId").empty() && ctx.params.filters().empty();
    // An unfiltered, unpaginated DescribeInstances draws from a bucket of its own (EC2 "Request
    // throttling": 50, refilled at 10/s), apart from the same action's filtered or paged calls.
    // Global services (IAM, Organizations) have one bucket per account; the others one per region.
    // EC2 and Security Hub limit each operation separately.
    bool regional = service != Service::kIam && service != Service::kOrganizations;  // CloudTrail: regional
    bool per_action = service == Service::kEc2 || service == Service::kSecurityHub;
    std::string key = fmt::format("{}|{}|{}|{}{}", ctx.caller.account_id, service_name(service), regional ? region : "",
                                  per_action ? ctx.action : "", unfiltered ? ":unfiltered" : "");
    if (!limiter_.try_take(key, bucket_for(service, op->mutating, unfiltered), now)) {
      return reply_error(throttling_error(service));
    }
  }

  // A long poll (SQS ReceiveMessage) waits without the estate's lock.
  if (service == Service::kSqs) {
    ctx.release_lock = [&] {
      if (read_lock.owns_lock()) read_lock.unlock();
      if (write_lock.owns_lock()) write_lock.unlock();
    };
  }
  auto result = op->handler(ctx);
  if (!result) return reply_error(result.error());
  // Data events (S3 object calls, SQS messages) are not recorded: decided before the lock upgrade.
  const bool is_data_event = (service == Service::kSqs && sqs::data_event(ctx.action)) ||
                             (service == Service::kS3 && s3::data_event(ctx.action));
  if (core_.options.record_calls && auth && !is_data_event) {
    // Recording writes the estate: a read holds the shared lock, so trade it for the unique one.
    if (read_lock.owns_lock()) read_lock.unlock();
    if (!write_lock.owns_lock()) write_lock.lock();
    auto recorded = cloudtrail::record_call(
        core_.estate, ctx.caller,
        {service, ctx.action, region, op->mutating, ctx.caller.source_ip.empty() ? source_ip : ctx.caller.source_ip,
         request.header("User-Agent"), request_id, &ctx.params, result->body},
        now);
    if (recorded && op->mutating) sqs::deliver_event(core_, *recorded, now);
  }
  if (sqs_query) result = sqs::query_reply(ctx, result->body);
  return with_reply(std::move(out), std::move(*result), request_id);
}

}  // namespace rolecall::emulator
