#pragma once
// Collecting every Marker page of an IAM list operation into one response.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "aws/protocol/pagination.h"

namespace rolecall::aws::ops {

// Sends `request` and each following page (Request::marker set from the previous page's
// Response::marker while Response::is_truncated), folds pages with `append`, and hands `done`
// the merged response (is_truncated false) or the first error, prefixed with `service`.
template <typename Request, typename Response>
void all_marker_pages(AwsCaller& caller, Request request, ServiceCall (*build)(const Request&),
                      Result<Response> (*parse)(std::string_view), void (*append)(Response&, Response&&),
                      std::string_view service, OpCallback<Response> done) {
  auto merged = std::make_shared<Response>();
  paginate_pages<Response>(
      caller,
      [request = std::move(request), build](const std::string& token) {
        Request page = request;
        if (!token.empty()) page.marker = token;
        return build(page);
      },
      [parse](ServiceResponse response) { return parse(response.body); },
      [](const Response& page) { return page.is_truncated ? page.marker : std::string(); },
      [merged, append](Response&& page) { append(*merged, std::move(page)); },
      [merged, service = std::string(service), done = std::move(done)](Result<void> outcome) {
        if (!outcome) {
          done(fail(outcome.error().with_context(service)));
          return;
        }
        merged->is_truncated = false;
        merged->marker.clear();
        done(std::move(*merged));
      });
}

}  // namespace rolecall::aws::ops
