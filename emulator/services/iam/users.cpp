// IAM users and their keys: CreateUser, ListUsers, CreateAccessKey, ListAccessKeys. A created key
// authenticates requests at once (it enters the estate's key index).
#include <fmt/format.h>

#include "base/ascii.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kAccessKeysPerUser = 2;

void render_user_fields(XmlWriter& w, const User& user) {
  w.leaf("Path", user.path).leaf("UserName", user.name).leaf("UserId", user.id).leaf("Arn", user.arn);
  w.leaf("CreateDate", kIamCreateDate);
}

// The user a key operation targets: UserName, else the signing user itself (ValidationError for
// a role session, which has no user). Authorizes `action` on the user's ARN.
std::expected<std::size_t, ApiError> key_owner(RequestContext& ctx, const char* action) {
  Account& account = ctx.account();
  std::string name = ctx.params.value("UserName");
  if (name.empty()) {
    if (ctx.caller.session) {
      return std::unexpected(
          ApiError{400, "ValidationError", "Must specify userName when calling with non-User credentials", true});
    }
    name = ctx.caller.arn.substr(ctx.caller.arn.rfind('/') + 1);
  }
  const User* user = account.find_user(name);
  std::string arn = user ? user->arn : iam_arn(ctx.partition(), account.id, "user", "/", name);
  if (auto denied = authorize(ctx, action, arn)) return std::unexpected(*denied);
  if (!user) return std::unexpected(no_such_entity(fmt::format("The user with name {} cannot be found.", name)));
  return static_cast<std::size_t>(user - account.users.data());
}

}  // namespace

HandlerResult create_user(RequestContext& ctx) {
  auto name = required_param(ctx, "UserName");
  if (!name) return std::unexpected(name.error());
  if (auto bad = check_name(*name, "userName", 64)) return std::unexpected(*bad);
  auto path = path_param(ctx);
  if (!path) return std::unexpected(path.error());
  auto tags = tags_param(ctx);
  if (!tags) return std::unexpected(tags.error());
  Account& account = ctx.account();
  User user;
  user.name = *name;
  user.path = *path;
  user.arn = iam_arn(ctx.partition(), account.id, "user", *path, *name);
  if (auto denied = authorize(ctx, "iam:CreateUser", user.arn)) return std::unexpected(*denied);
  for (const auto& u : account.users) {
    if (base::iequals(u.name, *name)) {
      return std::unexpected(already_exists(fmt::format("User with name {} already exists.", *name)));
    }
  }
  user.id = new_unique_id(ctx, "AIDA");
  account.users.push_back(std::move(user));
  XmlWriter w = begin_response(ctx);
  w.open("User");
  render_user_fields(w, account.users.back());
  if (!tags->empty()) {
    w.open("Tags");
    for (const auto& [k, v] : *tags) w.open("member").leaf("Key", k).leaf("Value", v).close("member");
    w.close("Tags");
  }
  w.close("User");
  return end_response(w, ctx);
}

HandlerResult list_users(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "iam:ListUsers", "*")) return std::unexpected(*denied);
  std::string prefix = ctx.params.value("PathPrefix", "/");
  std::vector<const User*> users;
  for (const auto& u : ctx.account().users) {
    if (u.path.starts_with(prefix)) users.push_back(&u);
  }
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, prefix);
  auto page = iam_page(ctx, scope, users.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("Users");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    w.open("member");
    render_user_fields(w, *users[i]);
    w.close("member");
  }
  w.close("Users");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

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
  user.access_keys.push_back(key);
  ctx.estate().key_index[key.id] = {ctx.caller.account, *owner};
  XmlWriter w = begin_response(ctx);
  w.open("AccessKey").leaf("UserName", user.name).leaf("AccessKeyId", key.id).leaf("Status", "Active");
  w.leaf("SecretAccessKey", key.secret).leaf("CreateDate", kIamCreateDate).close("AccessKey");
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
    w.leaf("Status", key.active ? "Active" : "Inactive").leaf("CreateDate", kIamCreateDate).close("member");
  }
  w.close("AccessKeyMetadata");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::iam
