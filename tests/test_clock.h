#pragma once
// still_clock(): the clock of tests that store or send things without caring when they happen: a
// ManualClock standing at 2023-11-14T22:13:20Z, one per test program. Tests about time make their
// own ManualClock and move it.
#include "checklists/clock.h"

namespace fc::test {

inline ManualClock& still_clock() {
    static ManualClock clock;
    return clock;
}

}  // namespace fc::test
