// SeenNonces: a nonce is accepted once per key within ten minutes, memory stays bounded, and a full
// memory refuses rather than forgets a nonce early.
#include <doctest/doctest.h>

#include "sync/depot/seen_nonces.h"

using namespace fc;

TEST_CASE("a key's nonce is accepted once in ten minutes, another key's same nonce is not a replay") {
    SeenNonces seen;
    CHECK(seen.remember("k1", "n", 1000) == SeenNonces::Outcome::Fresh);
    CHECK(seen.remember("k1", "n", 2000) == SeenNonces::Outcome::Replayed);
    CHECK(seen.remember("k2", "n", 2000) == SeenNonces::Outcome::Fresh);
    CHECK(seen.remember("k1", "n", 1000 + SeenNonces::kRememberMs) == SeenNonces::Outcome::Replayed);
    CHECK(seen.remember("k1", "n", 1001 + SeenNonces::kRememberMs) == SeenNonces::Outcome::Fresh);
}

TEST_CASE("a full nonce memory refuses new nonces until old ones expire, and never forgets one early") {
    SeenNonces seen(3);
    for (const char* n : {"a", "b", "c"}) CHECK(seen.remember("k", n, 0) == SeenNonces::Outcome::Fresh);
    CHECK(seen.remember("k", "d", 1) == SeenNonces::Outcome::Full);
    CHECK(seen.remember("k", "a", 1) == SeenNonces::Outcome::Replayed);
    CHECK(seen.remember("k", "d", SeenNonces::kRememberMs + 1) == SeenNonces::Outcome::Fresh);
}
