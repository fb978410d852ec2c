#include "sync_loop.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "sync/store/device_store.h"
#include "sync/client/device_enrollment.h"
#include "sync/client/sync_client.h"

namespace fc {
struct SyncLoop::State {
    std::filesystem::path dir;
    Clock* clock = nullptr;
    std::function<void()> on_change;
    SyncLoopOptions options;
    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool now_requested = false;
    std::optional<std::pair<std::string, std::string>> enroll_request;  // depot URL, code
    SyncLoopStatus status;
    std::thread thread;

    void notify() {
        if (on_change) on_change();
    }

    void publish(const std::function<void(SyncLoopStatus&)>& change) {
        {
            std::lock_guard lock(mutex);
            change(status);
        }
        notify();
    }

    void run() {
        std::unique_ptr<DeviceStore> store;
        std::unique_lock lock(mutex);
        while (!stopping) {
            const bool forced = now_requested || enroll_request;
            now_requested = false;
            auto enrollment = std::exchange(enroll_request, std::nullopt);
            lock.unlock();
            if (enrollment) enroll(store, enrollment->first, enrollment->second);
            pass(store, forced);
            lock.lock();
            wake.wait_for(lock, options.interval, [&] { return stopping || now_requested || enroll_request; });
        }
    }

    bool open_store(std::unique_ptr<DeviceStore>& store) {
        if (store) return true;
        auto opened = DeviceStore::open(dir, *clock);
        if (!opened) {
            publish([&](SyncLoopStatus& s) {
                s.last_error = opened.error().message;
                ++s.passes;
            });
            return false;
        }
        store = std::move(opened).value();
        return true;
    }

    void enroll(std::unique_ptr<DeviceStore>& store, const std::string& url, const std::string& code) {
        if (!open_store(store)) return;
        publish([&](SyncLoopStatus& s) { s.enrolling = true; });
        SyncOptions sync_options;
        sync_options.timeouts = options.timeouts;
        const Status done = enroll_with_code(*store, url, code, {}, sync_options);
        publish([&](SyncLoopStatus& s) {
            s.enrolling = false;
            s.enroll_error = done ? std::nullopt : std::optional<Error>(done.error());
        });
    }

    static SyncPassResult outbox_after(DeviceStore& store, const Expected<SyncReport>& report) {
        SyncPassResult r;
        r.finished = true;
        if (report) {
            r.sent = report->sent;
            r.problem = report->problem;
        } else {
            r.problem = report.error();
        }
        auto outbox = store.outbox();
        if (!outbox) {
            if (!r.problem) r.problem = outbox.error();
            return r;
        }
        for (const OutboxItem& item : outbox.value()) {
            r.waiting += item.state == OutboxState::Pending ? 1 : 0;
            r.set_aside += item.state == OutboxState::SetAside ? 1 : 0;
        }
        return r;
    }

    // Enrolled: a depot URL and either the tablet's own key or a bearer token to register one with.
    bool enrolled(DeviceStore& store, std::string& url_out) {
        auto url = store.setting(kSettingDepotUrl);
        auto token = store.setting(kSettingDeviceToken);
        auto key_id = store.setting(kSettingDeviceKeyId);
        if (!url || !token || !key_id || !url.value()) return false;
        url_out = *url.value();
        return !token.value().value_or("").empty() || !key_id.value().value_or("").empty();
    }

    void pass(std::unique_ptr<DeviceStore>& store, bool forced) {
        if (!open_store(store)) return;
        std::string url;
        if (!enrolled(*store, url)) {
            publish([&](SyncLoopStatus& s) {
                s.enrolled = false;
                s.depot_url.clear();
                ++s.passes;
            });
            return;
        }
        publish([&](SyncLoopStatus& s) {
            s.enrolled = true;
            s.depot_url = url;
            s.running = true;
        });
        SyncOptions sync_options;
        sync_options.ignore_backoff = forced;
        sync_options.timeouts = options.timeouts;
        sync_options.cancelled = [this] {
            std::lock_guard lock(mutex);
            return stopping;
        };
        // Copied under the lock, and the GUI woken: it never waits on the pass.
        sync_options.on_progress = [this](const SyncProgress& p) { publish([&](SyncLoopStatus& s) { s.progress = p; }); };
        auto report = sync_with_depot(*store, sync_options);
        const SyncPassResult result = outbox_after(*store, report);
        publish([&](SyncLoopStatus& s) {
            s.running = false;
            s.progress.reset();
            // Why only on a change: offline, a pass every interval notes the same problem again, and
            // an unchanged screen needs no frame (the idle tablet draws nothing).
            const bool result_changed = !(s.result == result);
            s.result = result;
            ++s.passes;
            if (!report) {
                s.last_error = report.error().message;
                return;
            }
            if (report->depot_reached) s.last_contact_ms = clock->now().wall_ms;
            s.last_error = report->problems.empty() ? std::string() : report->problems.front();
            // A page of confirmations or withdrawals alone changes the day's list too.
            // A depot out of reach is noted on every waiting visit's row (its last error) too.
            if (report->sent || report->set_aside || report->retry_later || report->templates_added ||
                report->assignments_received || report->confirmations_sealed || report->visits_withdrawn || result_changed) {
                ++s.generation;
            }
        });
    }
};

SyncLoop::SyncLoop(std::filesystem::path data_dir, Clock& clock, std::function<void()> on_change, SyncLoopOptions options)
    : state_(std::make_unique<State>()) {
    state_->dir = std::move(data_dir);
    state_->clock = &clock;
    state_->on_change = std::move(on_change);
    state_->options = options;
    state_->thread = std::thread([s = state_.get()] { s->run(); });
}

SyncLoop::~SyncLoop() {
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->wake.notify_all();
    state_->thread.join();
}

void SyncLoop::sync_now() {
    {
        std::lock_guard lock(state_->mutex);
        state_->now_requested = true;
    }
    state_->wake.notify_all();
}

void SyncLoop::enroll(std::string depot_url, std::string code) {
    {
        std::lock_guard lock(state_->mutex);
        state_->enroll_request.emplace(std::move(depot_url), std::move(code));
    }
    state_->wake.notify_all();
}

SyncLoopStatus SyncLoop::status() const {
    std::lock_guard lock(state_->mutex);
    return state_->status;
}

}  // namespace fc
