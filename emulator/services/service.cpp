#include "emulator/services/service.h"

#include <random>

#include <fmt/format.h>

namespace rolecall::emulator {

const char* service_name(Service service) {
  switch (service) {
    case Service::kEc2: return "ec2";
    case Service::kIam: return "iam";
    case Service::kSts: return "sts";
    case Service::kOrganizations: return "organizations";
    case Service::kAutoScaling: return "autoscaling";
    case Service::kSecurityHub: return "securityhub";
    case Service::kCloudTrail: return "cloudtrail";
    case Service::kS3: return "s3";
    case Service::kSqs: return "sqs";
  }
  return "ec2";
}

std::string random_hex_id(Core& core, std::string_view prefix, int length) {
  return std::string(prefix) + random_string(core, "0123456789abcdef", length);
}

std::string random_string(Core& core, std::string_view alphabet, int length) {
  std::string out;
  out.reserve(static_cast<std::size_t>(length));
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < length; ++i) out += alphabet[pick(core.rng)];
  return out;
}

Session& issue_role_session(Core& core, const std::string& account_id, const std::string& role_name,
                            const std::string& session_name, TimePoint expiration) {
  static constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static constexpr std::string_view kSecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Session s;
  s.access_key_id = "ASIA" + random_string(core, kUpperAlnum, 16);
  s.secret = random_string(core, kSecretChars, 40);
  s.token = "IQoJb3JpZ2luX2VjE" + random_string(core, kSecretChars, 300);
  s.account_id = account_id;
  s.role_name = role_name;
  s.session_name = session_name;
  s.expiration = expiration;
  const std::string key = s.access_key_id;
  return core.sessions.insert_or_assign(key, std::move(s)).first->second;
}

}  // namespace rolecall::emulator
