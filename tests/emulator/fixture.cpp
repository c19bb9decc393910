#include "emulator/fixture.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/sigv4.h"

namespace rolecall::testing {
namespace {

using nlohmann::json;

json allow(const json& actions, const json& resource = "*") {
  return {{"Version", "2012-10-17"},
          {"Statement", json::array({{{"Effect", "Allow"}, {"Action", actions}, {"Resource", resource}}})}};
}

json trust_service(const std::string& service) {
  return {{"Version", "2012-10-17"},
          {"Statement",
           json::array({{{"Effect", "Allow"}, {"Principal", {{"Service", service}}}, {"Action", "sts:AssumeRole"}}})}};
}

json trust_account(const std::string& account) {
  return {{"Version", "2012-10-17"},
          {"Statement", json::array({{{"Effect", "Allow"},
                                      {"Principal", {{"AWS", "arn:aws:iam::" + account + ":root"}}},
                                      {"Action", "sts:AssumeRole"}}})}};
}

json instance(const std::string& id, const std::string& state, const json& profile,
              const std::string& region = "us-east-1") {
  return {{"id", id},
          {"region", region},
          {"state", state},
          {"instance_profile", profile},
          {"http_tokens", "optional"},
          {"tags", {{"Name", id}}}};
}

json key(const std::string& id, const std::string& secret) {
  return {{"id", id}, {"secret", secret}, {"status", "Active"}};
}

}  // namespace

Identity admin_identity() { return {"AKIAPRODADMIN0000001", "prod-admin-secret", ""}; }
Identity reader_identity() { return {"AKIAPRODREADER000001", "prod-reader-secret", ""}; }
Identity nobody_identity() { return {"AKIAPRODNOBODY000001", "prod-nobody-secret", ""}; }
Identity ec2only_identity() { return {"AKIAPRODEC2ONLY00001", "prod-ec2only-secret", ""}; }
Identity dev_identity() { return {"AKIADEVADMIN00000001", "dev-admin-secret", ""}; }

json test_estate() {
  json instances = json::array();
  // 12 instances in us-east-1: 0..5 with profile web, 6..8 without, 9 stopped, 10 terminated, 11 instance-store.
  for (int i = 0; i < 12; ++i) {
    std::string id = fmt::format("i-{:017x}", 0xa00 + i);
    std::string state = i == 9 ? "stopped" : i == 10 ? "terminated" : "running";
    json profile = i < 6 ? json("web") : i == 8 ? json("deleted-profile") : json(nullptr);
    json in = instance(id, state, profile);
    if (i == 11) in["root_device_type"] = "instance-store";
    if (i == 0) in["user_data"] = "IyEvYmluL2Jhc2gKZWNobyBoaQo=";
    if (i == 1) in["launch_template"] = {{"id", "lt-0123456789abcdef0"}, {"version", "1"}};
    instances.push_back(in);
  }
  instances.push_back(instance("i-0e000000000000001", "running", nullptr, "eu-west-1"));
  json prod = {
      {"id", "111111111111"},
      {"name", "prod"},
      {"email", "prod@example.com"},
      {"enabled_regions", {"us-east-1", "eu-west-1"}},
      {"users", json::array({
                    {{"name", "admin"},
                     {"access_keys", {key(admin_identity().key, admin_identity().secret)}},
                     {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}}},
                    {{"name", "reader"},
                     {"access_keys", {key(reader_identity().key, reader_identity().secret)}},
                     {"attached_policy_arns", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}}},
                    {{"name", "nobody"}, {"access_keys", {key(nobody_identity().key, nobody_identity().secret)}}},
                    {{"name", "ec2only"},
                     {"access_keys", {key(ec2only_identity().key, ec2only_identity().secret)}},
                     {"inline_policies", {{{"name", "ec2"}, {"document", allow("ec2:*")}}}}},
                })},
      {"managed_policies", {{{"name", "app-read"}, {"path", "/"}, {"document", allow("s3:GetObject")}}}},
      {"roles", json::array({
                    {{"name", "web"},
                     {"trust_policy", trust_service("ec2.amazonaws.com")},
                     {"attached_policy_arns", {"arn:aws:iam::111111111111:policy/app-read"}},
                     {"inline_policies", {{{"name", "logs"}, {"document", allow("logs:PutLogEvents")}}}}},
                    {{"name", "admin-role"},
                     {"trust_policy", trust_account("111111111111")},
                     {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}}},
                    {{"name", "spare"}, {"trust_policy", trust_service("ec2.amazonaws.com")}},
                })},
      {"instance_profiles",
       {{{"name", "web"}, {"roles", {"web"}}},
        {{"name", "spare"}, {"roles", {"spare"}}},
        {{"name", "empty"}, {"roles", json::array()}}}},
      {"instances", instances},
      {"launch_templates",
       {{{"id", "lt-0123456789abcdef0"},
         {"name", "web"},
         {"region", "us-east-1"},
         {"default_version", 1},
         {"versions",
          {{{"number", 1}, {"user_data", ""}, {"instance_profile", "web"}, {"http_tokens", "required"}},
           {{"number", 2}, {"user_data", "ZWNobyBoaQ=="}}}}}}},
  };
  json dev = {
      {"id", "222222222222"},
      {"name", "dev"},
      {"users",
       {{{"name", "dev-admin"},
         {"access_keys", {key(dev_identity().key, dev_identity().secret)}},
         {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}}}}},
      {"roles",
       {{{"name", "OrganizationAccountAccessRole"},
         {"trust_policy", trust_account("111111111111")},
         {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}}}}},
  };
  return {{"schema_version", 1},
          {"partition", "aws"},
          {"regions", {"us-east-1", "eu-west-1", "af-south-1"}},
          {"opt_in_regions", {"af-south-1"}},
          {"organization", {{"id", "o-abcdefghij"}, {"management_account", "111111111111"}}},
          {"accounts", {prod, dev}}};
}

std::string Answer::find(const char* name) const {
  auto node = xml.select_node((std::string("//*[local-name()='") + name + "']").c_str());
  return node ? node.node().text().as_string() : "";
}

std::vector<std::string> Answer::all(const char* name) const {
  std::vector<std::string> out;
  for (auto& n : xml.select_nodes((std::string("//*[local-name()='") + name + "']").c_str()))
    out.push_back(n.node().text().as_string());
  return out;
}

void EmulatorTest::start(emulator::EmulatorOptions options) {
  if (!options.estate && !options.generate) options.estate = test_estate();
  auto clock = clock_seconds_;
  if (!options.clock) {
    options.clock = [clock] { return std::chrono::system_clock::time_point(std::chrono::seconds(clock->load())); };
  }
  start_emulator(options);
}

namespace {

Answer send(int port, const aws::HttpRequest& request) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  client.set_tcp_nodelay(true);
  httplib::Headers headers;
  // httplib adds Content-Type itself; a second copy would change what the server verifies.
  for (const auto& h : request.headers) {
    if (h.name != "Content-Type") headers.emplace(h.name, h.value);
  }
  std::string path = request.url.substr(request.url.find('/', 7));
  auto content_type = request.header("Content-Type");
  httplib::Result result = request.method == "GET"      ? client.Get(path.c_str(), headers)
                           : request.method == "HEAD"   ? client.Head(path.c_str(), headers)
                           : request.method == "DELETE" ? client.Delete(path.c_str(), headers)
                           : request.method == "PUT"
                               ? client.Put(path.c_str(), headers, request.body, content_type.c_str())
                               : client.Post(path.c_str(), headers, request.body, content_type.c_str());
  Answer a;
  if (!result) return a;
  a.status = result->status;
  a.body = result->body;
  a.request_id_header = result->get_header_value("x-amzn-RequestId");
  a.etag = result->get_header_value("ETag");
  a.content_type = result->get_header_value("Content-Type");
  a.content_length = result->get_header_value("Content-Length");
  a.xml.load_string(a.body.c_str());
  return a;
}

// `request` signed with SigV4 as `who` for `service` in `region` at `seconds` since the epoch.
aws::HttpRequest signed_request(aws::HttpRequest request, const Identity& who, const std::string& region,
                                const std::string& service, long long seconds) {
  aws::sigv4::SigningParams signing;
  signing.access_key_id = who.key;
  signing.secret_access_key = who.secret;
  signing.session_token = who.token;
  signing.region = region;
  signing.service = service;
  signing.time = std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
  EXPECT_TRUE(aws::sigv4::sign_request(request, signing).has_value());
  return request;
}

}  // namespace

Answer EmulatorTest::query(const Identity& who, const std::string& service, aws::QueryParams params,
                           const std::string& region, long long skew_seconds, bool use_get) {
  bool has_version = std::any_of(params.begin(), params.end(), [](const auto& p) { return p.first == "Version"; });
  if (add_version_ && !has_version) {
    params.emplace_back("Version", service == "ec2"           ? "2016-11-15"
                                   : service == "iam"         ? "2010-05-08"
                                   : service == "autoscaling" ? "2011-01-01"
                                                              : "2011-06-15");
  }
  aws::HttpRequest request;
  request.method = use_get ? "GET" : "POST";
  request.url = fmt::format("http://127.0.0.1:{}/", emu_->port());
  if (use_get) {
    request.url += "?" + aws::encode_form(params);
  } else {
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
    request.body = aws::encode_form(params);
  }
  return send(emu_->port(), signed_request(std::move(request), who, region, service, now_.load() + skew_seconds));
}

namespace {

// An unsigned JSON 1.1 POST of `body` to operation `target` (X-Amz-Target).
aws::HttpRequest json11_request(int port, const std::string& target, const nlohmann::json& body) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = fmt::format("http://127.0.0.1:{}/", port);
  request.headers.push_back({"Content-Type", "application/x-amz-json-1.1"});
  request.headers.push_back({"X-Amz-Target", target});
  request.body = body.dump();
  return request;
}

}  // namespace

Answer EmulatorTest::organizations(const Identity& who, const std::string& operation, const nlohmann::json& body) {
  auto request = json11_request(emu_->port(), "AWSOrganizationsV20161128." + operation, body);
  return send(emu_->port(), signed_request(std::move(request), who, "us-east-1", "organizations", now_.load()));
}

Answer EmulatorTest::cloudtrail(const Identity& who, const std::string& operation, const nlohmann::json& body,
                                const std::string& region) {
  auto request =
      json11_request(emu_->port(), "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation, body);
  return send(emu_->port(), signed_request(std::move(request), who, region, "cloudtrail", now_.load()));
}

Answer EmulatorTest::sqs(const Identity& who, const std::string& operation, const nlohmann::json& body,
                         const std::string& region) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = fmt::format("http://127.0.0.1:{}/", emu_->port());
  request.headers.push_back({"Content-Type", "application/x-amz-json-1.0"});
  request.headers.push_back({"X-Amz-Target", "AmazonSQS." + operation});
  request.body = body.dump();
  return send(emu_->port(), signed_request(std::move(request), who, region, "sqs", now_.load()));
}

Answer EmulatorTest::rest_json(const Identity& who, const std::string& service, const std::string& path,
                               const nlohmann::json& body, const std::string& region) {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = fmt::format("http://127.0.0.1:{}{}", emu_->port(), path);
  request.headers.push_back({"Content-Type", "application/json"});
  request.body = body.dump();
  return send(emu_->port(), signed_request(std::move(request), who, region, service, now_.load()));
}

Answer EmulatorTest::s3_get(const Identity& who, const std::string& path_and_query, const std::string& payload_hash) {
  return s3_send(who, "GET", path_and_query, {}, {}, "us-east-1", payload_hash);
}

Answer EmulatorTest::s3_send(const Identity& who, const std::string& method, const std::string& path_and_query,
                             const std::string& body, const std::string& content_type, const std::string& region,
                             const std::string& payload_hash) {
  aws::HttpRequest request;
  request.method = method;
  request.url = fmt::format("http://127.0.0.1:{}{}", emu_->port(), path_and_query);
  request.body = body;
  if (!content_type.empty()) request.set_header("Content-Type", content_type);
  aws::sigv4::SigningParams signing;
  signing.access_key_id = who.key;
  signing.secret_access_key = who.secret;
  signing.session_token = who.token;
  signing.region = region;
  signing.service = "s3";
  signing.time = std::chrono::system_clock::time_point(std::chrono::seconds(now_.load()));
  signing.normalize_path = false;
  if (payload_hash.empty()) {
    signing.sign_body = true;
  } else {
    request.set_header("x-amz-content-sha256", payload_hash);
  }
  EXPECT_TRUE(aws::sigv4::sign_request(request, signing).has_value());
  return send(emu_->port(), request);
}

Answer EmulatorTest::raw(const std::string& method, const std::string& path, const std::string& body,
                         const httplib::Headers& headers) {
  httplib::Client client("127.0.0.1", emu_->port());
  auto result = method == "GET"   ? client.Get(path.c_str(), headers)
                : method == "PUT" ? client.Put(path.c_str(), headers, body, "application/octet-stream")
                                  : client.Post(path.c_str(), headers, body, "application/x-www-form-urlencoded");
  Answer a;
  if (!result) return a;
  a.status = result->status;
  a.body = result->body;
  a.xml.load_string(a.body.c_str());
  return a;
}

}  // namespace rolecall::testing
