#include "aws/protocol/pagination.h"

#include <set>

#include <fmt/format.h>

namespace rolecall::aws {

namespace {

// One walk's state; shared by the in-flight callback so it outlives paginate().
struct Walk : std::enable_shared_from_this<Walk> {
  AwsCaller* caller = nullptr;
  PageCallBuilder build;
  AsyncPageConsumer consume;
  PaginationDone done;
  PaginationLimits limits;
  std::set<std::string> seen_tokens;
  std::size_t pages = 0;
  std::string action;

  void finish(Result<void> outcome) {
    PaginationDone d = std::move(done);
    // Drop the other callbacks before reporting so captured state is released promptly.
    build = nullptr;
    consume = nullptr;
    d(std::move(outcome));
  }

  void fetch(const std::string& token) {
    ServiceCall call = build(token);
    action = call.action;
    std::size_t page_number = pages + 1;
    caller->call(std::move(call), [self = shared_from_this(), page_number](Result<ServiceResponse> r) {
      self->on_response(page_number, std::move(r));
    });
  }

  void on_response(std::size_t page_number, Result<ServiceResponse> r) {
    if (!r) {
      finish(std::unexpected(r.error().with_context(fmt::format("{} page {}", action, page_number))));
      return;
    }
    pages = page_number;
    consume(std::move(*r), [self = shared_from_this(), page_number](Result<std::string> next) {
      self->follow(page_number, std::move(next));
    });
  }

  void follow(std::size_t page_number, Result<std::string> next) {
    if (!next) {
      finish(std::unexpected(next.error().with_context(fmt::format("{} page {}", action, page_number))));
      return;
    }
    if (next->empty()) {
      finish({});
      return;
    }
    if (!seen_tokens.insert(*next).second) {
      finish(fail(ErrorKind::kParse,
                  fmt::format("{} page {}: pagination token loop (a token came back twice)", action, page_number)));
      return;
    }
    if (pages >= limits.max_pages) {
      finish(fail(ErrorKind::kParse,
                  fmt::format("{}: more than {} pages, giving up (the endpoint keeps answering with new tokens)",
                              action, limits.max_pages)));
      return;
    }
    fetch(*next);
  }
};

}  // namespace

void paginate(AwsCaller& caller, PageCallBuilder build, PageConsumer consume, PaginationDone done,
              PaginationLimits limits) {
  paginate_async(
      caller, std::move(build),
      [consume = std::move(consume)](ServiceResponse response, std::function<void(Result<std::string>)> next) {
        next(consume(std::move(response)));
      },
      std::move(done), limits);
}

void paginate_async(AwsCaller& caller, PageCallBuilder build, AsyncPageConsumer consume, PaginationDone done,
                    PaginationLimits limits) {
  auto walk = std::make_shared<Walk>();
  walk->caller = &caller;
  walk->build = std::move(build);
  walk->consume = std::move(consume);
  walk->done = std::move(done);
  walk->limits = limits;
  walk->fetch("");
}

Result<std::string> marker_token(bool is_truncated, std::string marker, std::string_view operation) {
  if (!is_truncated) return std::string();
  if (marker.empty()) {
    return fail(ErrorKind::kParse, fmt::format("{}: response says IsTruncated but has no Marker", operation));
  }
  return marker;
}

void set_token_param(QueryParams& params, const std::string& name, const std::string& token) {
  std::erase_if(params, [&](const auto& p) { return p.first == name; });
  if (!token.empty()) params.emplace_back(name, token);
}

}  // namespace rolecall::aws
