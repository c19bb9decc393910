// STS: GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity (sessions the emulator then accepts).
#include <charconv>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/common/validate.h"
#include "emulator/services/authorize.h"
#include "emulator/services/response.h"
#include "emulator/services/sts/handlers.h"
#include "emulator/services/sts/web_identity.h"

namespace rolecall::emulator::sts {
namespace {

ApiError validation(std::string message) { return {400, "ValidationError", std::move(message), true}; }

struct RoleTarget {
  std::size_t account = 0;
  const RoleDef* role = nullptr;
  int duration = 3600;
  std::string session_name;
};

// RoleArn, RoleSessionName and DurationSeconds, with the role resolved (AccessDenied when absent).
std::expected<RoleTarget, ApiError> parse_target(RequestContext& ctx, const char* action) {
  const std::string* arn = ctx.params.get("RoleArn");
  if (!arn)
    return std::unexpected(validation(
        "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null"));
  const std::string* session = ctx.params.get("RoleSessionName");
  if (!session)
    return std::unexpected(
        validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member "
                   "must not be null"));
  if (!is_iam_name(*session, 2, 64)) {
    return std::unexpected(
        validation(fmt::format("1 validation error detected: Value '{}' at 'roleSessionName' failed to satisfy "
                               "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                               *session)));
  }
  RoleTarget t;
  t.session_name = *session;
  if (const std::string* d = ctx.params.get("DurationSeconds")) {
    auto [ptr, ec] = std::from_chars(d->data(), d->data() + d->size(), t.duration);
    if (d->empty() || ec != std::errc() || ptr != d->data() + d->size() || t.duration < 900 || t.duration > 43200) {
      return std::unexpected(
          validation(fmt::format("1 validation error detected: Value '{}' at 'durationSeconds' failed to satisfy "
                                 "constraint: Member must have value between 900 and 43200",
                                 *d)));
    }
    if (t.duration > 3600) {
      return std::unexpected(
          validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }
  }
  auto parsed = parse_iam_arn(*arn, "role");
  if (!parsed) return std::unexpected(validation(fmt::format("{} is invalid", *arn)));
  auto account = ctx.estate().account_index.find(parsed->account);
  const RoleDef* role = account == ctx.estate().account_index.end()
                            ? nullptr
                            : ctx.estate().accounts[account->second].find_role(parsed->name);
  if (!role || role->arn != *arn) {
    return std::unexpected(ApiError{403, "AccessDenied",
                                    fmt::format("User: {} is not authorized to perform: {} on resource: {}",
                                                ctx.caller.arn.empty() ? "anonymous" : ctx.caller.arn, action, *arn),
                                    true});
  }
  t.account = account->second;
  t.role = role;
  return t;
}

Session issue_session(RequestContext& ctx, const RoleTarget& t) {
  return issue_role_session(ctx.core, ctx.estate().accounts[t.account].id, t.role->name, t.session_name,
                            ctx.now + std::chrono::seconds(t.duration));
}

void render_session(XmlWriter& w, RequestContext& ctx, const RoleTarget& t, const Session& s) {
  w.open("Credentials").leaf("AccessKeyId", s.access_key_id).leaf("SecretAccessKey", s.secret);
  w.leaf("SessionToken", s.token).leaf("Expiration", base::format_iso8601(s.expiration)).close("Credentials");
  w.open("AssumedRoleUser").leaf("AssumedRoleId", t.role->id + ":" + t.session_name);
  w.leaf("Arn",
         fmt::format("arn:{}:sts::{}:assumed-role/{}/{}", ctx.partition(), s.account_id, t.role->name, t.session_name));
  w.close("AssumedRoleUser");
}

// Whether the request proves MFA: SerialNumber names an MFA device of the caller's account and
// TokenCode is the emulator's fixed code (kTestMfaCode). A wrong code is AWS's AccessDenied.
std::expected<bool, ApiError> mfa_present(RequestContext& ctx) {
  const std::string* serial = ctx.params.get("SerialNumber");
  const std::string* code = ctx.params.get("TokenCode");
  if (!serial && !code) return false;
  if (!serial || !code) return std::unexpected(validation("SerialNumber and TokenCode must be given together"));
  if (code->size() != 6 || code->find_first_not_of("0123456789") != std::string::npos) {
    return std::unexpected(
        validation(fmt::format("1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member "
                               "must satisfy regular expression pattern: [\\d]*")));
  }
  if (!serial->starts_with(fmt::format("arn:{}:iam::{}:mfa/", ctx.partition(), ctx.caller.account_id)) ||
      *code != kTestMfaCode) {
    return std::unexpected(
        ApiError{403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", true});
  }
  return true;
}

}  // namespace

HandlerResult get_caller_identity(RequestContext& ctx) {
  XmlWriter w = begin_response(ctx);
  w.leaf("Arn", ctx.caller.arn).leaf("UserId", ctx.caller.user_id).leaf("Account", ctx.caller.account_id);
  return end_response(w, ctx);
}

HandlerResult assume_role(RequestContext& ctx) {
  auto target = parse_target(ctx, "sts:AssumeRole");
  if (!target) return std::unexpected(target.error());
  if (auto denied = authorize(ctx, "sts:AssumeRole", target->role->arn)) return std::unexpected(*denied);
  policy::Principal principal{"", ctx.caller.arn, ctx.caller.account_id};
  auto mfa = mfa_present(ctx);
  if (!mfa) return std::unexpected(mfa.error());
  if (!policy::trust_allows(target->role->trust_policy, principal, "sts:AssumeRole", ctx.params.value("ExternalId"),
                            *mfa)) {
    return error(403, "AccessDenied",
                 fmt::format("User: {} is not authorized to perform: sts:AssumeRole on resource: {}", ctx.caller.arn,
                             target->role->arn));
  }
  Session s = issue_session(ctx, *target);
  XmlWriter w = begin_response(ctx);
  render_session(w, ctx, *target, s);
  w.leaf("PackedPolicySize", 0LL);
  return end_response(w, ctx);
}

HandlerResult assume_role_with_web_identity(RequestContext& ctx) {
  auto target = parse_target(ctx, "sts:AssumeRoleWithWebIdentity");
  if (!target) return std::unexpected(target.error());
  const std::string* token = ctx.params.get("WebIdentityToken");
  if (!token || token->empty()) {
    return std::unexpected(
        validation("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member "
                   "must not be null"));
  }
  auto identity =
      check_web_identity_token(*token, target->role->trust_policy, ctx.estate().accounts[target->account].id, ctx.now);
  if (!identity) return std::unexpected(identity.error());
  Session s = issue_session(ctx, *target);
  XmlWriter w = begin_response(ctx);
  render_session(w, ctx, *target, s);
  w.leaf("SubjectFromWebIdentityToken", identity->subject);
  w.leaf("Audience", identity->audience);
  w.leaf("Provider", identity->issuer);
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::sts
