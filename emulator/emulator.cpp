// Temporary stub so dependants link while the emulator is being built.
#include "emulator/emulator.h"

namespace rolecall::emulator {

class EmulatorImpl {};

Result<LatencySpec> parse_latency_spec(const std::string&) { return fail(ErrorKind::kInternal, "not implemented"); }
Result<FaultSpec> parse_fault_spec(const std::string&) { return fail(ErrorKind::kInternal, "not implemented"); }

Result<std::unique_ptr<Emulator>> Emulator::start(const EmulatorOptions&) {
  return fail(ErrorKind::kInternal, "emulator not implemented yet");
}
Emulator::Emulator(std::unique_ptr<EmulatorImpl> impl) : impl_(std::move(impl)) {}
Emulator::~Emulator() = default;
int Emulator::port() const { return 0; }
std::string Emulator::endpoint_url() const { return {}; }
void Emulator::stop() {}
void Emulator::wait() {}
std::vector<AccountCredentials> Emulator::credentials() const { return {}; }
std::string Emulator::credentials_file_text() const { return {}; }
nlohmann::json Emulator::truth() const { return nullptr; }
nlohmann::json Emulator::dump_state() const { return nullptr; }
Result<void> Emulator::load_estate(const nlohmann::json&) { return fail(ErrorKind::kInternal, "not implemented"); }
void Emulator::reset() {}

}  // namespace rolecall::emulator
