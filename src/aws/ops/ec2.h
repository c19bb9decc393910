#pragma once
// Every EC2 operation rolecall uses (API version 2016-11-15). Each has typed request/response
// structs, an asynchronous call over AwsCaller and a pure parse_* function for its response.
// DryRun: StopInstances/StartInstances send DryRun=true and report a DryRunOperation answer as
// success with dry_run_ok = true; the association calls have no DryRun in the EC2 API and fail
// with kInvalidArgument code kDryRunUnsupported (nothing sent).

#include "aws/ops/ec2_instance_attribute.h"
#include "aws/ops/ec2_instances.h"
#include "aws/ops/ec2_launch_templates.h"
#include "aws/ops/ec2_profile_associations.h"
#include "aws/ops/ec2_regions.h"
#include "aws/ops/ec2_start_stop.h"
#include "aws/ops/query_call.h"
