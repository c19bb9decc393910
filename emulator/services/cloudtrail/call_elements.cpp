#include "emulator/services/cloudtrail/call_elements.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <pugixml.hpp>

namespace rolecall::emulator::cloudtrail {
namespace {

using nlohmann::json;

// EC2's newer calls: CloudTrail wraps their parameters in "<Action>Request" and their answer in
// "<Action>Response", with the parameters as the API names them.
constexpr std::array<std::string_view, 9> kWrappedEc2 = {
    "AssociateIamInstanceProfile",   "CreateLaunchTemplate",         "CreateLaunchTemplateVersion",
    "DeleteLaunchTemplate",          "DeleteLaunchTemplateVersions", "DisassociateIamInstanceProfile",
    "ModifyInstanceMetadataOptions", "ModifyLaunchTemplate",         "ReplaceIamInstanceProfileAssociation",
};

// The parameters of the newer calls CloudTrail shows (never user data or template data).
constexpr std::array<std::string_view, 9> kWrappedParams = {
    "AssociationId", "HttpEndpoint",     "HttpTokens",         "IamInstanceProfile.Arn", "IamInstanceProfile.Name",
    "InstanceId",    "LaunchTemplateId", "LaunchTemplateName", "SetDefaultVersion",
};

// IAM request parameters CloudTrail shows for the calls that change a verdict (documents are left
// out: rolecall reads the resource names only).
constexpr std::array<std::string_view, 9> kIamParams = {
    "AccessKeyId", "InstanceProfileName", "PolicyArn", "PolicyName", "RoleName", "SetAsDefault", "Status",
    "UserName",    "VersionId",
};

std::string call_elements_lower_first(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// An XML answer as CloudTrail renders it: elements with children become objects, `item` lists
// {"items": [...]}, text the string; requestId is left to the record.
json call_elements_xml(const pugi::xml_node& node) {
  if (!node.first_child() || node.first_child().type() == pugi::node_pcdata) return node.child_value();
  json out = json::object();
  if (std::string_view(node.first_child().name()) == "item") {
    json items = json::array();
    for (auto item : node.children("item")) items.push_back(call_elements_xml(item));
    out["items"] = std::move(items);
    return out;
  }
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (name == "requestId" || name == "userData" || name == "SecretAccessKey") continue;
    out[std::string(name)] = call_elements_xml(child);
  }
  return out;
}

// Dotted query parameters ("IamInstanceProfile.Name") as nested objects.
void call_elements_put(json& into, std::string_view dotted, const std::string& value) {
  json* at = &into;
  for (auto dot = dotted.find('.'); dot != std::string_view::npos; dot = dotted.find('.')) {
    at = &(*at)[std::string(dotted.substr(0, dot))];
    dotted.remove_prefix(dot + 1);
  }
  (*at)[std::string(dotted)] = value;
}

CallElements ec2_call_elements(std::string_view action, const Params& params, const pugi::xml_node& answer) {
  CallElements out;
  const std::string name(action);
  if (std::find(kWrappedEc2.begin(), kWrappedEc2.end(), action) != kWrappedEc2.end()) {
    json request = json::object();
    for (auto param : kWrappedParams) {
      if (const std::string* v = params.get(param)) call_elements_put(request, param, *v);
    }
    out.request = {{name + "Request", std::move(request)}};
    out.response = {{name + "Response", call_elements_xml(answer)}};
    return out;
  }
  if (action == "RunInstances") {
    out.request = {{"instanceType", params.value("InstanceType")}};
    if (const std::string* v = params.get("LaunchTemplate.LaunchTemplateId"))
      out.request["launchTemplate"] = {{"launchTemplateId", *v}};
    out.response = call_elements_xml(answer);
  } else if (action == "StartInstances" || action == "TerminateInstances") {
    json items = json::array();
    for (const auto& id : params.list("InstanceId")) items.push_back({{"instanceId", id}});
    out.request = {{"instancesSet", {{"items", std::move(items)}}}};
    out.response = call_elements_xml(answer);
  } else if (action == "ModifyInstanceAttribute") {
    out.request = {{"instanceId", params.value("InstanceId")}};
    out.response = {{"_return", true}};
  }
  return out;
}

CallElements iam_call_elements(std::string_view action, const Params& params, const pugi::xml_node& answer) {
  CallElements out;
  json request = json::object();
  for (auto param : kIamParams) {
    if (const std::string* v = params.get(param)) request[call_elements_lower_first(param)] = *v;
  }
  out.request = std::move(request);
  // The answer's <ActionResult>: CreateAccessKey's key (its id, never the secret), a new policy version.
  if (action == "CreateAccessKey" || action == "CreatePolicyVersion") {
    json result = call_elements_xml(answer.child((std::string(action) + "Result").c_str()));
    json response = json::object();
    for (auto& [key, value] : result.items()) response[call_elements_lower_first(key)] = value;
    for (auto& [key, value] : response.items()) {
      if (!value.is_object()) continue;
      json renamed = json::object();
      for (auto& [k, v] : value.items()) renamed[call_elements_lower_first(k)] = v;
      value = std::move(renamed);
    }
    out.response = std::move(response);
  }
  return out;
}

}  // namespace

CallElements call_elements(Service service, std::string_view action, const Params& params,
                           std::string_view response_body) {
  if (service != Service::kEc2 && service != Service::kIam) return {};
  pugi::xml_document doc;
  if (!doc.load_buffer(response_body.data(), response_body.size())) return {};
  const pugi::xml_node answer = doc.document_element();
  return service == Service::kEc2 ? ec2_call_elements(action, params, answer)
                                  : iam_call_elements(action, params, answer);
}

}  // namespace rolecall::emulator::cloudtrail
