#pragma once
// Removing a migrated key's credential lines from user data (plan --migrate-keys, a launch
// template version without the key): every layer the detectors read is decoded, the lines that
// only set a covered credential are removed, and the layers are encoded again as they were
// (base64, gzip, MIME multipart and its base64 parts, cloud-config write_files entries encoded
// base64 or gzip+base64). What cannot be removed safely blocks with its location instead: a
// credential sharing its line with other commands, a line continued with "\", or a layer rolecall
// does not rewrite (bzip2, xz, zip, UTF-16, quoted-printable, a base64 blob inside text). Never
// holds or shows a secret: lines are kept masked.

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"
#include "secrets/scan.h"

namespace rolecall::secrets {

// One line the scrub removes.
struct ScrubbedLine {
  std::string layer;     // "user-data > gzip > part 2 (text/x-shellscript)"
  std::size_t line = 0;  // 1-based, in that decoded layer
  std::string masked;    // the line as mask_line shows it
};

// What scrubbing one user data gives.
struct ScrubResult {
  // The new user data, base64 as EC2 takes it; empty when nothing covered was found or `blocked`.
  std::string user_data;
  std::vector<ScrubbedLine> removed;  // in layer order, then line order
  // A unified diff (old -> new) of each rewritten layer's decoded text, every line masked.
  std::string diff;
  // Why a covered credential cannot be removed safely, one line each, naming the layer and line.
  std::vector<std::string> blocked;
  std::set<std::string> key_sha256;     // the covered key ids found (SHA-256 hex of each id)
  std::set<std::string> keys_redacted;  // the same, redacted
};

// Whether a full access key id is one the scrub removes.
using KeyCovered = std::function<bool(std::string_view key_id)>;

// Scrubs base64 `user_data` of the credentials of the keys `covered` accepts: their ids, and the
// secrets and session tokens the detector pairs with them (one paired with no id is removed only
// when every key id in the user data is covered). `origin` prefixes layer names ("user-data").
// Fails with kParse (as scan_user_data) when the user data cannot be decoded.
Result<ScrubResult> scrub_user_data(std::string_view user_data, std::string_view origin, const KeyCovered& covered,
                                    const DecodeLimits& limits = {});

}  // namespace rolecall::secrets
