#pragma once
// BackgroundSync: a worker thread that syncs the device store with the depot whenever it answers.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "checklists/clock.h"
#include "checklists/expected.h"
#include "sync/client/sync_loop.h"

namespace fc {

// SyncStatus: a snapshot the Sync screen shows; copied out under a lock, never shared.
struct SyncStatus {
    bool enrolled = false;            // a depot URL and the tablet's key (or an old bearer token) are stored
    std::string depot_url;
    bool running = false;             // a sync pass is under way
    std::int64_t last_contact_ms = 0; // wall ms of the last answer from the depot; 0 = never
    std::string last_error;           // last pass's problem in plain words; "" when it went well
    std::uint64_t generation = 0;     // bumps whenever the store changed (new assignments, visit sent)
    bool enrolling = false;           // an enrollment with a code is under way
    std::optional<Error> enroll_error;  // why the last enrollment was refused; empty when it went well
    std::optional<SyncProgress> progress;  // while a pass sends visits: which visit, which file
    SyncPassResult result;                 // the last finished pass: sent, waiting, and why
};

// Why a thread: a sync pass does blocking HTTP; the GUI frame must never wait on it. The worker
// opens its own DeviceStore connection (WAL allows one writer plus readers) and never calls ImGui;
// it calls `on_change` (e.g. glfwPostEmptyEvent, which is thread-safe) so the frame wakes up and
// re-reads the store.
class BackgroundSync {
public:
    BackgroundSync(std::filesystem::path data_dir, Clock& clock, std::function<void()> on_change);
    ~BackgroundSync();  // stops the worker and joins it
    BackgroundSync(const BackgroundSync&) = delete;
    BackgroundSync& operator=(const BackgroundSync&) = delete;

    void sync_now();            // "Sync now": run a pass as soon as possible
    void enroll(std::string depot_url, std::string code);  // the Sync screen's code, on the worker
    SyncStatus status() const;  // thread-safe snapshot

private:
    struct Worker;
    std::unique_ptr<Worker> worker_;
};

}  // namespace fc
