// IAM access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, GetAccessKeyLastUsed. A created
// key authenticates requests at once (it enters the estate's key index); an inactive one does not.
#include <cctype>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kAccessKeysPerUser = 2;

// The user a key operation targets: UserName, else the signing user itself (ValidationError for
// a role session, which has no user). Authorizes `action` on the user's ARN.
std::expected<std::size_t, ApiError> key_owner(RequestContext& ctx, const char* action) {
  auto user = user_to_change(ctx, action, true);
  if (!user) return std::unexpected(user.error());
  return static_cast<std::size_t>(*user - ctx.account().users.data());
}

// The key's CreateDate: its estate moment, else the fixed IAM create date.
std::string create_date(const AccessKey& key, TimePoint now) {
  auto at = key.created.at(now);
  return at ? base::format_iso8601(*at) : kIamCreateDate;
}

std::unexpected<ApiError> no_such_key(const std::string& id) {
  return std::unexpected(no_such_entity(fmt::format("The Access Key with id {} cannot be found.", id)));
}

// AccessKeyId: 16 to 128 word characters (the model's accessKeyIdType).
std::expected<std::string, ApiError> key_id_param(const RequestContext& ctx) {
  auto id = required_param(ctx, "AccessKeyId");
  if (!id) return id;
  bool word = !id->empty();
  for (char c : *id) word = word && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (id->size() < 16 || id->size() > 128 || !word) {
    return std::unexpected(ApiError{400, "ValidationError",
                                    fmt::format("1 validation error detected: Value '{}' at 'accessKeyId' failed to "
                                                "satisfy constraint: Member must satisfy regular expression pattern: "
                                                "[\\w]+ and length between 16 and 128",
                                                *id),
                                    true});
  }
  return id;
}

}  // namespace

HandlerResult create_access_key(RequestContext& ctx) {
  auto owner = key_owner(ctx, "iam:CreateAccessKey");
  if (!owner) return std::unexpected(owner.error());
  User& user = ctx.account().users[*owner];
  if (user.access_keys.size() >= kAccessKeysPerUser) {
    return std::unexpected(limit_exceeded("Cannot exceed quota for AccessKeysPerUser: 2"));
  }
  AccessKey key;
  do {
    key.id = "AKIA" + random_string(ctx.core, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  } while (ctx.estate().key_index.contains(key.id) || ctx.core.sessions.contains(key.id));
  key.secret = random_string(ctx.core, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  key.created.date = base::format_iso8601(ctx.now);
  user.access_keys.push_back(key);
  ctx.estate().key_index[key.id] = {ctx.caller.account, *owner};
  XmlWriter w = begin_response(ctx);
  w.open("AccessKey").leaf("UserName", user.name).leaf("AccessKeyId", key.id).leaf("Status", "Active");
  w.leaf("SecretAccessKey", key.secret).leaf("CreateDate", key.created.date).close("AccessKey");
  return end_response(w, ctx);
}

HandlerResult list_access_keys(RequestContext& ctx) {
  auto owner = key_owner(ctx, "iam:ListAccessKeys");
  if (!owner) return std::unexpected(owner.error());
  const User& user = ctx.account().users[*owner];
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, user.name);
  auto page = iam_page(ctx, scope, user.access_keys.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("AccessKeyMetadata");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const AccessKey& key = user.access_keys[i];
    w.open("member").leaf("UserName", user.name).leaf("AccessKeyId", key.id);
    w.leaf("Status", key.active ? "Active" : "Inactive").leaf("CreateDate", create_date(key, ctx.now)).close("member");
  }
  w.close("AccessKeyMetadata");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

HandlerResult update_access_key(RequestContext& ctx) {
  auto id = key_id_param(ctx);
  if (!id) return std::unexpected(id.error());
  auto status = required_param(ctx, "Status");
  if (!status) return std::unexpected(status.error());
  if (*status != "Active" && *status != "Inactive") {
    return error(400, "ValidationError",
                 fmt::format("1 validation error detected: Value '{}' at 'status' failed to satisfy constraint: "
                             "Member must satisfy enum value set: [Active, Inactive, Expired]",
                             *status));
  }
  auto owner = key_owner(ctx, "iam:UpdateAccessKey");
  if (!owner) return std::unexpected(owner.error());
  for (AccessKey& key : ctx.account().users[*owner].access_keys) {
    if (key.id != *id) continue;
    key.active = *status == "Active";
    XmlWriter w = begin_response(ctx);
    return end_response(w, ctx);
  }
  return no_such_key(*id);
}

HandlerResult get_access_key_last_used(RequestContext& ctx) {
  auto id = key_id_param(ctx);
  if (!id) return std::unexpected(id.error());
  const User* user = nullptr;
  if (auto it = ctx.estate().key_index.find(*id);
      it != ctx.estate().key_index.end() && it->second.first == ctx.caller.account) {
    user = &ctx.account().users[it->second.second];
  }
  // Authorized on the owning user; a key of no user of this account on the account's users.
  std::string resource = user ? user->arn : iam_arn(ctx.partition(), ctx.account().id, "user", "/", "*");
  if (auto denied = authorize(ctx, "iam:GetAccessKeyLastUsed", resource)) return std::unexpected(*denied);
  if (!user) return no_such_key(*id);
  const AccessKey* key = nullptr;
  for (const auto& k : user->access_keys) {
    if (k.id == *id) key = &k;
  }
  if (!key) return no_such_key(*id);
  XmlWriter w = begin_response(ctx);
  w.leaf("UserName", user->name).open("AccessKeyLastUsed");
  if (auto at = key->last_used.when.at(ctx.now)) {
    w.leaf("LastUsedDate", base::format_iso8601(*at));
    w.leaf("ServiceName", key->last_used.service).leaf("Region", key->last_used.region);
  } else {
    w.leaf("ServiceName", "N/A").leaf("Region", "N/A");  // as AWS answers for a key never used
  }
  w.close("AccessKeyLastUsed");
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::iam
