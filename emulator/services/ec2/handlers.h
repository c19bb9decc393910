#pragma once
// The EC2 operation handlers, one per API operation, named after it in snake_case; each file
// named below defines its group. operations.cpp lists them in the service's operation table.

#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// catalog.cpp
HandlerResult describe_regions(RequestContext& ctx);                   // DescribeRegions
HandlerResult describe_launch_templates(RequestContext& ctx);          // DescribeLaunchTemplates
HandlerResult describe_launch_template_versions(RequestContext& ctx);  // DescribeLaunchTemplateVersions

// instances.cpp
HandlerResult describe_instances(RequestContext& ctx);           // DescribeInstances
HandlerResult describe_instance_attribute(RequestContext& ctx);  // DescribeInstanceAttribute
HandlerResult stop_instances(RequestContext& ctx);               // StopInstances
HandlerResult start_instances(RequestContext& ctx);              // StartInstances

// network.cpp
HandlerResult describe_vpcs(RequestContext& ctx);                // DescribeVpcs
HandlerResult describe_subnets(RequestContext& ctx);             // DescribeSubnets
HandlerResult describe_security_groups(RequestContext& ctx);     // DescribeSecurityGroups
HandlerResult describe_addresses(RequestContext& ctx);           // DescribeAddresses
HandlerResult describe_nat_gateways(RequestContext& ctx);        // DescribeNatGateways
HandlerResult describe_route_tables(RequestContext& ctx);        // DescribeRouteTables
HandlerResult describe_network_interfaces(RequestContext& ctx);  // DescribeNetworkInterfaces

// associations.cpp
HandlerResult describe_iam_instance_profile_associations(
    RequestContext& ctx);                                                     // DescribeIamInstanceProfileAssociations
HandlerResult associate_iam_instance_profile(RequestContext& ctx);            // AssociateIamInstanceProfile
HandlerResult replace_iam_instance_profile_association(RequestContext& ctx);  // ReplaceIamInstanceProfileAssociation
HandlerResult disassociate_iam_instance_profile(RequestContext& ctx);         // DisassociateIamInstanceProfile

// launch.cpp
HandlerResult run_instances(RequestContext& ctx);  // RunInstances

// instance_changes.cpp
HandlerResult terminate_instances(RequestContext& ctx);               // TerminateInstances
HandlerResult modify_instance_metadata_options(RequestContext& ctx);  // ModifyInstanceMetadataOptions

// templates.cpp
HandlerResult create_launch_template(RequestContext& ctx);           // CreateLaunchTemplate
HandlerResult create_launch_template_version(RequestContext& ctx);   // CreateLaunchTemplateVersion
HandlerResult modify_launch_template(RequestContext& ctx);           // ModifyLaunchTemplate
HandlerResult delete_launch_template_versions(RequestContext& ctx);  // DeleteLaunchTemplateVersions

}  // namespace rolecall::emulator::ec2
