#pragma once
// One line of user data as the scrubber sees it: whether it does nothing but set a credential (so
// removing it removes exactly that), and how it is shown with its values masked.

#include <cstddef>
#include <string>
#include <string_view>

namespace rolecall::secrets {

// True when `line` (no newline) only assigns one AWS credential, in the forms the detectors find:
// `[export ]AWS_SECRET_ACCESS_KEY=VALUE` (also `declare -x`, `set`, `setx`, PowerShell `$env:`),
// a credentials-file or YAML setting (`aws_access_key_id = VALUE`, `AWS_ACCESS_KEY_ID: VALUE`),
// `aws configure set [--profile P] aws_secret_access_key VALUE`, and `echo "aws_access_key_id =
// VALUE" >> FILE` (or `| tee [-a] FILE`), PowerShell's `Set-AWSCredential -AccessKey ID -SecretKey
// SECRET [-StoreAs NAME]`; a YAML list item ("- ") of one of these too. Anything
// else on the line (a command run with the key, a second assignment, a comment) makes it false.
bool is_credential_line(std::string_view line);

// Longest line the two functions here read (hostile user data may hold a megabyte on one line):
// a longer one is never a credential line, and is shown only by its length.
inline constexpr std::size_t kMaxScrubLine = 4096;

// `line` as a reviewer may see it: access key ids redacted (base::redact_key_id), long tokens
// (secrets, session tokens) and the values of secret-named settings ("password", "token", ...)
// shown as "****".
std::string mask_line(std::string_view line);

}  // namespace rolecall::secrets
