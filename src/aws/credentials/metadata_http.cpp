// One retry, no backoff: metadata services are local and the chain must not hang.
#include "aws/credentials/metadata_http.h"

namespace rolecall::aws {

Result<HttpResponse> fetch_with_retry(BlockingHttpClient& http, const HttpRequest& request) {
  Result<HttpResponse> last = fail(ErrorKind::kInternal, "no attempt made");
  for (int attempt = 0; attempt < kMetadataAttempts; ++attempt) {
    last = http.fetch(request);
    if (last && last->status < 500) return last;
  }
  return last;
}

std::string url_for_messages(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace rolecall::aws
