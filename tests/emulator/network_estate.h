#pragma once
// An estate with explicit networking for the emulator's networking tests.

#include <nlohmann/json.hpp>

namespace rolecall::testing {

// The test estate plus, in prod us-east-1: VPC 10.1.0.0/16, a public subnet holding a NAT gateway,
// a private subnet routed through it, an Elastic IP on one instance, and a two-instance reservation.
nlohmann::json networked_estate();

}  // namespace rolecall::testing
