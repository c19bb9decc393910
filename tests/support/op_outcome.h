#pragma once
// Captures the completion of one asynchronous AWS operation (src/aws/ops) in a test: its Result
// and how many times it was called.

#include <optional>
#include <utility>

#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::testing {

template <typename T>
struct OpOutcome {
  std::optional<Result<T>> value;  // the last completion
  int calls = 0;
  // The callback to hand the operation.
  aws::ops::OpCallback<T> callback() {
    return [this](Result<T> r) {
      ++calls;
      value = std::move(r);
    };
  }
};

}  // namespace rolecall::testing
