#include "tablet_commands.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "sync/store/device_store.h"
#include "sync/client/sync_client.h"

namespace fc {
namespace {

constexpr const char* kEnrollUsage = "usage: fieldcheck enroll --data DIR --depot URL --token TOKEN [--ca-file FILE]\n";
constexpr const char* kSyncUsage = "usage: fieldcheck sync --data DIR\n";
constexpr const char* kEnrollHelp =
    "Checks that the depot at URL answers and accepts TOKEN (from `fieldcheck-depot token create`), then\n"
    "keeps both in the tablet's data directory DIR, so the app and `fieldcheck sync` sync with it.\n"
    "  --ca-file FILE  a PEM certificate to trust for a depot that serves HTTPS with a certificate of its\n"
    "                  own (fieldcheck-depot serve --tls-cert); the tablet keeps a copy\n"
    "Exit status: 0 enrolled, 1 the depot did not answer or refused the token, 2 a usage error.\n";
constexpr const char* kSyncHelp =
    "One sync pass without the window: sealed visits up (their photos and signatures first), then new\n"
    "templates and assignments down. Every waiting visit is tried now, whatever its backoff.\n"
    "Exit status: 0 only when every sealed visit on the tablet has the depot's receipt; 1 otherwise\n"
    "(the depot not reached, a visit kept for later or set aside: the reasons go to stderr); 2 a usage error.\n";

struct TabletOptions {
    std::string data;
    std::string depot;
    std::string token;
    std::string ca_file;
};

bool asks_for_help(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--help" || a == "-h") return true;
    }
    return false;
}

// "--name value" pairs only; anything else is a usage error.
bool read_options(int argc, char** argv, TabletOptions& o, bool allow_enroll) {
    for (int i = 2; i < argc; i += 2) {
        const std::string_view name = argv[i];
        if (i + 1 >= argc) return false;
        if (name == "--data") o.data = argv[i + 1];
        else if (allow_enroll && name == "--depot") o.depot = argv[i + 1];
        else if (allow_enroll && name == "--token") o.token = argv[i + 1];
        else if (allow_enroll && name == "--ca-file") o.ca_file = argv[i + 1];
        else return false;
    }
    return !o.data.empty();
}

int enroll(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) {
        std::printf("%s\n%s", kEnrollUsage, kEnrollHelp);
        return 0;
    }
    TabletOptions o;
    if (!read_options(argc, argv, o, true) || o.depot.empty() || o.token.empty()) {
        std::fputs(kEnrollUsage, stderr);
        return 2;
    }
    auto store = DeviceStore::open(o.data, clock);
    if (!store) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", store.error().message.c_str());
        return 1;
    }
    if (Status s = enroll_with_depot(*store.value(), o.depot, o.token, o.ca_file); !s) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("enrolled with the depot at %s\n", o.depot.c_str());
    return 0;
}

int sync_once(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) {
        std::printf("%s\n%s", kSyncUsage, kSyncHelp);
        return 0;
    }
    TabletOptions o;
    if (!read_options(argc, argv, o, false)) {
        std::fputs(kSyncUsage, stderr);
        return 2;
    }
    auto store = DeviceStore::open(o.data, clock);
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

std::optional<int> run_tablet_command(int argc, char** argv, Clock& clock) {
    if (argc < 2) return std::nullopt;
    const std::string_view command = argv[1];
    if (command == "enroll") return enroll(argc, argv, clock);
    if (command == "sync") return sync_once(argc, argv, clock);
    return std::nullopt;
}

}  // namespace fc
