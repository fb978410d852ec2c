#include "stop_signals.h"

#include <unistd.h>

#include <utility>

namespace fc {

StopSignals::StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

StopSignals::~StopSignals() { wait(); }

void StopSignals::wait() {
    if (waiter_.joinable()) waiter_.join();
}

void StopSignals::on_signal(std::function<void()> stop) {
    waiter_ = std::thread([this, stop = std::move(stop)] {
        int received = 0;
        sigwait(&signals_, &received);
        stop();
    });
}

void StopSignals::wake() { kill(getpid(), SIGTERM); }

}  // namespace fc
