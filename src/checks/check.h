#pragma once
// The check interface: a pure function from an inventory to findings. Checks never do I/O.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checks/cis.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"

namespace rolecall::checks {

class KeyScanCache;  // checks/key_evidence.h
class KeyUseIndex;   // checks/key_use_match.h

// The link of an instance's credential chain (instance -> profile -> role) whose FAIL `rolecall
// plan` fixes by changing the instance's profile: associating one for kAssociation, replacing it
// for the later links. Values are in chain order, the order a replace lists its failing checks.
enum class FixedLink : std::uint8_t {
  kNone,             // not fixed by a profile change (keys in user data or templates, IMDSv1)
  kAssociation,      // the instance has a profile at all
  kProfile,          // the profile exists and holds a role
  kRoleTrust,        // the role trusts EC2
  kRolePermissions,  // the role is not an administrator
  kApproval,         // the profile or role is an approved one
};

// Static description of a check: stable id, severity, and the text its doc page and reports use.
struct CheckInfo {
  std::string_view id;     // stable, kebab-case, e.g. "instance-has-role"
  std::string_view title;  // one line
  Severity severity = Severity::kMedium;
  std::string_view resource_type;                   // "instance" or "launch-template"
  std::string_view rationale;                       // why it matters, one paragraph
  std::string_view remediation;                     // what to do, one paragraph
  const CisFoundations* cis_foundations = nullptr;  // its CIS AWS Foundations recommendation (checks/cis.h)
  DataNeeds needs;                                  // what the scan must collect for it (rolecall/inventory.h)
  bool default_enabled = true;
  FixedLink fixed_by_plan = FixedLink::kNone;  // what remediation fixes of it (FixedLink)
};

// User policy that shapes verdicts.
struct CheckContext {
  // Approved instance profile or role ARNs (AWS Config's IamInstanceProfileArnList); empty: not judged.
  std::vector<std::string> approved;
  // The scan's time: how recent a found key's last use is (checks never read a clock).
  std::chrono::system_clock::time_point now{};
  // User data already scanned for keys (the key lookups before judging), shared read-only; may be null.
  const KeyScanCache* key_scans = nullptr;
  // The inventory's CloudTrail key uses traced to instances, built once for every slice; may be null.
  const KeyUseIndex* key_uses = nullptr;
};

// The part of an inventory one run of a check judges: some of its regions (run_checks hands out one
// account's at a time), with chains resolved against the whole inventory's IAM.
struct Slice {
  const Inventory& inventory;
  std::vector<const RegionInventory*> regions;  // in inventory order
};

// One check. Implementations are stateless singletons registered in registry.cpp; run() may be
// called from several threads at once, on different slices.
class Check {
 public:
  virtual ~Check() = default;
  // Static description.
  virtual const CheckInfo& info() const = 0;
  // Appends one finding per judged resource of `slice` to `out`.
  virtual void run(const Slice& slice, const CheckContext& context, std::vector<Finding>& out) const = 0;
};

}  // namespace rolecall::checks
