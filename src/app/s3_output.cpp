#include "app/s3_output.h"

#include <variant>

#include <fmt/format.h>

#include "aws/ops/s3_objects.h"
#include "base/sync.h"

namespace rolecall::app {
namespace {

// One client per call: an output is written once per run.
std::unique_ptr<aws::AwsClient> s3_output_client(aws::Session& session) {
  return session.client(session.credentials(), "output-file");
}

}  // namespace

Result<S3Destination> locate_s3_destination(aws::Session& session, std::string_view url) {
  auto object = aws::parse_s3_object_url(url, "--output-file");
  if (!object) return fail(object.error());
  S3Destination out{std::string(url), std::move(*object), session.region().region};
  auto client = s3_output_client(session);
  auto located = aws::locate_bucket(session.loop(), *client, out.object.bucket, out.region);
  if (located) {
    out.region = std::move(*located);
  } else if (located.error().kind == ErrorKind::kNotFound) {
    return fail(located.error().with_context("--output-file " + out.url));
  }
  return out;
}

Result<void> put_s3_destination(aws::Session& session, const S3Destination& destination, std::string body,
                                std::string_view content_type) {
  auto client = s3_output_client(session);
  auto put = base::run_sync<std::monostate>(session.loop(), [&](aws::ops::OpCallback<std::monostate> done) {
    aws::s3::put_object(*client, destination.region, destination.object.bucket, destination.object.prefix,
                        std::move(body), std::string(content_type), std::move(done));
  });
  if (!put) return fail(put.error().with_context("--output-file " + destination.url));
  return {};
}

Result<void> delete_s3_destination(aws::Session& session, const S3Destination& destination) {
  auto client = s3_output_client(session);
  auto removed = base::run_sync<std::monostate>(session.loop(), [&](aws::ops::OpCallback<std::monostate> done) {
    aws::s3::delete_object(*client, destination.region, destination.object.bucket, destination.object.prefix,
                           std::move(done));
  });
  if (!removed) return fail(removed.error().with_context("removing the stale --output-file " + destination.url));
  return {};
}

}  // namespace rolecall::app
