#include "remediate/bucket_policies.h"

#include <optional>
#include <utility>
#include <vector>

#include "aws/ops/s3_buckets.h"

namespace rolecall::remediate {
namespace {

// Reads the policy of each of `buckets` into `directory` (which outlives the loop's run).
void read_policies(aws::AwsCaller& caller, const std::string& partition,
                   const std::vector<aws::s3::BucketSummary>& buckets, UserDirectory& directory) {
  for (const auto& b : buckets) {
    // A bucket S3 gave no region for is asked in us-east-1, which redirects to its own.
    const std::string region = b.region.empty() ? "us-east-1" : b.region;
    std::string arn = "arn:" + partition + ":s3:::" + b.name;
    aws::s3::get_bucket_policy(caller, region, b.name,
                               [&directory, arn = std::move(arn)](Result<std::optional<std::string>> policy) {
                                 if (!policy) {
                                   if (!directory.buckets_error) directory.buckets_error = policy.error();
                                   return;
                                 }
                                 if (*policy) directory.bucket_policies[arn] = std::move(**policy);
                               });
  }
}

}  // namespace

void read_bucket_policies(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                          const Inventory& inventory, std::map<std::string, UserDirectory>& directories,
                          std::vector<std::string>& warnings) {
  for (auto& [account, directory] : directories) {
    auto caller = callers.find(account);
    if (caller == callers.end() || caller->second == nullptr) {
      directory.buckets_error = Error::credentials("no credentials reach account " + account);
      continue;
    }
    const AccountInventory* known = inventory.account(account);
    const std::string partition = known == nullptr || known->partition.empty() ? "aws" : known->partition;
    aws::AwsCaller& reach = *caller->second;
    aws::s3::list_all_buckets(reach,
                              [&reach, partition, &directory](Result<std::vector<aws::s3::BucketSummary>>&& buckets) {
                                if (!buckets) {
                                  directory.buckets_error = buckets.error();
                                  return;
                                }
                                read_policies(reach, partition, *buckets, directory);
                              });
  }
  loop.run();
  for (const auto& [account, directory] : directories) {
    if (!directory.buckets_error) continue;
    warnings.push_back("the bucket policies of account " + account +
                       " could not all be read, so a bucket policy naming a migrated user there is not listed: " +
                       directory.buckets_error->describe());
  }
}

}  // namespace rolecall::remediate
