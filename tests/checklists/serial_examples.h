#pragma once
// serial_example: a serial a given serial step accepts, for the tests that walk whole templates (the
// demo templates' ONT pattern, a GS1 EAN-13, a Luhn number, or free text).
#include <string>

#include "checklists/serial_number.h"

namespace fc::test {

inline std::string serial_example(const Step& step) {
    for (const char* candidate : {"ZTEG-C8A30977", "8712345678906", "79927398713", "SN 4471-0098"}) {
        if (check_serial(step, candidate).ok()) return candidate;
    }
    return "no example fits the pattern " + step.pattern;  // refused, so the walk names the step
}

}  // namespace fc::test
