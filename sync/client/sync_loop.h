#pragma once
// SyncLoop: a worker thread that runs sync passes with the depot whenever it answers: every
// interval, and at once on "Sync now". The tablet app's BackgroundSync is a thin wrapper of it.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "sync/client/sync_client.h"
#include "sync/client/wire_client.h"

namespace fc {

// SyncPassResult: how the last finished pass left the outbox, for the words "sent 3, 1 waiting:
// the depot cannot be reached".
struct SyncPassResult {
    bool finished = false;          // a pass ended since the loop started
    int sent = 0;                   // visits the depot received in that pass
    int waiting = 0;                // visits still pending on the tablet after it
    int set_aside = 0;              // visits the depot refused, on the tablet
    std::optional<Error> problem;   // why visits wait (the first failed visit, or the depot away)
    bool operator==(const SyncPassResult& o) const {
        return finished == o.finished && sent == o.sent && waiting == o.waiting && set_aside == o.set_aside &&
               problem.has_value() == o.problem.has_value() && (!problem || problem->code == o.problem->code);
    }
};

// SyncLoopStatus: a snapshot copied out under the loop's lock.
struct SyncLoopStatus {
    bool enrolled = false;
    std::string depot_url;
    bool running = false;
    std::int64_t last_contact_ms = 0;  // wall ms of the last answer from the depot; 0 = never
    std::string last_error;            // last pass's first problem; "" when it went well
    std::uint64_t generation = 0;      // bumps whenever a pass changed the device store
    std::uint64_t passes = 0;          // passes finished (tests wait on it)
    bool enrolling = false;            // an enrollment with a code is under way
    std::optional<Error> enroll_error; // the last enrollment's refusal; cleared when one succeeds
    std::optional<SyncProgress> progress;  // while a pass sends visits: which one, which file
    SyncPassResult result;                 // the last finished pass's
};

struct SyncLoopOptions {
    std::chrono::milliseconds interval{30'000};
    // Shorter than a manual sync's: the app waits for the current pass when it closes.
    DepotTimeouts timeouts{3'000, 15'000, 15'000};
};

// Why its own store connection: WAL lets this thread write (mark sent, apply assignments) while the
// GUI thread's connection reads and writes answers; each write is its own short transaction.
// `on_change` is called from the worker thread after every pass (and when a pass starts); it must
// be thread-safe (e.g. glfwPostEmptyEvent).
class SyncLoop {
public:
    // `clock` (the program's) is the worker's store's clock; it must outlive the loop.
    SyncLoop(std::filesystem::path data_dir, Clock& clock, std::function<void()> on_change, SyncLoopOptions options = {});
    ~SyncLoop();  // stops after the current visit and joins
    SyncLoop(const SyncLoop&) = delete;
    SyncLoop& operator=(const SyncLoop&) = delete;

    void sync_now();
    // Enrolls with a one-time code on the worker thread (enroll_with_code: the HTTP call must not
    // hold up the frame), then runs a pass; the outcome shows in status().
    void enroll(std::string depot_url, std::string code);
    SyncLoopStatus status() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace fc
