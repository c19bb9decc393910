// STS GetAccessKeyInfo: the account owning an access key id. Keys of the estate (users' keys and
// issued sessions) answer their account; any other well-formed key id answers the account its bits
// encode (as AWS does for keys it issued; docs/emulator.md), so keys of deleted users of an estate
// account still answer that account.
#include <fmt/format.h>

#include "emulator/estate/access_keys.h"
#include "emulator/services/authorize.h"
#include "emulator/services/response.h"
#include "emulator/services/sts/handlers.h"

namespace rolecall::emulator::sts {

HandlerResult get_access_key_info(RequestContext& ctx) {
  const std::string* id = ctx.params.get("AccessKeyId");
  if (!id) {
    return error(400, "ValidationError",
                 "1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must "
                 "not be null");
  }
  if (auto denied = authorize(ctx, "sts:GetAccessKeyInfo", "*")) return std::unexpected(*denied);
  std::string account;
  if (auto it = ctx.estate().key_index.find(*id); it != ctx.estate().key_index.end()) {
    account = ctx.estate().accounts[it->second.first].id;
  } else if (auto s = ctx.core.sessions.find(*id); s != ctx.core.sessions.end()) {
    account = s->second.account_id;
  } else if (auto encoded = account_encoded_in_key_id(*id)) {
    account = *encoded;
  } else {
    return error(400, "ValidationError",
                 fmt::format("1 validation error detected: Value '{}' at 'accessKeyId' failed to satisfy constraint: "
                             "Member must be an access key id (AKIA or ASIA and 16 characters of [A-Z2-7])",
                             *id));
  }
  XmlWriter w = begin_response(ctx);
  w.leaf("Account", account);
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::sts
