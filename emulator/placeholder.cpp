// Placeholder translation unit until the emulator lands.
namespace rolecall::emulator {
int placeholder_anchor() { return 0; }
}  // namespace rolecall::emulator
