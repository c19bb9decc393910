#pragma once
// --shard I/N: a deterministic share of the accounts, so N workers of a scheduler (a Kubernetes
// Indexed Job, an AWS Batch array job) each cover one share of an organization and together cover
// every account exactly once. An account's share follows from its id alone (FNV-1a, 64 bits, of
// the 12 digits, modulo N): it does not move when accounts join or leave the organization, and
// every version of rolecall assigns it alike.

#include <cstddef>
#include <string_view>

#include "rolecall/error.h"
#include "rolecall/scope.h"

namespace rolecall::inventory {

// Parses "I/N" (0 <= I < N <= 4096); kInvalidArgument naming `text` otherwise.
Result<Shard> parse_shard(std::string_view text);

// The share (0 .. count-1) `account_id` belongs to among `count`.
std::size_t shard_of(std::string_view account_id, std::size_t count);

// Whether `account_id` is in `shard` (always, for the whole: count 1).
bool in_shard(std::string_view account_id, const Shard& shard);

}  // namespace rolecall::inventory
