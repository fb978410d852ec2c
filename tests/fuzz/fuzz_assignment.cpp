// Hostile bytes into the assignment decoder (the assignment inside every visit record): no crash,
// no hang, no unbounded memory; an accepted assignment survives its own canonical encoding.
#include <cstddef>
#include <cstdint>

#include "checklists/assignment.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fc;
    const auto decoded = decode_assignment(fuzz::as_text(data, size));
    if (!decoded) {
        if (decoded.error().message.empty()) fuzz::broken_promise("a refused assignment carries no message");
        return 0;
    }
    const std::string canonical = encode_assignment(decoded.value());
    const auto again = decode_assignment(canonical);
    if (!again) fuzz::broken_promise("an accepted assignment's canonical JSON is refused:", again.error().message);
    if (!(again.value() == decoded.value())) fuzz::broken_promise("an assignment changes through its canonical JSON", canonical);
    (void)needs_escalation(decoded.value());
    return 0;
}
