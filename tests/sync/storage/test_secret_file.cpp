// Secret files: a key lands 0600, and one that others may read is refused when read back.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>

#include "sync/storage/secret_file.h"
#include "tests/error_code_doctest.h"
#include "tests/sync/store/store_fixtures.h"

using namespace fc;
using fc::test::TempDir;

namespace {

template <class T>
std::optional<ErrorCode> code_of(const Expected<T>& r) {
    if (r.ok()) return std::nullopt;
    return r.error().code;
}

}  // namespace

TEST_CASE("a secret file is written for its owner alone and read back whole") {
    TempDir tmp;
    const auto path = tmp.path() / "device.key";
    REQUIRE(write_secret_file(path, std::string("\0seed\xff", 6)).ok());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(read_secret_file(path).value() == std::string("\0seed\xff", 6));
    CHECK(code_of(read_secret_file(tmp.path() / "none.key")) == ErrorCode::not_found);
}

TEST_CASE("a secret file others may read is refused, and says which file") {
    TempDir tmp;
    const auto path = tmp.path() / "device.key";
    REQUIRE(write_secret_file(path, "seed").ok());
    for (const auto mode : {0640, 0604, 0660, 0602}) {
        CAPTURE(mode);
        REQUIRE(::chmod(path.c_str(), static_cast<mode_t>(mode)) == 0);
        auto read = read_secret_file(path);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().code == ErrorCode::bad_key);
        CHECK(read.error().message.find("device.key") != std::string::npos);
    }
    REQUIRE(::chmod(path.c_str(), 0400) == 0);
    CHECK(read_secret_file(path).value() == "seed");
}
