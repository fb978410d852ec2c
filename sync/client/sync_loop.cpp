#include "sync_loop.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "sync/store/device_store.h"
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
            const bool forced = now_requested;
            now_requested = false;
            lock.unlock();
            pass(store, forced);
            lock.lock();
            wake.wait_for(lock, options.interval, [&] { return stopping || now_requested; });
        }
    }

    void pass(std::unique_ptr<DeviceStore>& store, bool forced) {
        if (!store) {
            auto opened = DeviceStore::open(dir, *clock);
            if (!opened) {
                publish([&](SyncLoopStatus& s) {
                    s.last_error = opened.error().message;
                    ++s.passes;
                });
                return;
            }
            store = std::move(opened).value();
        }
        auto url = store->setting(kSettingDepotUrl);
        auto token = store->setting(kSettingDeviceToken);
        const bool enrolled = url && token && url.value() && token.value();
        if (!enrolled) {
            publish([&](SyncLoopStatus& s) {
                s.enrolled = false;
                s.depot_url.clear();
                ++s.passes;
            });
            return;
        }
        publish([&](SyncLoopStatus& s) {
            s.enrolled = true;
            s.depot_url = *url.value();
            s.running = true;
        });
        SyncOptions sync_options;
        sync_options.ignore_backoff = forced;
        sync_options.timeouts = options.timeouts;
        sync_options.cancelled = [this] {
            std::lock_guard lock(mutex);
            return stopping;
        };
        auto report = sync_with_depot(*store, sync_options);
        publish([&](SyncLoopStatus& s) {
            s.running = false;
            ++s.passes;
            if (!report) {
                s.last_error = report.error().message;
                return;
            }
            if (report->depot_reached) s.last_contact_ms = clock->now().wall_ms;
            s.last_error = report->problems.empty() ? std::string() : report->problems.front();
            // A page of confirmations or withdrawals alone changes the day's list too.
            if (report->sent || report->set_aside || report->retry_later || report->templates_added ||
                report->assignments_received || report->confirmations_sealed || report->visits_withdrawn) {
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

SyncLoopStatus SyncLoop::status() const {
    std::lock_guard lock(state_->mutex);
    return state_->status;
}

}  // namespace fc
