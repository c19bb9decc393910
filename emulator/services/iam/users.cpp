// IAM users: CreateUser, GetUser, ListUsers (their keys: access_keys.cpp).
#include <fmt/format.h>

#include "base/ascii.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

void render_user_fields(XmlWriter& w, const User& user) {
  w.leaf("Path", user.path).leaf("UserName", user.name).leaf("UserId", user.id).leaf("Arn", user.arn);
  w.leaf("CreateDate", kIamCreateDate);
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
  auto boundary = authorize_create(ctx, "iam:CreateUser", "iam:PutUserPermissionsBoundary", user.arn);
  if (!boundary) return std::unexpected(boundary.error());
  user.permissions_boundary = std::move(*boundary);
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
  render_permissions_boundary(w, account.users.back().permissions_boundary);
  if (!tags->empty()) {
    w.open("Tags");
    for (const auto& [k, v] : *tags) w.open("member").leaf("Key", k).leaf("Value", v).close("member");
    w.close("Tags");
  }
  w.close("User");
  return end_response(w, ctx);
}

HandlerResult get_user(RequestContext& ctx) {
  auto user = user_to_change(ctx, "iam:GetUser", true);
  if (!user) return std::unexpected(user.error());
  XmlWriter w = begin_response(ctx);
  w.open("User");
  render_user_fields(w, **user);
  render_permissions_boundary(w, (*user)->permissions_boundary);
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

}  // namespace rolecall::emulator::iam
