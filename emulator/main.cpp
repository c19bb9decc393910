// Placeholder until the emulator lands.
int main() { return 0; }
