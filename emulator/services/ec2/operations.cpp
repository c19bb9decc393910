#include "emulator/services/ec2/operations.h"

#include "emulator/services/ec2/handlers.h"

namespace rolecall::emulator::ec2 {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"DescribeRegions", false, describe_regions},
      {"DescribeInstances", false, describe_instances},
      {"DescribeInstanceAttribute", false, describe_instance_attribute},
      {"DescribeIamInstanceProfileAssociations", false, describe_iam_instance_profile_associations},
      {"AssociateIamInstanceProfile", true, associate_iam_instance_profile},
      {"ReplaceIamInstanceProfileAssociation", true, replace_iam_instance_profile_association},
      {"DisassociateIamInstanceProfile", true, disassociate_iam_instance_profile},
      {"DescribeLaunchTemplates", false, describe_launch_templates},
      {"DescribeLaunchTemplateVersions", false, describe_launch_template_versions},
      {"StopInstances", true, stop_instances},
      {"StartInstances", true, start_instances},
      {"RunInstances", true, run_instances},
      {"TerminateInstances", true, terminate_instances},
      {"ModifyInstanceMetadataOptions", true, modify_instance_metadata_options},
      {"CreateLaunchTemplate", true, create_launch_template},
      {"CreateLaunchTemplateVersion", true, create_launch_template_version},
      {"ModifyLaunchTemplate", true, modify_launch_template},
      {"DeleteLaunchTemplateVersions", true, delete_launch_template_versions},
      {"DescribeVpcs", false, describe_vpcs},
      {"DescribeSubnets", false, describe_subnets},
      {"DescribeSecurityGroups", false, describe_security_groups},
      {"DescribeAddresses", false, describe_addresses},
      {"DescribeNatGateways", false, describe_nat_gateways},
      {"DescribeRouteTables", false, describe_route_tables},
      {"DescribeNetworkInterfaces", false, describe_network_interfaces},
  };
  return ops;
}

}  // namespace rolecall::emulator::ec2
