#include "tablet_commands.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "sync/device_store.h"
#include "sync/sync_client.h"

namespace fc {
namespace {

constexpr const char* kEnrollUsage = "usage: fieldcheck enroll --data DIR --depot URL --token TOKEN\n";
constexpr const char* kSyncUsage = "usage: fieldcheck sync --data DIR\n";

// "--name value" pairs only; anything else is a usage error.
bool read_options(int argc, char** argv, std::string& data, std::string& depot, std::string& token, bool allow_enroll) {
    for (int i = 2; i < argc; i += 2) {
        const std::string_view name = argv[i];
        if (i + 1 >= argc) return false;
        if (name == "--data") data = argv[i + 1];
        else if (allow_enroll && name == "--depot") depot = argv[i + 1];
        else if (allow_enroll && name == "--token") token = argv[i + 1];
        else return false;
    }
    return !data.empty();
}

int enroll(int argc, char** argv) {
    std::string data, depot, token;
    if (!read_options(argc, argv, data, depot, token, true) || depot.empty() || token.empty()) {
        std::fputs(kEnrollUsage, stderr);
        return 2;
    }
    auto store = DeviceStore::open(data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", store.error().message.c_str());
        return 1;
    }
    if (Status s = enroll_with_depot(*store.value(), depot, token); !s) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("enrolled with the depot at %s\n", depot.c_str());
    return 0;
}

int sync_once(int argc, char** argv) {
    std::string data, unused_depot, unused_token;
    if (!read_options(argc, argv, data, unused_depot, unused_token, false)) {
        std::fputs(kSyncUsage, stderr);
        return 2;
    }
    auto store = DeviceStore::open(data);
    if (!store) {
        std::fprintf(stderr, "fieldcheck sync: %s\n", store.error().message.c_str());
        return 1;
    }
    SyncOptions options;
    options.ignore_backoff = true;  // asked for by a person: try every waiting visit now
    auto report = sync_with_depot(*store.value(), options);
    if (!report) {
        std::fprintf(stderr, "fieldcheck sync: %s\n", report.error().message.c_str());
        return 1;
    }
    for (const std::string& p : report->problems) std::fprintf(stderr, "fieldcheck sync: %s\n", p.c_str());
    std::printf("sent %d, kept for later %d, set aside %d; %d new templates, %d assignments received\n", report->sent,
                report->retry_later, report->set_aside, report->templates_added, report->assignments_received);
    auto done = every_sealed_visit_acknowledged(*store.value());
    if (!done) {
        std::fprintf(stderr, "fieldcheck sync: %s\n", done.error().message.c_str());
        return 1;
    }
    if (!done.value()) {
        std::fprintf(stderr, "fieldcheck sync: not every sealed visit has the depot's receipt yet\n");
        return 1;
    }
    return report->depot_reached ? 0 : 1;  // nothing to send is fine; not reaching the depot is not
}

}  // namespace

std::optional<int> run_tablet_command(int argc, char** argv) {
    if (argc < 2) return std::nullopt;
    const std::string_view command = argv[1];
    if (command == "enroll") return enroll(argc, argv);
    if (command == "sync") return sync_once(argc, argv);
    return std::nullopt;
}

}  // namespace fc
