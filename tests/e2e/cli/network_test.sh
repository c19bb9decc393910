#!/usr/bin/env bash
# Debian's AWS CLI v2 reads an estate's networking from rolecall-emulator exactly as the estate
# says: instances' addresses, subnets and reservations, VPCs, subnets, security groups, Elastic IPs,
# NAT gateways, route tables and network interfaces, with filters and pagination.
# Usage: network_test.sh ROLECALL_EMULATOR
source "$(dirname "$0")/lib.sh"
e2e_start "$1" "accounts=2,regions=2,instances=120,seed=23"

A='state["accounts"][0]'
R="'us-east-1'"
VPCS="[v['id'] for v in $A['vpcs'] if v['region'] == $R]"

out=$(awsx ec2 describe-instances --page-size 7 \
  --query "Reservations[].Instances[].[InstanceId, PrivateIpAddress, PublicIpAddress, SubnetId, VpcId, SecurityGroups[0].GroupId]" --output json)
want=$(e2e_estate "json.dumps([[i['id'], i['private_ip'], i['public_ip'], i['subnet'], [s['vpc'] for s in $A['subnets'] if s['id'] == i['subnet']][0], i['security_groups'][0]] for i in $A['instances'] if i['region'] == $R])")
assert_json "$out" "sorted(doc, key=str) == sorted($want, key=str) and len(doc) > 10" "describe-instances: addresses, subnet, VPC and group as the estate says"

out=$(awsx ec2 describe-instances --query "Reservations[].[ReservationId, Instances[].InstanceId]" --output json)
want=$(e2e_estate "json.dumps(sorted({r: [i['id'] for i in $A['instances'] if i['region'] == $R and i['reservation'] == r] for r in {i['reservation'] for i in $A['instances'] if i['region'] == $R}}.items()))")
assert_json "$out" "sorted([r, ids] for r, ids in doc) == [list(x) for x in $want] and any(len(ids) > 1 for r, ids in doc)" "describe-instances groups multi-instance reservations"

ip=$(e2e_estate "[i['private_ip'] for i in $A['instances'] if i['region'] == $R and i['state'] == 'running'][0]")
out=$(awsx ec2 describe-instances --filters "Name=network-interface.addresses.private-ip-address,Values=$ip" --query "Reservations[].Instances[].PrivateIpAddress" --output json)
assert_json "$out" "doc == ['$ip']" "describe-instances filters by network-interface.addresses.private-ip-address"

out=$(awsx ec2 describe-vpcs --query "Vpcs[].VpcId" --output json)
assert_json "$out" "sorted(doc) == sorted($(e2e_estate "json.dumps($VPCS)")) and len(doc) == 2" "describe-vpcs: the VPC and the default VPC"

out=$(awsx ec2 describe-subnets --filters Name=map-public-ip-on-launch,Values=false --query "Subnets[].[SubnetId, CidrBlock]" --output json)
want=$(e2e_estate "json.dumps([[s['id'], s['cidr']] for s in $A['subnets'] if s['vpc'] in $VPCS and not s['public']])")
assert_json "$out" "sorted(doc) == sorted($want) and len(doc) == 3" "describe-subnets filters private subnets"

out=$(awsx ec2 describe-security-groups --filters Name=group-name,Values=default --query "SecurityGroups[].VpcId" --output json)
assert_json "$out" "sorted(doc) == sorted($(e2e_estate "json.dumps($VPCS)"))" "describe-security-groups: a default group per VPC"

out=$(awsx ec2 describe-nat-gateways --query "NatGateways[].[NatGatewayId, NatGatewayAddresses[0].PublicIp, SubnetId]" --output json)
want=$(e2e_estate "json.dumps([[n['id'], n['public_ip'], n['subnet']] for n in $A['nat_gateways'] if n['subnet'] in [s['id'] for s in $A['subnets'] if s['vpc'] in $VPCS]])")
assert_json "$out" "sorted(doc) == sorted($want) and len(doc) == 3" "describe-nat-gateways"

out=$(awsx ec2 describe-addresses --query "Addresses[].[PublicIp, InstanceId]" --output json)
want=$(e2e_estate "json.dumps([[e['public_ip'], e.get('instance')] for e in $A['elastic_ips'] if e['region'] == $R] + [[n['public_ip'], None] for n in $A['nat_gateways'] if n['subnet'] in [s['id'] for s in $A['subnets'] if s['vpc'] in $VPCS]])")
assert_json "$out" "sorted(doc, key=str) == sorted($want, key=str)" "describe-addresses: Elastic IPs on instances, unassociated and NAT gateways'"

out=$(awsx ec2 describe-route-tables --filters Name=route.nat-gateway-id,Values='nat-*' --query "RouteTables[].[Associations[0].SubnetId, Routes[1].NatGatewayId]" --output json)
want=$(e2e_estate "json.dumps([[s['id'], s['nat_gateway']] for s in $A['subnets'] if s['vpc'] in $VPCS and s.get('nat_gateway')])")
assert_json "$out" "sorted(doc) == sorted($want)" "describe-route-tables: private subnets route through their NAT gateway"

out=$(awsx ec2 describe-network-interfaces --page-size 5 --query "NetworkInterfaces[].[PrivateIpAddress, InterfaceType]" --output json)
want=$(e2e_estate "json.dumps([[i['private_ip'], 'interface'] for i in $A['instances'] if i['region'] == $R and i['state'] != 'terminated'] + [[n['private_ip'], 'nat_gateway'] for n in $A['nat_gateways'] if n['subnet'] in [s['id'] for s in $A['subnets'] if s['vpc'] in $VPCS]])")
assert_json "$out" "sorted(doc) == sorted($want)" "describe-network-interfaces pages over instances' and NAT gateways' interfaces"

id=$(e2e_estate "[i['id'] for i in $A['instances'] if i['region'] == $R][0]")
out=$(awsx ec2 describe-instance-attribute --instance-id "$id" --attribute groupSet --query "Groups[].GroupId" --output json)
assert_json "$out" "doc == $(e2e_estate "json.dumps([i['security_groups'] for i in $A['instances'] if i['id'] == '$id'][0])")" "describe-instance-attribute groupSet"

assert_fails InvalidVpcID.NotFound "describe-vpcs names an unknown VPC" -- ec2 describe-vpcs --vpc-ids vpc-0000000000000000f
assert_fails InvalidParameterValue "describe-instances refuses a documented filter it does not model" -- \
  ec2 describe-instances --filters Name=placement-group-name,Values=x

# Security groups carry rules: the default group admits its own members and allows all egress;
# the generated web group admits HTTPS from anywhere.
out=$(awsx ec2 describe-security-groups --filters Name=group-name,Values=default --query "SecurityGroups[].[GroupId, IpPermissions[0].IpProtocol, IpPermissions[0].UserIdGroupPairs[0].GroupId, IpPermissionsEgress[0].IpRanges[0].CidrIp]" --output json)
assert_json "$out" "len(doc) == 2 and all(g == peer and p == '-1' and c == '0.0.0.0/0' for g, p, peer, c in doc)" "describe-security-groups: the default group admits itself, all egress"
out=$(awsx ec2 describe-security-groups --filters Name=ip-permission.from-port,Values=443 --query "SecurityGroups[].[GroupName, IpPermissions[0].FromPort, IpPermissions[0].ToPort, IpPermissions[0].IpRanges[0].CidrIp]" --output json)
assert_json "$out" "doc and all(r == ['web', 443, 443, '0.0.0.0/0'] for r in doc)" "describe-security-groups filters by ip-permission.from-port"

out=$(awsx ec2 describe-network-interfaces --filters "Name=addresses.private-ip-address,Values=$ip" --query "NetworkInterfaces[].PrivateIpAddress" --output json)
assert_json "$out" "doc == ['$ip']" "describe-network-interfaces filters by addresses.private-ip-address"
assert_fails InvalidParameterValue "describe-subnets refuses a documented filter it does not model" -- \
  ec2 describe-subnets --filters Name=outpost-arn,Values=x

# Stop releases the auto-assigned public IPv4 address; start assigns a new one.
id=$(e2e_estate "[i['id'] for i in $A['instances'] if i['region'] == $R and i['state'] == 'running' and i.get('public_ip') and i['root_device_type'] == 'ebs' and i['id'] not in [e.get('instance') for e in $A['elastic_ips']]][0]")
old=$(e2e_estate "[i['public_ip'] for i in $A['instances'] if i['id'] == '$id'][0]")
awsx ec2 stop-instances --instance-ids "$id" >/dev/null
out=$(awsx ec2 describe-instances --instance-ids "$id" --query "Reservations[0].Instances[0].[State.Name, PublicIpAddress]" --output json)
assert_json "$out" "doc == ['stopped', None]" "a stopped instance has no auto-assigned public IP"
awsx ec2 start-instances --instance-ids "$id" >/dev/null
out=$(awsx ec2 describe-instances --instance-ids "$id" --query "Reservations[0].Instances[0].[State.Name, PublicIpAddress]" --output json)
assert_json "$out" "doc[0] == 'running' and doc[1] and doc[1] != '$old'" "a started instance gets a new public IP"

e2e_finish
