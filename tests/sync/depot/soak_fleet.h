#pragma once
// The soak test's fleet. SoakFleet: what every tablet shares (the depot's address, the rounds, what
// the back office assigned, the figures and every problem seen). SoakTablet: one simulated tablet on
// its own thread, made of the real tablet code: its own DeviceStore, enroll_with_depot, passes of
// sync_with_depot, each visit walked through the engine with its photo and signature stored. A
// share of the tablets re-send acknowledged visits by hand, or restore their store from a copy
// taken before the receipts came, and must get the very same receipts again.
//
// Why rounds of two phases: walking a visit costs the tablet one fsync per answer (about forty), so
// with every tablet on one machine the walks would swamp the disk and the CPU while the depot is
// measured. Each round has a field phase (down-sync, then every tablet walks its visits, no
// upload) and a depot phase (every tablet syncs at once, like a fleet back at the depot in the
// evening; the back office assigns the next round's visits meanwhile); the latencies and visits/s
// are those of the depot phases, and the field phases are reported on their own.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/sync/depot/soak_figures.h"
#include "tests/sync/depot/visit_walker.h"
#include "sync/store/device_store.h"
#include "sync/client/sync_client.h"
#include "sync/client/sync_loop.h"
#include "sync/wire/wire_messages.h"
#include "sync/wire/wire_visit.h"
#include "tests/test_clock.h"

namespace fc::test {

// How the depot's answer to a request that did not succeed is counted.
enum class AnswerKind {
    Busy,      // 503 "busy": the depot sheds connections; the tablet backs off and tries again
    TooMany,   // 429: the same, by rate
    NoAnswer,  // no HTTP answer at all (refused, reset, closed, timed out)
    Error,     // anything else: a failure of the soak
};

// Why a 503 "busy" that speaks of the database is an error: that is the depot's SQLite lock timing
// out (storage trouble), not the depot shedding connections. A 503 without a body is the answer to
// a HEAD (it has none, so it cannot say why): counted as busy here, and the depot's own log, where
// every 5xx a route gives is written and the connection cap's are not, is checked for none.
inline AnswerKind sort_answer(int status, std::optional<ErrorCode> code, const std::string& message) {
    if (status == 429) return AnswerKind::TooMany;
    if (status == 503 && code == ErrorCode::busy && message.find("database") == std::string::npos) return AnswerKind::Busy;
    if (status == 503 && !code && message.empty()) return AnswerKind::Busy;
    return AnswerKind::Error;
}

// Sorts one of SyncReport::problems (or an enroll error): "… (HTTP 503, busy: …)" or a network failure.
inline AnswerKind sort_problem(const std::string& sentence) {
    static const std::regex http(R"(HTTP ([0-9]{3})(, ([a-z_]+): (.*))?)");
    std::smatch m;
    if (std::regex_search(sentence, m, http)) {
        return sort_answer(std::stoi(m[1].str()), error_code_from_name(m[3].str()), m[4].str());
    }
    for (const char* network : {"could not connect", "connection broke", "did not answer", "no answer from the depot"}) {
        if (sentence.find(network) != std::string::npos) return AnswerKind::NoAnswer;
    }
    return AnswerKind::Error;
}

// Runs the test's bookkeeping once all tablets (and the test) reached the end of a phase, before any
// of them goes on.
struct SoakPhaseEnd {
    std::function<void()>* call;
    void operator()() noexcept { (*call)(); }
};

struct SoakFleet {
    explicit SoakFleet(std::size_t tablets) : assigned(tablets), phases(static_cast<std::ptrdiff_t>(tablets) + 1, SoakPhaseEnd{&on_phase_end}) {}

    std::string url;
    std::filesystem::path depot_dir;  // whose key the tablets pin, as enrollment will
    int port = 0;
    std::chrono::milliseconds idle_pause{250};      // between passes when a tablet has nothing to do
    std::chrono::steady_clock::time_point give_up;  // a tablet not done by then says what is left
    std::vector<std::atomic<int>> assigned;         // visits per tablet so far, by the back office
    std::atomic<bool> more_rounds{false};           // decided at the end of each field phase
    std::atomic<bool> round_assigned{false};        // the next round's visits are all assigned
    std::function<void()> on_phase_end;             // set by the test before the tablets start
    std::barrier<SoakPhaseEnd> phases;              // every tablet and the test, at each phase's end

    // Field phases.
    LatencySamples enroll_ms, field_pass_ms, walk_ms;
    // Depot phases.
    LatencySamples pass_ms, upload_pass_ms, visit_ms, record_ms, replay_ms;
    std::atomic<std::int64_t> passes{0}, field_passes{0}, visits_acked{0}, replays{0}, restores{0}, restored_visits{0};
    std::atomic<std::int64_t> busy{0}, too_many{0}, no_answer{0}, retried_uploads{0};
    std::atomic<std::int64_t> template_waits{0};  // a visit on the list whose template had not come down yet

    void record_failure(const std::string& who, const std::string& what) {
        std::lock_guard lock(mutex_);
        ++failure_count_;
        if (failures_.size() < 40) failures_.push_back(who + ": " + what);
    }
    std::vector<std::string> failures() const {
        std::lock_guard lock(mutex_);
        return failures_;
    }
    std::size_t failure_count() const {
        std::lock_guard lock(mutex_);
        return failure_count_;
    }

    // Counts a transient answer, by what was said (ids and hashes left out); false for an error.
    bool count(AnswerKind kind, const std::string& sentence) {
        if (kind == AnswerKind::Error) return false;
        static const std::regex names(R"(soak-t[0-9]+-v[0-9]+|[0-9a-f]{12,64}|https?://[0-9.:]+)");
        {
            std::lock_guard lock(mutex_);
            ++transient_kinds_[std::regex_replace(sentence, names, "…")];
        }
        ++(kind == AnswerKind::Busy ? busy : kind == AnswerKind::TooMany ? too_many : no_answer);
        return true;
    }
    std::map<std::string, std::int64_t> transient_kinds() const {
        std::lock_guard lock(mutex_);
        return transient_kinds_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> failures_;
    std::size_t failure_count_ = 0;
    std::map<std::string, std::int64_t> transient_kinds_;
};

struct SoakTabletPlan {
    int index = 0;
    std::string technician;
    std::string token;
    std::filesystem::path dir;  // the tablet's data directory is dir/"store"
    bool raw_replays = false;   // re-sends every acknowledged visit by hand: 200 and the same receipt
    bool restore_once = false;  // once: its store copied before the receipts came, restored, synced again
};

// What a tablet ended with, for the checks against the depot.
struct SoakTabletResult {
    std::vector<OutboxItem> outbox;
    std::set<std::string> attachments;  // SHA-256 of every file it attached
    std::size_t visits = 0;             // on its day list
    bool finished = false;              // every round done: every visit walked and acknowledged
};

class SoakTablet {
public:
    SoakTablet(SoakFleet& fleet, SoakTabletPlan plan, std::uint64_t seed)
        : fleet_(fleet), plan_(std::move(plan)), random_(seed ^ (static_cast<std::uint64_t>(plan_.index) * 0x9E3779B97F4A7C15ull)) {}

    const SoakTabletResult& result() const { return result_; }

    // The tablet's whole life, on the calling thread: rounds of a field and a depot phase until the
    // fleet says there are no more. A tablet that fails leaves the fleet (the others go on).
    void run() {
        bool ok = open_store() && enroll();
        while (ok) {
            ok = field_phase();
            if (!ok) break;
            fleet_.phases.arrive_and_wait();
            ok = depot_phase();
            if (!ok) break;
            const bool more = fleet_.more_rounds;  // read before the barrier: the next field phase may change it
            fleet_.phases.arrive_and_wait();
            if (!more) {
                result_.finished = true;
                break;
            }
        }
        if (!ok) fleet_.phases.arrive_and_drop();
        if (store_) {
            if (auto outbox = store_->outbox()) result_.outbox = outbox.value();
            if (auto list = store_->list_visits()) result_.visits = list->size();
        }
    }

private:
    std::size_t index() const { return static_cast<std::size_t>(plan_.index); }
    std::filesystem::path store_dir() const { return plan_.dir / "store"; }
    std::filesystem::path copy_dir() const { return plan_.dir / "copy"; }

    bool fail(const std::string& what) {
        failed_ = true;
        fleet_.record_failure("tablet " + std::to_string(plan_.index) + " (" + plan_.technician + ")", what);
        return false;
    }

    bool gave_up(const char* where) {
        if (std::chrono::steady_clock::now() < fleet_.give_up) return false;
        fail(std::string("not done with its ") + where + " when the soak gave up: " + std::to_string(visit_count()) + " of " +
             std::to_string(fleet_.assigned[index()].load()) + " visits on its list, " + std::to_string(unacknowledged()) +
             " not acknowledged");
        return true;
    }

    // After `streak` transient answers in a row: 100 ms doubling up to 2 s.
    static int backoff_ms(int streak) { return std::min(2000, 50 << std::clamp(streak, 1, 6)); }

    // Sleeps `ms` give or take half, so tablets that waited together do not return together.
    void pause(int ms) {
        std::uniform_int_distribution<int> jitter(ms / 2, ms + ms / 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(jitter(random_)));
    }

    bool open_store() {
        store_.reset();
        auto opened = DeviceStore::open(store_dir(), fc::test::still_clock());
        if (!opened) return fail("its store does not open: " + opened.error().message);
        store_ = std::move(opened).value();
        return true;
    }

    static SyncOptions sync_options() {
        SyncOptions o;
        o.timeouts = SyncLoopOptions{}.timeouts;  // the background loop's, as on a real tablet
        return o;
    }

    // `fieldcheck enroll`'s own call; a busy depot is asked again after a pause.
    bool enroll() {
        for (int attempt = 1; !gave_up("enrolment"); ++attempt) {
            const auto started = std::chrono::steady_clock::now();
            const Status s = enroll_with_depot(*store_, fleet_.url, plan_.token, sync_options());
            if (s) {
                fleet_.enroll_ms.add(ms_since(started));
                pin_depot_key_of(*store_, fleet_.depot_dir);
                return true;
            }
            if (!fleet_.count(sort_problem(s.error().message), "enroll: " + s.error().message)) {
                return fail("enroll failed: " + to_string(s.error().code) + ": " + s.error().message);
            }
            pause(backoff_ms(attempt));
        }
        return false;
    }

    // Down-sync until every visit assigned so far is on the list with its template, then walk them.
    bool field_phase() {
        while (!failed_ && !gave_up("field phase")) {
            auto list = store_->list_visits();
            if (!list) return fail("its day list cannot be read: " + list.error().message);
            bool ready = list->size() >= static_cast<std::size_t>(fleet_.assigned[index()].load());
            for (const VisitSummary& s : list.value()) {
                if (!ready || s.sealed) continue;
                auto t = store_->get_template(s.assignment.template_id, s.assignment.template_version);
                if (!t && t.error().code == ErrorCode::not_found) {
                    // The assignment came down but its template did not (that request was turned
                    // away): the technician cannot open it until a later pass fetches the template.
                    ++fleet_.template_waits;
                    ready = false;
                }
            }
            if (ready) return walk_new_visits();
            const auto started = std::chrono::steady_clock::now();
            const bool moved = pass(false);
            fleet_.field_pass_ms.add(ms_since(started));
            ++fleet_.field_passes;
            if (!moved) pause(busy_streak_ > 0 ? backoff_ms(busy_streak_) : 100);
        }
        return false;
    }

    // Every tablet syncs until each of its visits is acknowledged and the next round's visits (if
    // any) are on its list; a restoring tablet copies its store first and puts the copy back once.
    bool depot_phase() {
        if (plan_.restore_once && !copy_taken_ && !take_copy()) return false;
        while (!failed_ && !gave_up("depot phase")) {
            const bool moved = pass(true);
            if (plan_.raw_replays && !replay_acknowledged()) return false;
            if (failed_) return false;
            if (unacknowledged() == 0 && awaiting_again_.empty()) {
                if (copy_taken_ && !copy_restored_) {
                    if (!restore_copy()) return false;
                    continue;
                }
                const bool next_here = !fleet_.more_rounds ||
                                       (fleet_.round_assigned && visit_count() >= fleet_.assigned[index()].load());
                if (next_here) return true;
            }
            if (busy_streak_ > 0) pause(backoff_ms(busy_streak_));
            else if (!moved) pause(static_cast<int>(fleet_.idle_pause.count()));
        }
        return false;
    }

    // One sync pass and the checks after it; true when it sent a visit or received assignments.
    bool pass(bool depot_phase) {
        SyncOptions o = sync_options();
        if (depot_phase) {
            o.on_visit_upload = [this](const VisitUploadTiming& t) {
                if (!t.sent) return;
                fleet_.visit_ms.add(static_cast<double>(t.whole_us) / 1000.0);
                fleet_.record_ms.add(static_cast<double>(t.record_us) / 1000.0);
            };
        }
        const auto started = std::chrono::steady_clock::now();
        auto report = sync_with_depot(*store_, o);
        const double ms = ms_since(started);
        if (!report) return fail("a sync pass could not start: " + to_string(report.error().code) + ": " + report.error().message);
        if (depot_phase) {
            ++fleet_.passes;
            fleet_.pass_ms.add(ms);
            if (report->sent > 0) fleet_.upload_pass_ms.add(ms);
        }
        fleet_.retried_uploads += report->retry_later;
        bool transient = false;
        for (const std::string& problem : report->problems) {
            if (!fleet_.count(sort_problem(problem), "pass: " + problem)) fail("a sync pass reported: " + problem);
            transient = true;
        }
        busy_streak_ = transient ? busy_streak_ + 1 : 0;
        check_outbox();
        return report->sent > 0 || report->assignments_received > 0;
    }

    // After every pass: a visit marked sent holds the depot's receipt for exactly that visit and seal,
    // and a receipt once given never changes (not after a replay, not after a restore).
    void check_outbox() {
        auto outbox = store_->outbox();
        if (!outbox) {
            fail("its outbox cannot be read: " + outbox.error().message);
            return;
        }
        for (const OutboxItem& item : outbox.value()) {
            if (item.state == OutboxState::SetAside) {
                fail("visit " + item.visit_id + " was set aside: " + item.last_error);
                continue;
            }
            if (item.state != OutboxState::Sent) continue;
            auto receipt = decode_receipt(item.receipt);
            if (!receipt || receipt->visit_id != item.visit_id || receipt->seal != item.seal) {
                fail("visit " + item.visit_id + " is marked sent without its receipt: '" + item.receipt + "'");
                continue;
            }
            const auto known = receipts_.find(item.visit_id);
            if (known == receipts_.end()) {
                receipts_[item.visit_id] = item.receipt;
                ++fleet_.visits_acked;
                if (plan_.raw_replays) unreplayed_.push_back(item.visit_id);
            } else if (known->second != item.receipt) {
                fail("visit " + item.visit_id + " got a second, different receipt: '" + known->second + "' then '" +
                     item.receipt + "'");
            } else if (awaiting_again_.erase(item.visit_id) > 0) {
                ++fleet_.restored_visits;
            }
        }
    }

    int unacknowledged() {
        if (!store_) return -1;
        auto outbox = store_->outbox();
        if (!outbox) return -1;
        return static_cast<int>(std::count_if(outbox->begin(), outbox->end(), [](const OutboxItem& i) { return i.state != OutboxState::Sent; }));
    }

    int visit_count() {
        if (!store_) return -1;
        auto list = store_->list_visits();
        return list ? static_cast<int>(list->size()) : -1;
    }

    // Walks every visit on the day list not walked yet.
    bool walk_new_visits() {
        auto list = store_->list_visits();
        if (!list) return fail("its day list cannot be read: " + list.error().message);
        for (const VisitSummary& s : list.value()) {
            if (s.sealed) continue;
            const int n = walked_++;
            WalkPlan plan;
            plan.photo_bytes = 40'000;
            plan.signature_bytes = 8'000;
            plan.not_possible = n % 5 == 2;  // a blocking precheck not met: closed early, no files
            // Now and then the very same photo on many tablets at once: one file on the depot.
            plan.salt = n % 4 == 1 ? std::string("shared") : s.assignment.visit_id;
            auto loaded = store_->load_visit(s.assignment.visit_id);
            if (!loaded) return fail("visit " + s.assignment.visit_id + " does not load: " + loaded.error().message);
            Visit v = std::move(loaded).value();
            WalkSinks sinks;
            sinks.record = [this](const Visit& after, const Events& events) { return store_->append_events(after, events); };
            sinks.attach = [this](const std::string& bytes) {
                auto sha = store_->put_attachment(bytes, "image/jpeg");
                if (sha) result_.attachments.insert(sha.value());
                return sha;
            };
            const auto started = std::chrono::steady_clock::now();
            const std::int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch()).count();
            if (Status st = walk_visit(v, plan, sinks, Instant{wall, 1'000}); !st) {
                return fail("visit " + s.assignment.visit_id + " could not be walked: " + to_string(st.error().code) + ": " + st.error().message);
            }
            fleet_.walk_ms.add(ms_since(started));
        }
        return true;
    }

    // Each visit the depot acknowledged, sent again by hand as a tablet that lost its answer would:
    // 200 and, byte for byte, the receipt the tablet already holds.
    bool replay_acknowledged() {
        while (!unreplayed_.empty()) {
            const std::string id = unreplayed_.back();
            unreplayed_.pop_back();
            auto v = store_->load_visit(id);
            if (!v) return fail("visit " + id + " does not load for its replay: " + v.error().message);
            const std::string record = encode_visit_record(v.value());
            for (int attempt = 1;; ++attempt) {
                if (gave_up("replays")) return false;
                httplib::Client c("127.0.0.1", fleet_.port);
                c.set_tcp_nodelay(true);
                c.set_connection_timeout(3, 0);
                c.set_read_timeout(15, 0);
                c.set_write_timeout(15, 0);
                c.set_default_headers({{"Authorization", "Bearer " + plan_.token}});
                const auto started = std::chrono::steady_clock::now();
                const auto res = c.Put(("/api/v1/visits/" + id).c_str(), record, "application/json");
                const double ms = ms_since(started);
                if (res && res->status == 200 && res->has_header("X-Fieldcheck-Depot")) {
                    if (res->body != receipts_[id]) {
                        return fail("the replay of visit " + id + " got another receipt: '" + res->body + "', the tablet holds '" +
                                    receipts_[id] + "'");
                    }
                    fleet_.replay_ms.add(ms);
                    ++fleet_.replays;
                    break;
                }
                AnswerKind kind = AnswerKind::NoAnswer;
                if (res) {
                    const auto e = decode_wire_error(res->body);
                    kind = sort_answer(res->status, e ? std::optional<ErrorCode>(e->code) : std::nullopt, e ? e->message : std::string());
                }
                const std::string said = res ? "HTTP " + std::to_string(res->status) + " " + res->body
                                             : "no answer: " + httplib::to_string(res.error());
                if (!fleet_.count(kind, "replay by hand: " + said)) return fail("the replay of visit " + id + " was answered " + said);
                pause(backoff_ms(attempt));
            }
        }
        return true;
    }

    // The store copied while this round's visits wait for their receipts, closed first as a backup
    // would be.
    bool take_copy() {
        copy_taken_ = true;
        auto outbox = store_->outbox();
        if (!outbox) return fail("its outbox cannot be read: " + outbox.error().message);
        for (const OutboxItem& i : outbox.value()) {
            if (i.state == OutboxState::Pending) copy_pending_.insert(i.visit_id);
        }
        store_.reset();
        std::error_code ec;
        std::filesystem::copy(store_dir(), copy_dir(), std::filesystem::copy_options::recursive, ec);
        if (ec) return fail("its store could not be copied: " + ec.message());
        return open_store();
    }

    // Once every receipt came: the copy put back, as after restoring a backup. The next passes send
    // those visits again; check_outbox compares the receipts byte for byte with the first ones.
    bool restore_copy() {
        copy_restored_ = true;
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(store_dir(), ec);
        if (!ec) std::filesystem::rename(copy_dir(), store_dir(), ec);
        if (ec) return fail("its store could not be restored from the copy: " + ec.message());
        if (!open_store()) return false;
        awaiting_again_ = copy_pending_;
        ++fleet_.restores;
        return true;
    }

    SoakFleet& fleet_;
    SoakTabletPlan plan_;
    std::mt19937_64 random_;
    std::unique_ptr<DeviceStore> store_;
    SoakTabletResult result_;
    std::map<std::string, std::string> receipts_;  // every receipt this tablet was given
    std::vector<std::string> unreplayed_;          // acknowledged, not yet re-sent by hand
    std::set<std::string> copy_pending_;           // visits waiting for receipts when the copy was taken
    std::set<std::string> awaiting_again_;         // restored visits not yet acknowledged again
    int walked_ = 0;
    int busy_streak_ = 0;
    bool copy_taken_ = false;
    bool copy_restored_ = false;
    bool failed_ = false;
};

}  // namespace fc::test
