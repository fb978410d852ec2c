#pragma once
// FC_SQLITE_ONLY: marks a test case about the SQLite file itself (its bytes, pragmas, commit hook,
// an old schema's file): skipped on the PostgreSQL pass, which runs the same suite on a server.
#include <doctest/doctest.h>

#include "tests/sync/depot/test_depot_location.h"

#define FC_SQLITE_ONLY doctest::skip(::fc::test::testing_postgres())
