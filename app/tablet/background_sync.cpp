#include "background_sync.h"

#include "sync/client/sync_loop.h"

namespace fc {

// The worker itself lives in sync/ (SyncLoop), where the depot tests drive it without a window.
struct BackgroundSync::Worker {
    SyncLoop loop;
    Worker(std::filesystem::path dir, Clock& clock, std::function<void()> on_change)
        : loop(std::move(dir), clock, std::move(on_change)) {}
};

BackgroundSync::BackgroundSync(std::filesystem::path data_dir, Clock& clock, std::function<void()> on_change)
    : worker_(std::make_unique<Worker>(std::move(data_dir), clock, std::move(on_change))) {}

BackgroundSync::~BackgroundSync() = default;

void BackgroundSync::sync_now() { worker_->loop.sync_now(); }

void BackgroundSync::enroll(std::string depot_url, std::string code) { worker_->loop.enroll(std::move(depot_url), std::move(code)); }

SyncStatus BackgroundSync::status() const {
    const SyncLoopStatus s = worker_->loop.status();
    SyncStatus out;
    out.enrolled = s.enrolled;
    out.depot_url = s.depot_url;
    out.running = s.running;
    out.last_contact_ms = s.last_contact_ms;
    out.last_error = s.last_error;
    out.generation = s.generation;
    out.enrolling = s.enrolling;
    out.enroll_error = s.enroll_error;
    out.progress = s.progress;
    out.result = s.result;
    return out;
}

}  // namespace fc
