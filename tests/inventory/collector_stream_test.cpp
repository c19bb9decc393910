// The collector reads user data page by page while DescribeInstances still lists a region: EC2
// paces those reads by a bucket per account and region, so the first ones must not wait for the
// region's last page. On a virtual clock: every request takes 10 ms, nothing sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "inventory/collector.h"
#include "support/fake_aws.h"

namespace rolecall::inventory {
namespace {

using rolecall::testing::FakeCredentialsProvider;
using rolecall::testing::FakeLoop;
using rolecall::testing::FakeTransport;
using rolecall::testing::http_response;
using std::chrono::milliseconds;

// The value of `name` in a form-encoded query body, or "" when absent.
std::string form_param(const std::string& body, const std::string& name) {
  const std::string key = name + "=";
  for (std::size_t at = 0; at <= body.size();) {
    std::size_t end = body.find('&', at);
    if (end == std::string::npos) end = body.size();
    if (body.compare(at, key.size(), key) == 0) return body.substr(at + key.size(), end - at - key.size());
    at = end + 1;
  }
  return {};
}

std::string nth_instance_id(std::size_t n) {
  std::string digits = std::to_string(n);
  return "i-" + std::string(17 - digits.size(), '0') + digits;
}

// One request as the fake endpoint saw it, on the virtual clock.
struct StreamRequest {
  std::string action;
  std::string region;
  long long at_ms = 0;
  std::string max_results;  // DescribeInstances
  std::string instance_id;  // DescribeInstanceAttribute
};

class CollectorStream : public ::testing::Test {
 protected:
  CollectorStream() : transport_(loop_, milliseconds(10)), credentials_(std::make_shared<FakeCredentialsProvider>()) {
    aws::AwsClientOptions options;
    options.random = [] { return 0.5; };
    client_ = std::make_unique<aws::AwsClient>(loop_, transport_, credentials_, "acct", nullptr, options);
    transport_.set_handler([this](const aws::HttpRequest& request) { return answer(request); });
  }

  // Serves `instances[region]` instances per region, in pages of MaxResults; DescribeInstances'
  // page at offset `fail_at_offset` (when set) fails as a malformed request does.
  Result<aws::HttpResponse> answer(const aws::HttpRequest& request) {
    const std::string& body = request.body;
    StreamRequest seen;
    seen.action = form_param(body, "Action");
    for (const auto& [region, count] : instances) {
      if (request.url.find("." + region + ".") != std::string::npos) seen.region = region;
    }
    seen.at_ms = std::chrono::duration_cast<milliseconds>(loop_.clock().monotonic() - origin_).count();
    if (seen.action == "DescribeInstances") {
      seen.max_results = form_param(body, "MaxResults");
      const std::string token = form_param(body, "NextToken");
      const std::size_t offset = token.empty() ? 0 : std::stoul(token);
      seen_.push_back(seen);
      if (fail_at_offset && offset == *fail_at_offset) {
        return http_response(400,
                             "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>no</Message></Error>"
                             "</Errors><RequestID>r</RequestID></Response>");
      }
      const std::size_t total = instances[seen.region];
      const std::size_t end = std::min(total, offset + std::stoul(seen.max_results));
      std::string xml = "<DescribeInstancesResponse><requestId>r</requestId><reservationSet>";
      for (std::size_t i = offset; i < end; ++i) {
        xml +=
            "<item><reservationId>r-1</reservationId><ownerId>111122223333</ownerId><instancesSet><item>"
            "<instanceId>" +
            nth_instance_id(i) + "</instanceId><instanceState><code>16</code><name>running</name></instanceState>" +
            "</item></instancesSet></item>";
      }
      xml += "</reservationSet>";
      if (end < total) xml += "<nextToken>" + std::to_string(end) + "</nextToken>";
      return http_response(200, xml + "</DescribeInstancesResponse>");
    }
    if (seen.action == "DescribeInstanceAttribute") {
      seen.instance_id = form_param(body, "InstanceId");
      seen_.push_back(seen);
      return http_response(200, "<DescribeInstanceAttributeResponse><requestId>r</requestId><instanceId>" +
                                    seen.instance_id + "</instanceId><userData><value>ud-" + seen.instance_id +
                                    "</value></userData></DescribeInstanceAttributeResponse>");
    }
    ADD_FAILURE() << "unexpected request: " << body;
    return http_response(400, "");
  }

  // Collects `instances`' regions of one account, with `needs` and the page sizes given.
  Inventory collect_regions(DataNeeds needs, int first_page_size, int page_size) {
    CollectOptions options;
    options.needs = needs;
    for (const auto& [region, count] : instances) options.regions.push_back(region);
    options.describe_first_page_size = first_page_size;
    options.describe_page_size = page_size;
    AccountTarget target;
    target.account_id = "111122223333";
    target.label = "test";
    target.caller = client_.get();
    return collect(loop_, {target}, options);
  }
  Inventory collect_user_data(int first_page_size, int page_size) {
    return collect_regions({.user_data = true}, first_page_size, page_size);
  }

  static const RegionInventory& region_of(const Inventory& inventory, const std::string& name) {
    auto it = std::find_if(inventory.regions.begin(), inventory.regions.end(),
                           [&](const RegionInventory& r) { return r.region == name; });
    EXPECT_NE(it, inventory.regions.end()) << name;
    return *it;
  }

  std::map<std::string, std::size_t> instances;
  std::optional<std::size_t> fail_at_offset;
  std::vector<StreamRequest> seen_;
  FakeLoop loop_;
  const std::chrono::steady_clock::time_point origin_ = loop_.clock().monotonic();
  FakeTransport transport_;
  std::shared_ptr<FakeCredentialsProvider> credentials_;
  std::unique_ptr<aws::AwsClient> client_;
};

TEST_F(CollectorStream, ReadsUserDataFromTheFirstPageOnWhileTheRegionIsStillListed) {
  instances = {{"us-east-1", 7}, {"eu-west-1", 0}};
  Inventory inventory = collect_user_data(2, 3);

  const RegionInventory& east = region_of(inventory, "us-east-1");
  EXPECT_FALSE(east.instances_error);
  EXPECT_TRUE(east.user_data_collected);
  ASSERT_EQ(east.instances.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(east.instances[i].id, nth_instance_id(i));
    EXPECT_EQ(east.instances[i].user_data, "ud-" + nth_instance_id(i)) << i;
    EXPECT_FALSE(east.instances[i].user_data_error) << i;
  }
  const RegionInventory& west = region_of(inventory, "eu-west-1");
  EXPECT_TRUE(west.instances.empty());
  EXPECT_TRUE(west.user_data_collected);  // nothing to read: done when the listing is

  // The first page is the small one, the rest as large as asked.
  std::vector<std::string> sizes;
  long long last_page_at = 0, first_read_at = -1;
  std::size_t reads = 0;
  for (const auto& s : seen_) {
    if (s.region != "us-east-1") continue;
    if (s.action == "DescribeInstances") {
      sizes.push_back(s.max_results);
      last_page_at = s.at_ms;
    } else {
      ++reads;
      if (first_read_at < 0) first_read_at = s.at_ms;
    }
  }
  EXPECT_EQ(sizes, (std::vector<std::string>{"2", "3", "3"}));
  EXPECT_EQ(reads, 7u);
  // Page one answers at 10 ms and its reads go out then, with page two; page three goes at 20 ms.
  EXPECT_EQ(first_read_at, 10);
  EXPECT_EQ(last_page_at, 20);
  EXPECT_LT(first_read_at, last_page_at);
}

TEST_F(CollectorStream, AFailedLaterPageKeepsTheReadsAlreadyStartedAndEndsTheRegion) {
  instances = {{"us-east-1", 7}};
  fail_at_offset = 2;
  Inventory inventory = collect_user_data(2, 3);

  const RegionInventory& east = region_of(inventory, "us-east-1");
  ASSERT_TRUE(east.instances_error);
  EXPECT_FALSE(east.user_data_collected);
  ASSERT_EQ(east.instances.size(), 2u);  // page one's
  for (const auto& instance : east.instances) EXPECT_EQ(instance.user_data, "ud-" + instance.id);
}

TEST_F(CollectorStream, WithoutUserDataEveryPageIsFullSize) {
  instances = {{"us-east-1", 7}};
  Inventory inventory = collect_regions({}, 2, 5);
  EXPECT_EQ(region_of(inventory, "us-east-1").instances.size(), 7u);
  std::vector<std::string> sizes;
  for (const auto& s : seen_) sizes.push_back(s.action + " " + s.max_results);
  EXPECT_EQ(sizes, (std::vector<std::string>{"DescribeInstances 5", "DescribeInstances 5"}));
}

}  // namespace
}  // namespace rolecall::inventory
