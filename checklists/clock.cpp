#include "clock.h"

#include <chrono>
#include <ctime>

namespace fc {

Instant SystemClock::now() {
    Instant t;
    t.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    // CLOCK_BOOTTIME keeps counting through suspend, so pace checks survive a sleeping tablet.
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    t.mono_ms = static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
    return t;
}

}  // namespace fc
