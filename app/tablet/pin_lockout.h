#pragma once
// PinLockout: the wait the PIN pad imposes after wrong PINs, kept in the device store's settings so
// that killing or restarting the app does not start the count over.
#include <cstdint>

#include "checklists/expected.h"

namespace fc {

class DeviceStore;

inline constexpr const char* kPinFailuresSetting = "pin_failures";          // wrong PINs in a row
inline constexpr const char* kPinLockedUntilSetting = "pin_locked_until";   // wall ms; 0: open
inline constexpr int kPinFreeTries = 5;

// Why these waits: the first kPinFreeTries wrong PINs cost nothing (a gloved finger slips), then
// 30 s, 1 min, 2 min, 5 min, 10 min, 15 min, 30 min, and 60 min for every later one. A customer who
// guesses gets 8 tries in the first 4 minutes, 11 in the first hour and then one an hour: finding
// one of 10 000 four-digit PINs takes months, not minutes. The technician's right PIN always opens.
std::int64_t pin_delay_ms(int failures);

// PinLock: the count and the end of the wait, as stored.
struct PinLock {
    int failures = 0;
    std::int64_t locked_until_ms = 0;  // wall ms from the store's Clock
    std::int64_t remaining_ms(std::int64_t now_ms) const { return locked_until_ms > now_ms ? locked_until_ms - now_ms : 0; }
};

// The stored state; a wait further ahead than its own delay means the clock went back (a dead
// battery, a date put right): that wait counts from now instead, never for days.
Expected<PinLock> stored_pin_lock(DeviceStore& store, std::int64_t now_ms);

// "pin_locked" (param "seconds": the wait left) while a wait runs; the entered PIN is then not checked.
Status refuse_while_pin_locked(DeviceStore& store, std::int64_t now_ms);

// Records how a check of the PIN went: a wrong_pin counts and may start a wait (the refusal then
// carries "seconds" too), a success clears the count; any other outcome changes nothing. Returns
// `outcome`, or the store's error when the count could not be kept.
Status note_pin_outcome(DeviceStore& store, Status outcome, std::int64_t now_ms);

}  // namespace fc
