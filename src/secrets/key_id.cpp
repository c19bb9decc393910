#include "secrets/key_id.h"

#include <algorithm>
#include <array>

namespace rolecall::secrets {
namespace {

struct Prefix {
  std::string_view text;
  KeyIdKind kind;
};

// IAM "unique ID prefixes" (IAM User Guide, reference_identifiers). Only ids that, together with a
// secret, authenticate requests are credentials; the rest name resources and appear in ARNs,
// policies and API output all the time.
constexpr std::array<Prefix, 12> kPrefixes{{
    {"AKIA", KeyIdKind::kCredential},  // long-term access key
    {"ASIA", KeyIdKind::kCredential},  // temporary (STS) access key
    {"ABIA", KeyIdKind::kCredential},  // STS service bearer token
    {"ACCA", KeyIdKind::kCredential},  // context-specific credential
    {"AGPA", KeyIdKind::kResourceId},  // group
    {"AIDA", KeyIdKind::kResourceId},  // IAM user
    {"AROA", KeyIdKind::kResourceId},  // role
    {"AIPA", KeyIdKind::kResourceId},  // instance profile
    {"ANPA", KeyIdKind::kResourceId},  // managed policy
    {"ANVA", KeyIdKind::kResourceId},  // managed policy version
    {"APKA", KeyIdKind::kResourceId},  // public key (CloudFront key pair id)
    {"ASCA", KeyIdKind::kResourceId},  // certificate
}};

constexpr bool is_base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }
constexpr bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

KeyIdInfo classify_key_id(std::string_view id) {
  if (id.size() != kKeyIdLength) return {};
  // Documentation ids: AKIAIOSFODNN7EXAMPLE, AKIAI44QH8DHBEXAMPLE, AKIAEXAMPLEPBUMBC3GA (presigned URLs).
  const bool example = id.find("EXAMPLE") != std::string_view::npos;
  if (id.starts_with("A3T")) {
    // Legacy access key ids: "A3T" + 17 upper-case alphanumerics.
    if (!std::all_of(id.begin() + 3, id.end(), is_upper_alnum)) return {};
    return {KeyIdKind::kCredential, example};
  }
  const auto prefix =
      std::find_if(kPrefixes.begin(), kPrefixes.end(), [&](const Prefix& p) { return id.starts_with(p.text); });
  if (prefix == kPrefixes.end()) return {};
  const std::string_view rest = id.substr(4);
  // Real ids are base32 after the prefix; documentation ids (AKIAI44QH8DHBEXAMPLE) are not.
  const bool alphabet_ok = example ? std::all_of(rest.begin(), rest.end(), is_upper_alnum)
                                   : std::all_of(rest.begin(), rest.end(), is_base32);
  if (!alphabet_ok) return {};
  return {prefix->kind, example};
}

}  // namespace rolecall::secrets
