// Power loss, not just kill -9: a technician's day of visits (answers, photos, signatures) walked
// over the power-cut simulation (store/power_cut_vfs.h), cut at hundreds of random points; after
// each "reboot" the store opens, integrity_check is ok, every answer whose call had returned is
// there, and no attachment row points at a missing or torn file.
//
// FIELDCHECK_POWER_CUTS sets the number of cut points (default 500), FIELDCHECK_POWER_CUT_SEED
// repeats a run (the seed is printed).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "tests/sync/store/power_cut_vfs.h"
#include "tests/sync/store/store_day.h"
#include "tests/sync/store/store_fixtures.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

using namespace fc;
using namespace fc::test;

namespace {

// The technician's day; stops at the first call that fails (after a cut, every call fails).
bool walk_day(const std::filesystem::path& dir, DayLedger& ledger) {
    auto opened = DeviceStore::open(dir, fc::test::still_clock());
    if (!opened) return false;
    DeviceStore& store = **opened;
    const auto as_is = [](const std::function<Status()>& write) { return write(); };
    return walk_store_day([&]() -> DeviceStore& { return store; }, as_is, ledger).ok();
}

// The events an uninterrupted day stores per visit.
std::map<std::string, Events> reference_day() {
    std::map<std::string, Events> out;
    for (int k = 0; k < kDayVisits; ++k) {
        Visit v(day_assignment(k), day_template());
        REQUIRE(test::walk_visit(v, day_plan(k)).ok());
        out[day_visit_id(k)] = v.events();
    }
    return out;
}

// Everything that must hold after the reboot; "" when it does.
std::string check_after_reboot(const std::filesystem::path& dir, const DayLedger& ledger,
                               const std::map<std::string, Events>& reference) {
    std::ostringstream problems;
    auto opened = DeviceStore::open(dir, fc::test::still_clock());
    if (!opened) return "the store does not open after the reboot: " + to_string(opened.error().code) + ": " + opened.error().message;
    DeviceStore& store = **opened;
    const auto integrity = store.integrity_check();
    if (!integrity || *integrity != "ok") {
        problems << "integrity_check: " << (integrity ? *integrity : integrity.error().message) << "; ";
    }
    auto outbox = store.outbox();
    if (!outbox) return "the outbox cannot be read: " + outbox.error().message;
    for (const auto& [id, acked] : ledger.acked) {
        auto v = store.load_visit(id);
        if (!v) {
            problems << id << " (acknowledged) does not load: " << v.error().message << "; ";
            continue;
        }
        const std::size_t stored = v->events().size();
        const auto flight = ledger.in_flight.find(id);
        if (stored != acked && !(flight != ledger.in_flight.end() && stored == flight->second)) {
            problems << id << " holds " << stored << " events; " << acked << " were acknowledged; ";
        }
        const Events& all = reference.at(id);
        if (stored > all.size() || !std::equal(v->events().begin(), v->events().end(), all.begin())) {
            problems << id << "'s events are not the ones recorded; ";
        }
        if (ledger.sealed.count(id)) {
            const bool queued = std::any_of(outbox->begin(), outbox->end(), [&](const OutboxItem& o) { return o.visit_id == id; });
            if (!queued || !v->sealed()) problems << id << " was sealed but is not sealed in the outbox; ";
        }
    }
    for (const std::string& sha : ledger.attachments) {
        if (auto bytes = store.read_attachment(sha); !bytes) problems << "acknowledged attachment " << sha << ": " << bytes.error().message << "; ";
    }
    test::RawDatabase raw(test::database_path(dir));
    for (const std::string& sha : raw.column("SELECT sha256 FROM attachments")) {
        if (auto bytes = store.read_attachment(sha); !bytes) problems << "attachment row " << sha << ": " << bytes.error().message << "; ";
    }
    return problems.str();
}

}  // namespace

TEST_CASE("a power cut at any of hundreds of random points loses no acknowledged answer or photo and leaves the store intact") {
    const std::uint64_t cuts = env_number("FIELDCHECK_POWER_CUTS", 500);
    const std::uint64_t seed = env_number("FIELDCHECK_POWER_CUT_SEED", std::random_device{}());
    MESSAGE("power cut seed " << seed << " (FIELDCHECK_POWER_CUT_SEED=" << seed << " repeats this run), " << cuts << " cut points");
    const auto reference = reference_day();
    const auto started = std::chrono::steady_clock::now();

    // A day without a cut: how many writes, syncs and renames it makes, and that it passes the checks.
    std::uint64_t day_ops = 0;
    {
        TempDir tmp("fieldcheck-power");
        DayLedger ledger;
        PowerCut power(seed);
        REQUIRE(walk_day(tmp / "store", ledger));
        day_ops = power.ops();
        power.reboot();
        REQUIRE(ledger.sealed.size() == kDayVisits);
        const std::string problems = check_after_reboot(tmp / "store", ledger, reference);
        REQUIRE_MESSAGE(problems.empty(), problems);
    }
    REQUIRE(day_ops > 100);

    std::mt19937_64 pick(seed);
    std::uint64_t failures = 0;
    test::PowerLoss total;
    for (std::uint64_t i = 0; i < cuts; ++i) {
        const std::uint64_t op = 1 + pick() % day_ops;
        TempDir tmp("fieldcheck-power");
        DayLedger ledger;
        test::PowerLoss loss;
        {
            PowerCut power(seed + 1 + i);
            power.cut_at(op);
            // The day may still "finish": a cut in the closing checkpoint fails no call of the store.
            walk_day(tmp / "store", ledger);
            CHECK(power.power_lost());
            loss = power.reboot();
        }
        total.writes_kept += loss.writes_kept;
        total.writes_torn += loss.writes_torn;
        total.writes_dropped += loss.writes_dropped;
        total.truncates_dropped += loss.truncates_dropped;
        total.renames_undone += loss.renames_undone;
        const std::string problems = check_after_reboot(tmp / "store", ledger, reference);
        if (!problems.empty() && ++failures <= 5) {
            FAIL_CHECK("cut at op " << op << " of " << day_ops << " (seed " << seed << ", trial " << i << "): " << problems);
        }
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    MESSAGE(cuts << " cut points over a day of " << day_ops << " writes/syncs/renames in " << seconds << " s; unsynced writes kept "
                 << total.writes_kept << ", torn " << total.writes_torn << ", dropped " << total.writes_dropped
                 << "; truncates dropped " << total.truncates_dropped << "; renames undone " << total.renames_undone);
    CHECK(failures == 0);
    // The simulation must really lose and tear data, or the cuts prove no more than a SIGKILL.
    CHECK(total.writes_torn > 0);
    CHECK(total.writes_dropped > 0);
}
