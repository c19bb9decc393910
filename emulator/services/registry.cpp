#include "emulator/services/registry.h"

#include <unordered_map>

#include "emulator/services/autoscaling/operations.h"
#include "emulator/services/cloudtrail/operations.h"
#include "emulator/services/ec2/operations.h"
#include "emulator/services/iam/operations.h"
#include "emulator/services/organizations/operations.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/securityhub/operations.h"
#include "emulator/services/sqs/operations.h"
#include "emulator/services/sts/operations.h"

namespace rolecall::emulator {

const Operation* find_operation(Service service, const std::string& action) {
  using Table = std::unordered_map<std::string, const Operation*>;
  auto build = [](const std::vector<Operation>& ops) {
    Table t;
    for (const auto& op : ops) t.emplace(op.name, &op);
    return t;
  };
  static const Table ec2 = build(ec2::operations());
  static const Table iam = build(iam::operations());
  static const Table sts = build(sts::operations());
  static const Table orgs = build(organizations::operations());
  static const Table autoscaling = build(autoscaling::operations());
  static const Table securityhub = build(securityhub::operations());
  static const Table cloudtrail = build(cloudtrail::operations());
  static const Table s3 = build(s3::operations());
  static const Table sqs = build(sqs::operations());
  const Table* table = &ec2;
  if (service == Service::kIam) table = &iam;
  if (service == Service::kSts) table = &sts;
  if (service == Service::kOrganizations) table = &orgs;
  if (service == Service::kAutoScaling) table = &autoscaling;
  if (service == Service::kSecurityHub) table = &securityhub;
  if (service == Service::kCloudTrail) table = &cloudtrail;
  if (service == Service::kS3) table = &s3;
  if (service == Service::kSqs) table = &sqs;
  auto it = table->find(action);
  return it == table->end() ? nullptr : it->second;
}

}  // namespace rolecall::emulator
