// A JSON number beyond a double (1e400) wherever rolecall reads JSON: the built binary exits with a
// usage or credentials error naming the input, never an abort (exit 134, as before base::
// parse_untrusted_json: nlohmann threw out_of_range where the parse sites caught parse_error).
#include <httplib.h>

#include <string>
#include <thread>

#include "base/clock.h"
#include "cli_env.h"
#include "remediate/journal.h"

namespace rolecall::testing {
namespace {

constexpr const char* kCredentialsWithHugeNumber =
    R"({"Version": 1, "Code": "Success", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
        "SecretAccessKey": "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", "Token": "t", "Expiration": 1e400})";

// Unusable credentials exit 2 (a malformed document) today; issue 17's rule "nothing could be
// scanned is 3" may move them to 3. Either is a clean error; an abort is not.
constexpr std::initializer_list<int> kCredentialsExit = {2, 3};

using BadJson = HostileCliTest;

TEST_F(BadJson, PlanFile) {
  write("plan.json", R"({"schema":"rolecall.plan/v1","version":1,"actions":[],"extra":1e400})");
  auto r = run("apply " + path("plan.json").string() + " --yes --journal " + path("j.db").string());
  expect_clean_error(r, {2}, path("plan.json").string() + ": malformed JSON at byte offset");
  EXPECT_NE(r.err.find("beyond the range of a double"), std::string::npos) << r.err;
}

TEST_F(BadJson, ApplyResumeOfAJournalPlan) {
  base::SystemClock clock;
  std::string run_id;
  {
    auto journal = remediate::Journal::open(path("j.db").string(), clock);
    ASSERT_TRUE(journal) << journal.error().message;
    remediate::RunRecord record;
    record.kind = "apply";
    record.plan_json = R"({"schema":"rolecall.plan/v1","version":1e400,"actions":[]})";
    auto id = (*journal)->begin_run(record);
    ASSERT_TRUE(id) << id.error().message;
    run_id = *id;
  }
  auto r = run("--region us-east-1 apply --resume " + run_id + " --yes --journal " + path("j.db").string());
  expect_clean_error(r, {2}, "journal plan of " + run_id + ": malformed JSON");
}

TEST_F(BadJson, PlanFromScan) {
  write("scan.json", R"({"schema":"rolecall.scan/v1","findings":[{"n":-1e400}]})");
  auto r = run("plan --from-scan " + path("scan.json").string() + " --instance-profile p --out " +
               path("plan.json").string());
  expect_clean_error(r, {2}, path("scan.json").string() + ": malformed JSON at byte offset");
}

TEST_F(BadJson, ScanFromAnInventory) {
  std::filesystem::create_directories(path("inventory"));
  write("inventory/manifest.json", "{\"schema\": \"rolecall.inventory/v1\",\n \"collected_at\": 1e400}");
  auto r = run("scan --from " + path("inventory").string());
  expect_clean_error(r, {2}, (path("inventory") / "manifest.json").string() + ": malformed JSON at byte offset");
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
}

TEST_F(BadJson, ScanFromAwsCliOutput) {
  const auto fixtures = std::filesystem::path(source_dir()) / "tests/data/offline/awscli";
  std::filesystem::copy(fixtures, path("awscli"));
  const std::string file = (path("awscli") / "describe-instances-us-east-1.json").string();
  write_file(file, replace_once(read_file(file), "{", "{\"Junk\": 1e400,"));
  auto r = run("scan --from " + path("awscli").string());
  expect_clean_error(r, {2}, file + ": malformed JSON at byte offset");
}

TEST_F(BadJson, CredentialProcessOutput) {
  write("config",
        std::string("[profile hostile]\ncredential_process = printf '%s' '") + kCredentialsWithHugeNumber + "'\n");
  auto r = run("--region us-east-1 --profile hostile whoami");
  expect_clean_error(r, kCredentialsExit, "credential_process of profile hostile: malformed JSON at byte offset");
  EXPECT_EQ(r.err.find("wJalr"), std::string::npos) << "the secret reached stderr";
}

// A one-route-per-path HTTP server on 127.0.0.1 answering credentials with a huge number.
class CredentialsServer {
 public:
  CredentialsServer() {
    server_.Put("/latest/api/token",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("token", "text/plain"); });
    server_.Get("/latest/meta-data/iam/security-credentials/",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("web-role", "text/plain"); });
    auto creds = [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kCredentialsWithHugeNumber, "application/json");
    };
    server_.Get("/latest/meta-data/iam/security-credentials/web-role", creds);
    server_.Get("/creds", creds);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~CredentialsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

TEST_F(BadJson, InstanceMetadataResponse) {
  CredentialsServer server;
  unset("AWS_EC2_METADATA_DISABLED");
  set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
  auto r = run("--region us-east-1 whoami");
  expect_clean_error(r, kCredentialsExit, "instance role web-role credentials: malformed JSON at byte offset");
  EXPECT_EQ(r.err.find("wJalr"), std::string::npos) << "the secret reached stderr";
}

TEST_F(BadJson, ContainerCredentialsResponse) {
  CredentialsServer server;
  set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds"));
  auto r = run("--region us-east-1 whoami");
  expect_clean_error(r, kCredentialsExit, "container credentials from");
  EXPECT_NE(r.err.find("malformed JSON at byte offset"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wJalr"), std::string::npos) << "the secret reached stderr";
}

}  // namespace
}  // namespace rolecall::testing
