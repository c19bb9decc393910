#pragma once
// The STS operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::sts {

// sessions.cpp
// The one MFA code AssumeRole accepts with any MFA device of the caller's account (a fixed code
// source for tests: the emulator has no devices or TOTP secrets).
inline constexpr const char* kTestMfaCode = "123456";

HandlerResult get_caller_identity(RequestContext& ctx);            // GetCallerIdentity
HandlerResult assume_role(RequestContext& ctx);                    // AssumeRole
HandlerResult assume_role_with_web_identity(RequestContext& ctx);  // AssumeRoleWithWebIdentity

// access_key_info.cpp
HandlerResult get_access_key_info(RequestContext& ctx);  // GetAccessKeyInfo

}  // namespace rolecall::emulator::sts
