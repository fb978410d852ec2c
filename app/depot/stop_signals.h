#pragma once
// StopSignals: SIGINT and SIGTERM taken by one thread with sigwait, so stopping the depot is an
// ordinary call, not a signal handler.
#include <signal.h>

#include <functional>
#include <thread>

namespace fc {

class StopSignals {
public:
    // Blocks both signals in this thread and every thread started after it: construct first.
    StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    // Waits for the waiting thread (wake() first if no signal may come).
    ~StopSignals();

    // Calls `stop` on the first of the signals to arrive, from a thread of its own. Call once.
    void on_signal(std::function<void()> stop);
    // Returns once the waiting thread has ended (at once when on_signal() was never called).
    void wait();
    // Sends this process SIGTERM, so the waiting thread ends when nothing else will stop it.
    void wake();

private:
    sigset_t signals_{};
    std::thread waiter_;
};

}  // namespace fc
