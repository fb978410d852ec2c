// Load: a fleet of simulated tablets (depot/soak_fleet.h: the real device store, enroll, sync
// client and engine, one thread each) against one real `fieldcheck-depot serve` process on
// loopback, in rounds. Field phase: each tablet down-syncs its visits and walks every one with a
// photo and a signature. Depot phase: every tablet syncs at once until each visit is acknowledged,
// while the back office assigns the next round's visits (they must come down too); a quarter of
// the tablets re-send every acknowledged visit by hand, a quarter restore their store (once) from a
// copy taken before the receipts came. At the end: no error (nothing set aside, no 5xx but a
// counted 503 "busy", no request left without an answer), every outbox fully acknowledged, every
// sealed visit on the depot exactly once with its seal, its technician and the receipt the tablet
// holds, every file whole.
//
// FIELDCHECK_SOAK_TABLETS (default 24) tablets, FIELDCHECK_SOAK_VISITS (default 3) visits each per
// round, FIELDCHECK_SOAK_ROUNDS (default 2) rounds, or FIELDCHECK_SOAK_SECONDS: new rounds start
// until that many seconds have passed; FIELDCHECK_SOAK_PAUSE_MS (default 250): a tablet's pause
// between passes when it has nothing to do; FIELDCHECK_SOAK_CAP: the depot's
// --max-connections-per-address (default: the depot's own); FIELDCHECK_SOAK_SEED repeats the
// tablets' pauses (printed; the threads' timing is the machine's). Prints one block of figures:
// latencies, visits/s, the depot's memory and CPU, the machine.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>

#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/soak_fleet.h"
#include "tests/test_text.h"
#include "sync/depot/depot_attachments.h"

using namespace fc;
using namespace fc::test;

namespace {


std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string technician_of(std::size_t tablet) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "soak-t%03zu", tablet);
    return buf;
}

// Visit `n` of tablet `tablet`; one in three on the Wi-Fi template, the others on the fiber one.
Assignment soak_assignment(std::size_t tablet, int n, const ChecklistTemplate& fiber, const ChecklistTemplate& wifi) {
    const std::string id = technician_of(tablet) + "-v" + std::to_string(n);
    const ChecklistTemplate& t = (tablet + static_cast<std::size_t>(n)) % 3 == 2 ? wifi : fiber;
    Assignment a = make_assignment(id, technician_of(tablet), t, "job-" + id);
    a.customer_name = "Klant " + id;
    return a;
}

// Why: every tablet holds its SQLite database, WAL and shared-memory files open, plus a socket or
// two while it syncs: 200 tablets peak at about 810 descriptors, close to the common default of
// 1,024, so the soft limit is raised (up to the hard one) to leave room.
std::string raise_open_file_limit(rlim_t needed) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return "unknown";
    const rlim_t before = limit.rlim_cur;
    if (before >= needed) return std::to_string(before) + " (enough, unchanged)";
    limit.rlim_cur = std::min(limit.rlim_max, needed);
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return std::to_string(before) + " (could not be raised)";
    return "raised from " + std::to_string(before) + " to " + std::to_string(limit.rlim_cur);
}

}  // namespace

TEST_CASE("a fleet of tablets syncing with one depot process at once loses nothing, duplicates nothing, fails nothing, "
          "and every re-sent or restored visit gets its first receipt again") {
    REQUIRE_MESSAGE(std::filesystem::exists(depot_binary()), "build fieldcheck-depot first: " << depot_binary());
    const std::size_t tablets = std::max<std::uint64_t>(1, fc::test::env_number("FIELDCHECK_SOAK_TABLETS", 24));
    const int visits_each = static_cast<int>(std::max<std::uint64_t>(1, fc::test::env_number("FIELDCHECK_SOAK_VISITS", 3)));
    const std::uint64_t rounds = std::max<std::uint64_t>(1, fc::test::env_number("FIELDCHECK_SOAK_ROUNDS", 2));
    const std::uint64_t seconds = fc::test::env_number("FIELDCHECK_SOAK_SECONDS", 0);  // 0: count rounds instead
    const std::uint64_t cap = fc::test::env_number("FIELDCHECK_SOAK_CAP", 0);
    const std::uint64_t seed = fc::test::env_number("FIELDCHECK_SOAK_SEED", std::random_device{}());
    std::printf("soak: %zu tablets, %d visits each per round, %s, seed %llu (FIELDCHECK_SOAK_SEED=%llu repeats the pauses)\n",
                tablets, visits_each,
                seconds ? ("rounds for " + std::to_string(seconds) + " s").c_str() : (std::to_string(rounds) + " rounds").c_str(),
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    const std::string open_files = raise_open_file_limit(static_cast<rlim_t>(tablets) * 8 + 256);

    TempDir tmp;
    const auto data = tmp.path / "depot";
    const auto fiber = repo_template(kTemplateName);
    const auto wifi = repo_template("wifi-activation-en");
    SoakFleet fleet(tablets);
    fleet.idle_pause = std::chrono::milliseconds(fc::test::env_number("FIELDCHECK_SOAK_PAUSE_MS", 250));
    std::vector<SoakTabletPlan> plans(tablets);
    {
        // The depot's data prepared as the admin commands do: templates, a token per tablet, and
        // each tablet's visits of the first round.
        auto store = DepotStore::open(test_depot_location(data));
        REQUIRE(store.ok());
        REQUIRE(store.value()->import_template(*fiber, wall_ms()).ok());
        REQUIRE(store.value()->import_template(*wifi, wall_ms()).ok());
        std::vector<Assignment> first;
        for (std::size_t i = 0; i < tablets; ++i) {
            SoakTabletPlan& p = plans[i];
            p.index = static_cast<int>(i);
            p.technician = technician_of(i);
            auto token = store.value()->create_token(p.technician, "soak tablet " + std::to_string(i), wall_ms());
            REQUIRE(token.ok());
            p.token = token->token;
            p.dir = tmp.path / ("tablet-" + std::to_string(i));
            p.raw_replays = i % 4 == 1;
            p.restore_once = i % 4 == 2;
            for (int n = 0; n < visits_each; ++n) first.push_back(soak_assignment(i, n, *fiber, *wifi));
        }
        REQUIRE(store.value()->put_assignments(first, wall_ms()).ok());
        for (auto& a : fleet.assigned) a = visits_each;
    }

    std::vector<std::string> depot_args;
    if (cap) depot_args = {"--max-connections-per-address", std::to_string(cap)};
    const auto depot_log = tmp.path / "depot.log";
    DepotProcess depot(data, depot_args, {}, depot_log);
    fleet.url = depot.url();
    fleet.depot_dir = data;
    fleet.port = depot.port;
    const ProcessReading depot_start = read_process(depot.pid);
    ProcessWatch depot_watch(depot.pid, std::chrono::milliseconds(100), depot.port);
    ProcessWatch own_watch(::getpid(), std::chrono::milliseconds(100));

    // The clock of the phases, kept when every tablet (and this thread) reached a phase's end.
    const auto started = std::chrono::steady_clock::now();
    fleet.give_up = started + std::chrono::seconds(seconds + 300);
    struct {
        int ends = 0;
        std::chrono::steady_clock::time_point since;
        double cpu_since = 0;
        double field_s = 0, depot_s = 0, field_cpu_s = 0, depot_cpu_s = 0;
    } clock;
    clock.since = started;
    clock.cpu_since = depot_start.cpu_s;
    fleet.on_phase_end = [&] {
        const double s = ms_since(clock.since) / 1000.0;
        const double cpu = read_process(depot.pid).cpu_s;
        const bool field_ended = clock.ends % 2 == 0;
        (field_ended ? clock.field_s : clock.depot_s) += s;
        (field_ended ? clock.field_cpu_s : clock.depot_cpu_s) += cpu - clock.cpu_since;
        if (field_ended) {
            const auto round = static_cast<std::uint64_t>(clock.ends / 2);
            fleet.more_rounds = seconds ? ms_since(started) < static_cast<double>(seconds) * 1000.0 : round + 1 < rounds;
            fleet.round_assigned = !fleet.more_rounds;
        }
        ++clock.ends;
        clock.since = std::chrono::steady_clock::now();
        clock.cpu_since = cpu;
    };

    std::vector<std::unique_ptr<SoakTablet>> fleet_tablets;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < tablets; ++i) {
        fleet_tablets.push_back(std::make_unique<SoakTablet>(fleet, plans[i], seed));
        threads.emplace_back([t = fleet_tablets.back().get()] { t->run(); });
    }

    // The back office, as another process on the depot's file would: during each depot phase but
    // the last, the next round's visits, one per tablet every 200 ms.
    std::string back_office_problem;
    std::uint64_t rounds_run = 0;
    {
        auto office = DepotStore::open(test_depot_location(data));
        REQUIRE(office.ok());
        for (bool more = true; more; ++rounds_run) {
            fleet.phases.arrive_and_wait();  // the field phase's end
            more = fleet.more_rounds;
            for (int k = 0; more && k < visits_each && back_office_problem.empty(); ++k) {
                if (k > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
                std::vector<Assignment> batch;
                for (std::size_t i = 0; i < tablets; ++i) batch.push_back(soak_assignment(i, fleet.assigned[i], *fiber, *wifi));
                auto put = office.value()->put_assignments(batch, wall_ms());
                if (!put) back_office_problem = to_string(put.error().code) + ": " + put.error().message;
                else for (auto& a : fleet.assigned) ++a;
            }
            fleet.round_assigned = true;
            fleet.phases.arrive_and_wait();  // the depot phase's end
        }
    }
    for (std::thread& t : threads) t.join();
    const double total_s = ms_since(started) / 1000.0;
    const ProcessReading depot_end = read_process(depot.pid);
    depot_watch.finish();
    own_watch.finish();
    CHECK(depot.stop() == 0);
    CHECK_MESSAGE(back_office_problem.empty(), "the back office could not assign: " << back_office_problem);

    // The depot's log has a line for every request a route answered (the connection cap's 503
    // "busy" comes before any route): not one 5xx there.
    // Any other line (a sanitizer's report from the depot, say) is shown and fails the test.
    std::map<int, std::int64_t> logged;
    std::vector<std::string> other_lines;
    {
        std::istringstream lines(read_file(depot_log));
        for (std::string line; std::getline(lines, line);) {
            const auto space = line.rfind(' ');
            if (space != std::string::npos && line.find(" depot: ") != std::string::npos) ++logged[std::atoi(line.c_str() + space + 1)];
            else if (line != "fieldcheck-depot: stopped" && other_lines.size() < 20) other_lines.push_back(line);
        }
    }
    for (const std::string& line : other_lines) FAIL_CHECK("the depot wrote: " << line);
    std::string statuses;
    std::int64_t logged_5xx = 0;
    for (const auto& [status, times] : logged) {
        statuses += (statuses.empty() ? "" : ", ") + std::to_string(status) + " x" + std::to_string(times);
        if (status >= 500) logged_5xx += times;
    }
    CHECK_MESSAGE(logged_5xx == 0, "the depot answered " << logged_5xx << " requests with a 5xx: " << statuses);
    CHECK_MESSAGE(!logged.empty(), "the depot's log is empty");

    for (const std::string& f : fleet.failures()) FAIL_CHECK(f);
    CHECK_MESSAGE(fleet.failure_count() == 0, fleet.failure_count() << " failures (the first 40 are listed above)");
    CHECK_MESSAGE(fleet.no_answer.load() == 0, fleet.no_answer.load() << " requests got no answer at all on loopback");

    // Against the depot's own file: each visit once, with the tablet's seal, technician and receipt.
    auto store = DepotStore::open(test_depot_location(data));
    REQUIRE(store.ok());
    CHECK(store.value()->integrity_check().value() == "ok");
    const auto received = store.value()->received_visits();
    REQUIRE(received.ok());
    std::map<std::string, const ReceivedVisit*> by_id;
    std::size_t duplicates = 0;
    for (const ReceivedVisit& v : received.value()) {
        if (!by_id.emplace(v.visit_id, &v).second) ++duplicates;
    }
    CHECK(duplicates == 0);
    std::size_t sealed = 0, not_possible = 0, assigned_total = 0, unfinished = 0, missing = 0, mismatched = 0;
    std::set<std::string> files;
    for (std::size_t i = 0; i < tablets; ++i) {
        const SoakTabletResult& r = fleet_tablets[i]->result();
        const auto assigned = static_cast<std::size_t>(fleet.assigned[i].load());
        assigned_total += assigned;
        if (!r.finished || r.visits != assigned || r.outbox.size() != assigned) ++unfinished;
        files.insert(r.attachments.begin(), r.attachments.end());
        for (const OutboxItem& item : r.outbox) {
            ++sealed;
            CAPTURE(item.visit_id);
            const auto found = by_id.find(item.visit_id);
            if (found == by_id.end()) {
                ++missing;
                continue;
            }
            const ReceivedVisit& v = *found->second;
            auto receipt = decode_receipt(item.receipt);
            const bool same = item.state == OutboxState::Sent && receipt && v.seal == item.seal &&
                              v.technician_id == plans[i].technician && receipt->depot_seq == v.depot_seq &&
                              receipt->received_at_ms == v.received_ms;
            if (!same) ++mismatched;
            if (v.outcome == "not_possible") ++not_possible;
        }
    }
    CHECK_MESSAGE(unfinished == 0, unfinished << " tablets did not walk and send every visit assigned to them");
    CHECK(missing == 0);
    CHECK(mismatched == 0);
    CHECK(sealed == assigned_total);
    CHECK(received->size() == sealed);  // nothing on the depot that no tablet sealed
    CHECK(fleet.visits_acked.load() == static_cast<std::int64_t>(sealed));
    std::size_t bad_files = 0;
    for (const std::string& sha : files) {
        if (sha256_hex(read_file(attachment_file(store.value()->attachments_dir(), sha))) != sha) ++bad_files;
    }
    CHECK_MESSAGE(bad_files == 0, bad_files << " of " << files.size() << " files are missing or damaged on the depot");
    if (tablets >= 3) {
        CHECK(fleet.replays.load() > 0);
        CHECK(fleet.restores.load() > 0);
        CHECK(fleet.restored_visits.load() > 0);
    }

    const double visits_per_s = static_cast<double>(sealed) / clock.depot_s;
    const ProcessReading depot_peak = depot_watch.peak();
    const ProcessReading own_peak = own_watch.peak();
    const auto n = [](const std::atomic<std::int64_t>& v) { return static_cast<long long>(v.load()); };
    std::printf(
        "soak figures:\n"
        "  machine:       %s; RLIMIT_NOFILE %s\n"
        "  fleet:         %zu tablets, %llu rounds, %zu visits (%zu not possible), %zu distinct files; %.1f s in all (%.2f visits/s)\n"
        "  depot phases:  %.1f s; %.2f visits/s acknowledged; depot CPU %.1f s (%.0f%% of one core)\n"
        "  visit upload:  %s  (files + record, the whole attempt)\n"
        "  record PUT:    %s  (PUT of the visit to its receipt)\n"
        "  sync passes:   %s  (all %lld passes of the depot phases)\n"
        "  upload passes: %s  (passes that sent a visit)\n"
        "  replays:       %lld by hand, each 200 with the same receipt, %s\n"
        "  restores:      %lld stores put back from a copy, %lld visits sent again, each with its first receipt\n"
        "  field phases:  %.1f s; depot CPU %.1f s; walks %s; %lld down-sync passes %s; enroll %s\n"
        "  transient:     %lld answers 503 busy, %lld answers 429, %lld requests without an answer; %lld visit uploads "
        "retried later; %lld times a visit waited for its template\n"
        "  depot log:     %s\n"
        "  depot process: RSS %.1f MB at start, %.1f MB peak, %.1f MB at end; peak %d open files, %d threads\n"
        "  test process:  peak %d open files, %d threads, RSS %.1f MB; peak %d loopback connections in TIME_WAIT\n",
        machine_text().c_str(), open_files.c_str(), tablets, static_cast<unsigned long long>(rounds_run), sealed, not_possible,
        files.size(), total_s, static_cast<double>(sealed) / total_s, clock.depot_s, visits_per_s, clock.depot_cpu_s, 100.0 * clock.depot_cpu_s / clock.depot_s,
        fleet.visit_ms.text().c_str(), fleet.record_ms.text().c_str(), fleet.pass_ms.text().c_str(), n(fleet.passes),
        fleet.upload_pass_ms.text().c_str(), n(fleet.replays), fleet.replay_ms.text().c_str(), n(fleet.restores),
        n(fleet.restored_visits), clock.field_s, clock.field_cpu_s, fleet.walk_ms.text().c_str(), n(fleet.field_passes),
        fleet.field_pass_ms.text().c_str(), fleet.enroll_ms.text().c_str(), n(fleet.busy), n(fleet.too_many),
        n(fleet.no_answer), n(fleet.retried_uploads), n(fleet.template_waits), statuses.c_str(), static_cast<double>(depot_start.rss_kb) / 1024.0,
        static_cast<double>(depot_peak.rss_kb) / 1024.0, static_cast<double>(depot_end.rss_kb) / 1024.0, depot_peak.open_files,
        depot_peak.threads, own_peak.open_files, own_peak.threads, static_cast<double>(own_peak.rss_kb) / 1024.0,
        depot_watch.time_wait_peak());
    for (const auto& [sentence, times] : fleet.transient_kinds()) {
        std::printf("  transient x%lld: %s\n", static_cast<long long>(times), sentence.c_str());
    }
    std::fflush(stdout);
}
