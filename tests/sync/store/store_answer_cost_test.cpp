// What one answer costs the store, counted (never timed): once its statements are warm an answer
// compiles no SQL (issue 15: it re-prepared 4-6 statements per tap), and it writes a bounded number
// of WAL bytes (the pages it touches), so a new index or a summary row written per answer shows.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/sync/store/open_store.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"

using namespace fc;
using fc::test::open_store;
using fc::test::TempDir;

namespace {

// A visit of the fiber template walked up to its first step, each decision stored as the app stores it.
struct AnsweringVisit {
    DeviceStore& store;
    Visit visit;
    Instant now{1'700'000'000'000, 1'000};

    explicit AnsweringVisit(DeviceStore& s) : store(s), visit(load(s)) {
        take(visit.open(now));
        for (const char* precheck : {"patch", "socket", "alarm"}) take(visit.record_precheck(precheck, Answer::met(), now));
        take(visit.begin_steps(now));
        take(visit.answer_step("mount", Answer::confirmed(), now));
        take(visit.go_next(now));  // to the measure, answered again and again below
    }
    static Visit load(DeviceStore& s) {
        REQUIRE(s.put_assignment(test::fiber_assignment("answer-1")).ok());
        auto loaded = s.load_visit("answer-1");
        REQUIRE_MESSAGE(loaded.ok(), loaded.error().message);
        return std::move(*loaded);
    }
    void take(Expected<Decision> decided) {
        REQUIRE_MESSAGE(decided.ok(), decided.error().message);
        const Status s = store.append_events(decided->next, decided->events);
        REQUIRE_MESSAGE(s.ok(), s.error().message);
        visit = std::move(decided->next);
        now.wall_ms += 1000;
        now.mono_ms += 1000;
    }
    void answer_power(int i) { take(visit.answer_step("power", Answer::measured(-18.0 - (i % 40) * 0.125), now)); }
};

std::uintmax_t wal_size(const std::filesystem::path& store_dir) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(test::database_path(store_dir).string() + "-wal", ec);
    return ec ? 0 : size;
}

}  // namespace

TEST_CASE("once its statements are warm, an answer compiles no SQL") {
    TempDir dir;
    auto store = open_store(dir.path() / "s", {1});
    AnsweringVisit v(*store);
    v.answer_power(0);  // the first answer compiles what answers run
    const std::int64_t warm = store->statements_compiled();
    CHECK(warm > 0);  // the count sees compilations at all
    for (int i = 1; i <= 20; ++i) v.answer_power(i);
    CHECK(store->statements_compiled() == warm);
}

TEST_CASE("an answer appends two pages to the WAL, not three") {
    TempDir dir;
    auto store = open_store(dir.path() / "s", {1});
    AnsweringVisit v(*store);
    v.answer_power(0);
    // 20 answers stay far below the autocheckpoint (1000 pages), so the WAL only grows meanwhile.
    const std::uintmax_t before = wal_size(dir.path() / "s");
    REQUIRE(before > 0);
    constexpr int kAnswers = 20;
    for (int i = 1; i <= kAnswers; ++i) v.answer_power(i);
    const std::uintmax_t per_answer = (wal_size(dir.path() / "s") - before) / kAnswers;
    MESSAGE("WAL bytes per answer: " << per_answer);
    // A 4 KiB page and its 24-byte frame header each: the event's page and the visit's row, plus
    // room for a leaf split now and then (8,240 bytes measured); one more page per answer (a new
    // index on events, a summary row elsewhere) makes three.
    CHECK(per_answer <= 5 * (4096 + 24) / 2);
}
