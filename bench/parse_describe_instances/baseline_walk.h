#pragma once
// The baseline a developer would write first: a default (copying) pugixml parse and a DOM walk
// with child("name") lookups, extracting exactly the fields rolecall's parser extracts.

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "rolecall/inventory.h"

namespace rolecall::bench {

// Parses `body` with pugixml defaults and walks it; empty vector on a parse error.
inline std::vector<Instance> baseline_dom_walk(std::string_view body, std::string_view region) {
  std::vector<Instance> out;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return out;
  pugi::xml_node root = doc.child("DescribeInstancesResponse");
  for (pugi::xml_node reservation : root.child("reservationSet").children("item")) {
    std::string owner = reservation.child("ownerId").text().as_string();
    for (pugi::xml_node item : reservation.child("instancesSet").children("item")) {
      Instance inst;
      inst.id = item.child("instanceId").text().as_string();
      inst.account_id = owner;
      inst.region = std::string(region);
      inst.state = item.child("instanceState").child("name").text().as_string();
      inst.instance_type = item.child("instanceType").text().as_string();
      inst.profile_arn = item.child("iamInstanceProfile").child("arn").text().as_string();
      inst.profile_id = item.child("iamInstanceProfile").child("id").text().as_string();
      inst.launch_time = item.child("launchTime").text().as_string();
      inst.root_device_type = item.child("rootDeviceType").text().as_string();
      pugi::xml_node md = item.child("metadataOptions");
      if (md) {
        inst.metadata.http_tokens = md.child("httpTokens").text().as_string();
        inst.metadata.http_endpoint = md.child("httpEndpoint").text().as_string();
        inst.metadata.http_put_response_hop_limit = md.child("httpPutResponseHopLimit").text().as_int(1);
      }
      for (pugi::xml_node tag : item.child("tagSet").children("item")) {
        Tag t{tag.child("key").text().as_string(), tag.child("value").text().as_string()};
        if (t.key == "aws:ec2launchtemplate:id") inst.launch_template_id = t.value;
        if (t.key == "aws:ec2launchtemplate:version") inst.launch_template_version = t.value;
        inst.tags.push_back(std::move(t));
      }
      out.push_back(std::move(inst));
    }
  }
  return out;
}

}  // namespace rolecall::bench
