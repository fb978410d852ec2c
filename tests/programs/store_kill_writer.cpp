// store_kill_writer DIR: walks visits on the device store in DIR, one answer after another, and
// reports each answer the moment its append_events call returned ("ACK <visit> <seq>" on fd 1).
// The SIGKILL test kills it at random points and checks every ACKed answer is still there.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "tests/sync/store/visit_walk.h"
#include "sync/store/device_store.h"
#include "tests/test_clock.h"

namespace {

// write(2), not stdio: nothing may sit in a user-space buffer when SIGKILL arrives, and a line
// shorter than PIPE_BUF reaches the pipe whole or not at all.
void say(const std::string& line) {
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(1, line.data() + done, line.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

int fail(const char* what, const fc::Error& e) {
    std::fprintf(stderr, "store_kill_writer: %s: %s: %s\n", what, to_string(e.code).c_str(), e.message.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_kill_writer DIR\n");
        return 64;
    }
    auto opened = fc::DeviceStore::open(argv[1], fc::test::still_clock());
    if (!opened) return fail("open", opened.error());
    fc::DeviceStore& store = **opened;
    if (auto s = store.put_template(fc::test::fiber_template()); !s) return fail("put_template", s.error());
    auto checklist = store.get_template("fiber-install", 1);
    if (!checklist) return fail("get_template", checklist.error());
    auto visits = store.list_visits();
    if (!visits) return fail("list_visits", visits.error());
    // Visits are walked in order, so every sealed one is done and the first other one is resumed.
    int k = 0;
    for (const auto& summary : *visits) {
        if (summary.sealed) ++k;
    }
    say("READY\n");

    for (;; ++k) {
        const fc::Assignment assignment = fc::test::walk_assignment(k);
        if (auto s = store.put_assignment(assignment); !s) return fail("put_assignment", s.error());
        auto loaded = store.load_visit(assignment.visit_id);
        if (!loaded) return fail("load_visit", loaded.error());
        fc::Visit v = std::move(*loaded);
        const int done = fc::test::walk_actions_done(v, k, *checklist);
        if (done < 0) {
            std::fprintf(stderr, "store_kill_writer: visit %s holds events that are not the walk's\n",
                         assignment.visit_id.c_str());
            return 3;
        }
        const std::size_t total = fc::test::walk_actions(k).size();
        for (std::size_t i = static_cast<std::size_t>(done); i < total; ++i) {
            auto events = fc::test::walk_step(v, k, i);
            if (!events) return fail("walk", events.error());
            fc::Visit after = v;
            if (auto s = after.apply(*events); !s) return fail("apply", s.error());
            if (auto s = store.append_events(after, *events); !s) return fail("append_events", s.error());
            say("ACK " + assignment.visit_id + " " + std::to_string(after.events().size()) + "\n");
            v = std::move(after);
        }
    }
}
