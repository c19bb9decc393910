#include "emulator/server/auth.h"

#include <fmt/format.h>

namespace rolecall::emulator {
namespace {

ApiError invalid_token(Service service) {
  switch (service) {
    case Service::kEc2:
      return {401, "AuthFailure", "AWS was not able to validate the provided access credentials", true};
    case Service::kOrganizations:
    case Service::kCloudTrail:
      return {400, "UnrecognizedClientException", "The security token included in the request is invalid.", true};
    case Service::kSecurityHub:
      return {403, "UnrecognizedClientException", "The security token included in the request is invalid.", true};
    case Service::kS3:
      return {403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", true};
    case Service::kSqs:
      return {403, "InvalidClientTokenId", "The security token included in the request is invalid.", true};
    default: return {403, "InvalidClientTokenId", "The security token included in the request is invalid.", true};
  }
}

ApiError bad_signature(Service service, std::string message) {
  if (service == Service::kOrganizations || service == Service::kCloudTrail)
    return {400, "InvalidSignatureException", std::move(message), true};
  if (service == Service::kSecurityHub) return {403, "InvalidSignatureException", std::move(message), true};
  return {403, "SignatureDoesNotMatch", std::move(message), true};
}

ApiError expired_token(Service service) {
  std::string message = "The security token included in the request is expired";
  switch (service) {
    case Service::kEc2: return {400, "ExpiredToken", message, true};
    case Service::kOrganizations:
    case Service::kCloudTrail: return {400, "ExpiredTokenException", message, true};
    case Service::kSecurityHub: return {403, "ExpiredTokenException", message, true};
    default: return {403, "ExpiredToken", message, true};
  }
}

Caller user_caller(const Estate& estate, std::size_t account_index, const User& user, const std::string& key_id) {
  const Account& account = estate.accounts[account_index];
  Caller c;
  c.account = account_index;
  c.account_id = account.id;
  c.arn = user.arn;
  c.user_id = user.id;
  c.access_key_id = key_id;
  c.policies = user_policies(account, user);
  c.boundary = boundary_policy(account, user.permissions_boundary);
  return c;
}

}  // namespace

ApiError missing_authentication(Service service) {
  switch (service) {
    case Service::kEc2:
      return {401, "AuthFailure", "AWS was not able to validate the provided access credentials", true};
    case Service::kOrganizations:
    case Service::kCloudTrail:
      return {400, "MissingAuthenticationTokenException", "Request is missing Authentication Token", true};
    case Service::kSecurityHub:
      return {403, "MissingAuthenticationTokenException", "Missing Authentication Token", true};
    case Service::kS3: return {403, "AccessDenied", "Access Denied", true};
    default: return {403, "MissingAuthenticationToken", "Request is missing Authentication Token", true};
  }
}

Caller role_caller(const Estate& estate, std::size_t account_index, const RoleDef& role,
                   const std::string& session_name) {
  const Account& account = estate.accounts[account_index];
  Caller c;
  c.account = account_index;
  c.account_id = account.id;
  c.arn = fmt::format("arn:{}:sts::{}:assumed-role/{}/{}", estate.partition, account.id, role.name, session_name);
  c.user_id = role.id + ":" + session_name;
  c.session = true;
  c.role_name = role.name;
  c.policies = identity_policies(account, role.attached_policy_arns, role.inline_policies);
  c.boundary = boundary_policy(account, role.permissions_boundary);
  return c;
}

std::expected<Caller, ApiError> authenticate(const Core& core, const aws::HttpRequest& request,
                                             const aws::sigv4::ParsedAuthorization& auth, Service service,
                                             const std::string& region, const std::string& security_token,
                                             TimePoint now) {
  const Estate& estate = core.estate;
  auto signed_at = aws::sigv4::parse_amz_date(auth.amz_date);
  if (!signed_at) {
    return std::unexpected(bad_signature(service, "Invalid X-Amz-Date: '" + auth.amz_date + "'"));
  }
  auto skew = now > *signed_at ? now - *signed_at : *signed_at - now;
  if (skew > std::chrono::minutes(15)) {
    if (service == Service::kEc2) {
      return std::unexpected(ApiError{400, "RequestExpired", "Request has expired.", true});
    }
    std::string now_text = aws::sigv4::amz_date(now);
    std::string limit =
        aws::sigv4::amz_date(*signed_at > now ? now + std::chrono::minutes(15) : now - std::chrono::minutes(15));
    std::string message =
        *signed_at < now
            ? fmt::format("Signature expired: {} is now earlier than {} ({} - 15 min.)", auth.amz_date, limit, now_text)
            : fmt::format("Signature not yet current: {} is still later than {} ({} + 15 min.)", auth.amz_date, limit,
                          now_text);
    return std::unexpected(bad_signature(service, message));
  }

  Caller caller;
  std::string secret;
  if (auto it = estate.key_index.find(auth.access_key_id); it != estate.key_index.end()) {
    const User& user = estate.accounts[it->second.first].users[it->second.second];
    const AccessKey* key = nullptr;
    for (const auto& k : user.access_keys) {
      if (k.id == auth.access_key_id) key = &k;
    }
    if (!key || !key->active) return std::unexpected(invalid_token(service));
    // A long-term key carries no session token; AWS refuses the pair (a stale AWS_SESSION_TOKEN).
    if (!security_token.empty()) return std::unexpected(invalid_token(service));
    secret = key->secret;
    caller = user_caller(estate, it->second.first, user, auth.access_key_id);
  } else if (auto s = core.sessions.find(auth.access_key_id); s != core.sessions.end()) {
    const Session& session = s->second;
    if (security_token != session.token) return std::unexpected(invalid_token(service));
    if (now >= session.expiration) return std::unexpected(expired_token(service));
    auto account = estate.account_index.find(session.account_id);
    if (account == estate.account_index.end()) return std::unexpected(invalid_token(service));
    const RoleDef* role = estate.accounts[account->second].find_role(session.role_name);
    if (!role) return std::unexpected(invalid_token(service));
    secret = session.secret;
    caller = role_caller(estate, account->second, *role, session.session_name);
    caller.access_key_id = auth.access_key_id;
    caller.source_ip = session.source_ip;
  } else {
    return std::unexpected(invalid_token(service));
  }

  // S3 signs its paths as sent (no dot-segment normalization), as the clients sign them.
  auto verified = aws::sigv4::verify_request(request, auth, secret, service != Service::kS3);
  if (!verified) {
    return std::unexpected(bad_signature(
        service,
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
        "Key and signing method. Consult the service documentation for details."));
  }

  // Regional services refuse callers in regions the account has not enabled, as AWS does for
  // opt-in regions (the credentials are simply not valid there).
  if (service == Service::kEc2 || service == Service::kSts || service == Service::kAutoScaling ||
      service == Service::kCloudTrail || service == Service::kSqs) {
    const Account& account = estate.accounts[caller.account];
    bool global_sts = service == Service::kSts && region == "us-east-1";
    if (!global_sts && !account.region_enabled(region)) return std::unexpected(invalid_token(service));
  }
  return caller;
}

}  // namespace rolecall::emulator
