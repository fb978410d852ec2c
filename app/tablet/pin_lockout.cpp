#include "app/tablet/pin_lockout.h"

#include <charconv>
#include <iterator>
#include <string>

#include "sync/store/device_store.h"

namespace fc {
namespace {

constexpr std::int64_t kDelaysMs[] = {30'000, 60'000, 120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000};

std::int64_t int_setting(DeviceStore& store, const char* key, Status& failed) {
    auto v = store.setting(key);
    if (!v) {
        failed = v.error();
        return 0;
    }
    if (!v->has_value()) return 0;
    const std::string& text = v->value();
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    // Unreadable: as if never written (the PIN itself still guards).
    if (ec != std::errc() || end != text.data() + text.size()) return 0;
    return out;
}

Status store_lock(DeviceStore& store, const PinLock& lock) {
    if (Status s = store.set_setting(kPinFailuresSetting, std::to_string(lock.failures)); !s) return s;
    return store.set_setting(kPinLockedUntilSetting, std::to_string(lock.locked_until_ms));
}

std::string seconds_left(std::int64_t ms) { return std::to_string((ms + 999) / 1000); }

}  // namespace

std::int64_t pin_delay_ms(int failures) {
    if (failures < kPinFreeTries) return 0;
    const std::size_t i = static_cast<std::size_t>(failures - kPinFreeTries);
    constexpr std::size_t n = std::size(kDelaysMs);
    return kDelaysMs[i < n ? i : n - 1];
}

Expected<PinLock> stored_pin_lock(DeviceStore& store, std::int64_t now_ms) {
    Status failed;
    PinLock lock;
    lock.failures = static_cast<int>(int_setting(store, kPinFailuresSetting, failed));
    lock.locked_until_ms = int_setting(store, kPinLockedUntilSetting, failed);
    if (!failed) return failed.error();
    if (lock.failures < 0) lock.failures = 0;
    const std::int64_t delay = pin_delay_ms(lock.failures);
    if (lock.remaining_ms(now_ms) > delay) {
        lock.locked_until_ms = now_ms + delay;
        if (Status s = store_lock(store, lock); !s) return s.error();
    }
    return lock;
}

Status refuse_while_pin_locked(DeviceStore& store, std::int64_t now_ms) {
    auto lock = stored_pin_lock(store, now_ms);
    if (!lock) return lock.error();
    const std::int64_t left = lock->remaining_ms(now_ms);
    if (left == 0) return {};
    return make_error(ErrorCode::pin_locked, "too many wrong PINs: the PIN pad opens again in " + seconds_left(left) + " s")
        .with("seconds", seconds_left(left));
}

Status note_pin_outcome(DeviceStore& store, Status outcome, std::int64_t now_ms) {
    if (outcome) {
        // Written only when there is a count to clear: a right PIN in practice writes nothing.
        auto lock = stored_pin_lock(store, now_ms);
        if (!lock) return lock.error();
        if (lock->failures == 0 && lock->locked_until_ms == 0) return outcome;
        if (Status s = store_lock(store, PinLock{}); !s) return s;
        return outcome;
    }
    if (outcome.error().code != ErrorCode::wrong_pin) return outcome;
    auto lock = stored_pin_lock(store, now_ms);
    if (!lock) return lock.error();
    PinLock next{lock->failures + 1, 0};
    const std::int64_t delay = pin_delay_ms(next.failures);
    if (delay > 0) next.locked_until_ms = now_ms + delay;
    if (Status s = store_lock(store, next); !s) return s;
    if (delay == 0) return outcome;
    Error refused = outcome.error();
    return std::move(refused).with("seconds", seconds_left(delay));
}

}  // namespace fc
