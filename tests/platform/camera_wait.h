#pragma once
// Bounded waits for the camera tests: poll the camera until a condition holds or a generous deadline
// passes, so a loaded 2-core machine slows the tests down but never fails them.
#include <chrono>
#include <functional>
#include <thread>

namespace fc::test {

inline constexpr std::chrono::seconds kCameraPatience{60};

// True as soon as `done()` is true; false after kCameraPatience.
inline bool wait_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kCameraPatience;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // one poll, not a timing assumption
    }
    return done();
}

}  // namespace fc::test
