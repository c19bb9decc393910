#include "cli/output_file.h"

#include <iostream>

#include "app/s3_output.h"
#include "report/report.h"

namespace rolecall::cli {
namespace {

// The destination with a session of its own: commands that wrote their output have ended theirs.
Result<void> with_s3_destination(const GlobalOptions& global,
                                 const std::function<Result<void>(aws::Session&, const app::S3Destination&)>& act) {
  auto session = aws::Session::create(global.session_options());
  if (!session) return fail(session.error().with_context("--output-file " + global.output_file));
  auto destination = app::locate_s3_destination(**session, global.output_file);
  if (!destination) return fail(destination.error());
  return act(**session, *destination);
}

}  // namespace

bool output_to_s3(const GlobalOptions& global) { return aws::is_s3_url(global.output_file); }

Result<void> check_s3_output(aws::Session& session, const GlobalOptions& global) {
  if (!output_to_s3(global)) return {};
  auto destination = app::locate_s3_destination(session, global.output_file);
  if (!destination) return fail(destination.error());
  return {};
}

Result<void> put_output_s3(const GlobalOptions& global, std::string_view what, std::string body,
                           std::string_view format) {
  auto put = with_s3_destination(global, [&](aws::Session& session, const app::S3Destination& destination) {
    return app::put_s3_destination(session, destination, std::move(body), report::content_type_of(format));
  });
  if (!put) return put;
  if (!global.quiet) std::cerr << what << " written to " << global.output_file << '\n';
  return {};
}

void remove_stale_output(const GlobalOptions& global) {
  // Nothing can be there when the name itself is refused (that error is already reported).
  if (global.output_file.empty() || !global.check_output_file()) return;
  Result<void> removed = output_to_s3(global)
                             ? with_s3_destination(global,
                                                   [](aws::Session& session, const app::S3Destination& destination) {
                                                     return app::delete_s3_destination(session, destination);
                                                   })
                             : global.env->remove_file(global.output_file);
  if (!removed) report_error(removed.error());
}

}  // namespace rolecall::cli
