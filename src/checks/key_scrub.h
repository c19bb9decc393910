#pragma once
// The scrub of a migrated key from user data (secrets/scrub.h), for the keys a plan names by the
// SHA-256 of their ids (KeyToRetire::key_sha256): a plan never holds a key id.

#include <set>
#include <string>

#include "rolecall/error.h"
#include "secrets/scrub.h"

namespace rolecall::checks {

// secrets::scrub_user_data of base64 `user_data`, covering the keys whose id hashes to one of `key_sha256`.
Result<secrets::ScrubResult> scrub_keys(const std::string& user_data, const std::set<std::string>& key_sha256);

}  // namespace rolecall::checks
