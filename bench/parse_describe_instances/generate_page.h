#pragma once
// A realistic DescribeInstances page (the elements EC2 2016-11-15 returns: network interfaces,
// block devices, security groups, tags, metadata options...), one element per line without
// indentation: ~3.3 KB per instance, so a 1,000-instance page is ~3.3 MB. Deterministic.

#include <cstddef>
#include <string>

#include <fmt/format.h>

namespace rolecall::bench {

// The XML of one instance item (indentation as inside <instancesSet>).
inline void append_instance(std::string& out, std::size_t i) {
  const bool has_profile = i % 4 != 3;  // a quarter have no role
  const bool from_template = i % 5 == 0;
  const bool running = i % 7 != 6;
  const char* tokens = i % 3 == 0 ? "optional" : "required";
  const unsigned ip3 = static_cast<unsigned>((i / 250) % 256);
  const unsigned ip4 = static_cast<unsigned>(i % 250 + 4);
  fmt::format_to(std::back_inserter(out), R"(                <item>
                    <instanceId>i-0{:016x}</instanceId>
                    <imageId>ami-0b5eea76982371e91</imageId>
                    <instanceState>
                        <code>{}</code>
                        <name>{}</name>
                    </instanceState>
                    <privateDnsName>ip-10-0-{}-{}.ec2.internal</privateDnsName>
                    <dnsName/>
                    <reason>{}</reason>
                    <keyName>ops-keypair</keyName>
                    <amiLaunchIndex>0</amiLaunchIndex>
                    <productCodes/>
                    <instanceType>{}</instanceType>
                    <launchTime>2024-{:02}-{:02}T{:02}:14:07.000Z</launchTime>
                    <placement>
                        <availabilityZone>us-east-1{}</availabilityZone>
                        <groupName/>
                        <tenancy>default</tenancy>
                    </placement>
                    <monitoring>
                        <state>disabled</state>
                    </monitoring>
                    <subnetId>subnet-0{:016x}</subnetId>
                    <vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
                    <privateIpAddress>10.0.{}.{}</privateIpAddress>
                    <sourceDestCheck>true</sourceDestCheck>
                    <groupSet>
                        <item>
                            <groupId>sg-0{:016x}</groupId>
                            <groupName>app-tier-{}</groupName>
                        </item>
                        <item>
                            <groupId>sg-0fedcba9876543210</groupId>
                            <groupName>default</groupName>
                        </item>
                    </groupSet>
                    <architecture>x86_64</architecture>
                    <rootDeviceType>{}</rootDeviceType>
                    <rootDeviceName>/dev/xvda</rootDeviceName>
                    <blockDeviceMapping>
                        <item>
                            <deviceName>/dev/xvda</deviceName>
                            <ebs>
                                <volumeId>vol-0{:016x}</volumeId>
                                <status>attached</status>
                                <attachTime>2024-01-15T09:14:08.000Z</attachTime>
                                <deleteOnTermination>true</deleteOnTermination>
                            </ebs>
                        </item>
                    </blockDeviceMapping>
                    <virtualizationType>hvm</virtualizationType>
                    <clientToken>terraform-{:08x}</clientToken>
                    <tagSet>
                        <item>
                            <key>Name</key>
                            <value>app-server-{}</value>
                        </item>
                        <item>
                            <key>Environment</key>
                            <value>{}</value>
                        </item>
                        <item>
                            <key>Owner</key>
                            <value>team-{}@example.com</value>
                        </item>
)",
                 i, running ? 16 : 80, running ? "running" : "stopped", ip3, ip4,
                 running ? "" : "User initiated (2024-03-01 10:00:00 GMT)", i % 2 ? "t3.micro" : "m5.large", i % 12 + 1,
                 i % 28 + 1, i % 24, "abcdef"[i % 6], i % 16 + 0xa000, ip3, ip4, i % 64 + 0x5000, i % 10,
                 i % 11 == 10 ? "instance-store" : "ebs", i + 0x9000, i * 2654435761u % 0xffffffffu, i,
                 i % 2 ? "production" : "staging", i % 9);
  if (from_template) {
    fmt::format_to(std::back_inserter(out), R"(                        <item>
                            <key>aws:ec2launchtemplate:id</key>
                            <value>lt-0{:016x}</value>
                        </item>
                        <item>
                            <key>aws:ec2launchtemplate:version</key>
                            <value>{}</value>
                        </item>
)",
                   i % 8 + 0x7000, i % 4 + 1);
  }
  fmt::format_to(std::back_inserter(out), R"(                    </tagSet>
                    <hypervisor>xen</hypervisor>
                    <networkInterfaceSet>
                        <item>
                            <networkInterfaceId>eni-0{:016x}</networkInterfaceId>
                            <subnetId>subnet-0{:016x}</subnetId>
                            <vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
                            <description/>
                            <ownerId>123456789012</ownerId>
                            <status>in-use</status>
                            <macAddress>0e:{:02x}:{:02x}:aa:bb:cc</macAddress>
                            <privateIpAddress>10.0.{}.{}</privateIpAddress>
                            <privateDnsName>ip-10-0-{}-{}.ec2.internal</privateDnsName>
                            <sourceDestCheck>true</sourceDestCheck>
                            <groupSet>
                                <item>
                                    <groupId>sg-0{:016x}</groupId>
                                    <groupName>app-tier-{}</groupName>
                                </item>
                            </groupSet>
                            <attachment>
                                <attachmentId>eni-attach-0{:016x}</attachmentId>
                                <deviceIndex>0</deviceIndex>
                                <status>attached</status>
                                <attachTime>2024-01-15T09:14:07.000Z</attachTime>
                                <deleteOnTermination>true</deleteOnTermination>
                                <networkCardIndex>0</networkCardIndex>
                            </attachment>
                            <privateIpAddressesSet>
                                <item>
                                    <privateIpAddress>10.0.{}.{}</privateIpAddress>
                                    <privateDnsName>ip-10-0-{}-{}.ec2.internal</privateDnsName>
                                    <primary>true</primary>
                                </item>
                            </privateIpAddressesSet>
                            <ipv6AddressesSet/>
                            <interfaceType>interface</interfaceType>
                        </item>
                    </networkInterfaceSet>
)",
                 i + 0x3000, i % 16 + 0xa000, (i >> 8) & 0xff, i & 0xff, ip3, ip4, ip3, ip4, i % 64 + 0x5000, i % 10,
                 i + 0x4000, ip3, ip4, ip3, ip4);
  if (has_profile) {
    fmt::format_to(std::back_inserter(out), R"(                    <iamInstanceProfile>
                        <arn>arn:aws:iam::123456789012:instance-profile/app-profile-{}</arn>
                        <id>AIPA{:016X}</id>
                    </iamInstanceProfile>
)",
                   i % 10, i % 10 + 0xABC000);
  }
  fmt::format_to(std::back_inserter(out), R"(                    <ebsOptimized>false</ebsOptimized>
                    <enaSupport>true</enaSupport>
                    <cpuOptions>
                        <coreCount>1</coreCount>
                        <threadsPerCore>2</threadsPerCore>
                    </cpuOptions>
                    <capacityReservationSpecification>
                        <capacityReservationPreference>open</capacityReservationPreference>
                    </capacityReservationSpecification>
                    <metadataOptions>
                        <state>applied</state>
                        <httpTokens>{}</httpTokens>
                        <httpPutResponseHopLimit>{}</httpPutResponseHopLimit>
                        <httpEndpoint>enabled</httpEndpoint>
                        <httpProtocolIpv6>disabled</httpProtocolIpv6>
                        <instanceMetadataTags>disabled</instanceMetadataTags>
                    </metadataOptions>
                    <bootMode>uefi-preferred</bootMode>
                    <platformDetails>Linux/UNIX</platformDetails>
                    <usageOperation>RunInstances</usageOperation>
                    <usageOperationUpdateTime>2024-01-15T09:14:07.000Z</usageOperationUpdateTime>
                    <currentInstanceBootMode>legacy-bios</currentInstanceBootMode>
                </item>
)",
                 tokens, i % 3 == 0 ? 1 : 2);
}

// A whole DescribeInstances page with `count` instances (1-3 per reservation) and an optional
// nextToken.
inline std::string describe_instances_page(std::size_t count, const std::string& next_token = {}) {
  std::string out;
  out.reserve(count * 3400 + 512);
  out += R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
    <reservationSet>
)";
  std::size_t i = 0;
  std::size_t r = 0;
  while (i < count) {
    std::size_t in_reservation = r % 3 + 1;
    fmt::format_to(std::back_inserter(out), R"(        <item>
            <reservationId>r-0{:016x}</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
)",
                   r + 0x1000);
    for (std::size_t k = 0; k < in_reservation && i < count; ++k) append_instance(out, i++);
    out += R"(            </instancesSet>
        </item>
)";
    ++r;
  }
  out += "    </reservationSet>\n";
  if (!next_token.empty()) fmt::format_to(std::back_inserter(out), "    <nextToken>{}</nextToken>\n", next_token);
  out += "</DescribeInstancesResponse>\n";
  // Drop indentation (kept above for readability): real pages of this size are ~3 KB/instance.
  std::string compact;
  compact.reserve(out.size() / 2);
  bool line_start = true;
  for (char c : out) {
    if (line_start && c == ' ') continue;
    line_start = c == '\n';
    compact.push_back(c);
  }
  return compact;
}

}  // namespace rolecall::bench
