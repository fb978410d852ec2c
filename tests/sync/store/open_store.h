#pragma once
// Opening a device store in a test: a store that does not open stops the test with the store's own
// message; the fiber template versions the test needs are stored first.
#include <doctest/doctest.h>

#include <filesystem>
#include <initializer_list>
#include <memory>

#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

namespace fc::test {

inline std::unique_ptr<DeviceStore> open_store(const std::filesystem::path& dir,
                                               std::initializer_list<int> fiber_versions = {}) {
    auto store = DeviceStore::open(dir, fc::test::still_clock());
    REQUIRE_MESSAGE(store.ok(), store.error().message);
    for (const int version : fiber_versions) {
        REQUIRE((*store)->put_template(fiber_template("fiber-install", version)).ok());
    }
    return std::move(*store);
}

}  // namespace fc::test
