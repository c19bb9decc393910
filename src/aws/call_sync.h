#pragma once
// One service call run to completion, for simple CLI commands and tests.

#include "aws/client.h"
#include "aws/event_loop.h"
#include "base/sync.h"

namespace rolecall::aws {

// One service call through `caller`, run to completion on `loop` (see base::run_sync).
inline Result<ServiceResponse> call_sync(EventLoop& loop, AwsCaller& caller, ServiceCall call) {
  return base::run_sync<ServiceResponse>(loop,
                                         [&](ServiceCallback done) { caller.call(std::move(call), std::move(done)); });
}

}  // namespace rolecall::aws
