#pragma once
// The baseline: the plain pugixml DOM walk a developer would write first for
// GetAccountAuthorizationDetails, extracting the same fields rolecall keeps (role name, ARN,
// decoded trust policy, inline policies, attached policy ARNs; each profile's ARN and role ARNs;
// each managed policy's default version document), with none of rolecall's error reporting.

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace rolecall::bench {

struct BaselineRole {
  std::string name, arn, trust;
  std::vector<std::string> inline_documents, attached;
};
struct BaselineProfile {
  std::string arn;
  std::vector<std::string> role_arns;
};
struct BaselineDetails {
  std::vector<BaselineRole> roles;
  std::vector<BaselineProfile> profiles;
  std::vector<std::pair<std::string, std::string>> policies;  // ARN, default document
};

inline std::string percent_decode(std::string_view in) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

inline BaselineDetails baseline_details_walk(const std::string& body) {
  BaselineDetails out;
  pugi::xml_document doc;
  doc.load_buffer(body.data(), body.size());
  pugi::xml_node result =
      doc.child("GetAccountAuthorizationDetailsResponse").child("GetAccountAuthorizationDetailsResult");
  for (pugi::xml_node m : result.child("RoleDetailList").children("member")) {
    BaselineRole role{m.child_value("RoleName"),
                      m.child_value("Arn"),
                      percent_decode(m.child_value("AssumeRolePolicyDocument")),
                      {},
                      {}};
    for (pugi::xml_node p : m.child("RolePolicyList").children("member")) {
      role.inline_documents.push_back(percent_decode(p.child_value("PolicyDocument")));
    }
    for (pugi::xml_node p : m.child("AttachedManagedPolicies").children("member"))
      role.attached.push_back(p.child_value("PolicyArn"));
    for (pugi::xml_node p : m.child("InstanceProfileList").children("member")) {
      BaselineProfile profile{p.child_value("Arn"), {}};
      for (pugi::xml_node r : p.child("Roles").children("member")) profile.role_arns.push_back(r.child_value("Arn"));
      out.profiles.push_back(std::move(profile));
    }
    out.roles.push_back(std::move(role));
  }
  for (pugi::xml_node m : result.child("Policies").children("member")) {
    for (pugi::xml_node v : m.child("PolicyVersionList").children("member")) {
      if (std::string_view(v.child_value("IsDefaultVersion")) == "true") {
        out.policies.emplace_back(m.child_value("Arn"), percent_decode(v.child_value("Document")));
      }
    }
  }
  return out;
}

}  // namespace rolecall::bench
