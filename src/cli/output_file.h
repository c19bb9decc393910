#pragma once
// --output-file in S3 (s3://BUCKET/KEY): checked before the work, written once after it, and
// removed when a scan fails, as a local file is.

#include <string>
#include <string_view>

#include "aws/session.h"
#include "cli/global_options.h"

namespace rolecall::cli {

// Whether --output-file names S3.
bool output_to_s3(const GlobalOptions& global);

// For an s3:// --output-file, finds its bucket with `session` before a long run, so a bucket that
// does not exist fails now rather than after the scan. Nothing to do for a local file.
Result<void> check_s3_output(aws::Session& session, const GlobalOptions& global);

// Stores `body` (written as `format`) at the s3:// --output-file with the command's credentials (a
// session of its own) and says "<what> written to s3://..." on stderr unless --quiet.
Result<void> put_output_s3(const GlobalOptions& global, std::string_view what, std::string body,
                           std::string_view format);

// Removes --output-file after a failed run, local or in S3, so no stale report is taken for this
// run's; a removal that fails is reported on stderr.
void remove_stale_output(const GlobalOptions& global);

}  // namespace rolecall::cli
