// The plan entry point and plan-file reading (include/rolecall/remediate.h).
#include "rolecall/remediate.h"

namespace rolecall {

Result<Plan> read_plan_file(const base::Env& env, const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kInvalidArgument, "cannot read plan file " + path);
  return plan_from_json(*text, path);
}

Result<PlanOutcome> plan(aws::Session& session, const PlanOptions& options) {
  return remediate::build_plan(session, options);
}

}  // namespace rolecall
