#pragma once
// Asynchronous pagination over AwsCaller: NextToken (EC2, Organizations) and Marker/IsTruncated
// (IAM). Pages are handed over as they arrive; the first error stops the walk.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "aws/client.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// Builds the call for one page; `token` is "" for the first page, else the previous page's token
// (the builder puts it where the service wants it: NextToken=, Marker=, or the JSON body).
using PageCallBuilder = std::function<ServiceCall(const std::string& token)>;

// Consumes one raw page; returns the next page's token ("" when this was the last) or an error.
using PageConsumer = std::function<Result<std::string>(ServiceResponse response)>;

// Completion of a whole walk: success when every page was consumed. Pages delivered before an
// error stay delivered; the error says which page failed.
using PaginationDone = std::function<void(Result<void>)>;

// Bounds on one walk.
struct PaginationLimits {
  // More pages than this is an error: an endpoint that keeps answering with new tokens. The largest
  // walks are far below it (1,000 DescribeInstances pages hold a million instances).
  std::size_t max_pages = 1000;
};

// Walks pages: calls build(token), sends it, hands the response to consume, follows the returned
// token. Stops at an empty token (success), on a call or consumer error, when a token repeats
// (kParse "pagination token loop") or past limits.max_pages (kParse).
// `done` runs exactly once. Callbacks run on whatever thread the caller completes on.
void paginate(AwsCaller& caller, PageCallBuilder build, PageConsumer consume, PaginationDone done,
              PaginationLimits limits = {});

// Consumes one raw page asynchronously: calls `next` once, on the loop thread, with the next
// page's token ("" when this was the last) or an error.
using AsyncPageConsumer = std::function<void(ServiceResponse response, std::function<void(Result<std::string>)> next)>;

// paginate() with a consumer that may finish later (e.g. after parsing on a worker thread).
void paginate_async(AwsCaller& caller, PageCallBuilder build, AsyncPageConsumer consume, PaginationDone done,
                    PaginationLimits limits = {});

// Typed form: `parse` turns a response into a Page (errors stop the walk), `next_token` reads the
// page's continuation token, `on_page` receives each page in order. Where the caller has a loop,
// `parse` runs off the loop thread (it must be self-contained); the rest runs on the loop thread.
template <typename Page>
void paginate_pages(AwsCaller& caller, PageCallBuilder build, std::function<Result<Page>(ServiceResponse)> parse,
                    std::function<std::string(const Page&)> next_token, std::function<void(Page&&)> on_page,
                    PaginationDone done, PaginationLimits limits = {}) {
  EventLoop* loop = caller.loop();
  AsyncPageConsumer consume = [loop, parse = std::move(parse), next_token = std::move(next_token),
                               on_page = std::move(on_page)](ServiceResponse response,
                                                             std::function<void(Result<std::string>)> next) {
    auto page = std::make_shared<std::optional<Result<Page>>>();
    auto work = [page, parse, response = std::move(response)]() mutable { page->emplace(parse(std::move(response))); };
    auto then = [page, next_token, on_page, next = std::move(next)] {
      Result<Page>& parsed = **page;
      if (!parsed) {
        next(std::unexpected(std::move(parsed.error())));
        return;
      }
      std::string token = next_token(*parsed);
      on_page(std::move(*parsed));
      next(std::move(token));
    };
    if (loop == nullptr) {  // no loop to hand the parse to: parse where the response arrived
      work();
      then();
    } else {
      loop->offload(std::move(work), std::move(then));
    }
  };
  paginate_async(caller, std::move(build), std::move(consume), std::move(done), limits);
}

// IAM style continuation: the Marker when IsTruncated is true, "" when false; a truncated page
// without a Marker is a kParse error naming `operation`.
Result<std::string> marker_token(bool is_truncated, std::string marker, std::string_view operation);

// Sets (or replaces) parameter `name` (e.g. "NextToken", "Marker") to `token` when non-empty.
void set_token_param(QueryParams& params, const std::string& name, const std::string& token);

}  // namespace rolecall::aws
