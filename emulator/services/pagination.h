#pragma once
// Opaque pagination tokens (EC2 NextToken, IAM Marker, Organizations NextToken): the offset plus an
// HMAC over the scope, so a token from another listing or a forged one is rejected.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/services/service.h"

namespace rolecall::emulator {

// A token resuming the listing named by `scope` (action, account, region, filters) at `offset`.
std::string make_page_token(const Core& core, std::string_view scope, std::size_t offset);

// The offset `token` carries, or nullopt when it is malformed or was issued for another scope.
std::optional<std::size_t> read_page_token(const Core& core, std::string_view scope, std::string_view token);

// A page of `total` items: [begin, end) and whether a next token is due.
struct PageWindow {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool more = false;
};

// Computes the window starting at `offset` with at most `limit` items.
PageWindow page_window(std::size_t total, std::size_t offset, std::size_t limit);

}  // namespace rolecall::emulator
