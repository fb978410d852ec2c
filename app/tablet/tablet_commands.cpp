#include "tablet_commands.h"

#include <cstdio>
#include <memory>
#include <string>

#include "sync/store/device_store.h"
#include "sync/client/device_enrollment.h"
#include "sync/client/sync_client.h"

namespace fc {
namespace {

constexpr const char* kEnrollUsage = "enroll --data DIR --depot URL (--code CODE | --token TOKEN) [--ca-file FILE]";
constexpr const char* kSyncUsage = "sync --data DIR";
constexpr const char* kEnrollHelp =
    "With --code: makes the tablet's own key (kept 0600 in DIR, never sent), has the depot at URL bind it\n"
    "with the one-time CODE (16 digits from `fieldcheck-depot enroll-code create`; spaces allowed) and\n"
    "keeps the depot's public key. Enrolling again (a new code) makes a new key and keeps every visit.\n"
    "With --token (tablets enrolled before keys existed): checks that the depot at URL answers and\n"
    "accepts TOKEN; the tablet registers a key of its own with its next sync.\n"
    "Exit status: 0 enrolled, 1 the depot did not answer or refused the code or token, 2 a usage error.";
constexpr const char* kEnrollDescription = "Attach this tablet's data directory to a depot.";
constexpr const char* kSyncDescription = "One sync with the depot, without the window.";
constexpr const char* kSyncHelp =
    "One sync pass without the window: sealed visits up (their photos and signatures first), then new\n"
    "templates and assignments down. Every waiting visit is tried now, whatever its backoff.\n"
    "Exit status: 0 only when every sealed visit on the tablet has the depot's receipt; 1 otherwise\n"
    "(the depot not reached, a visit kept for later or set aside: the reasons go to stderr); 2 a usage error.";

}  // namespace

struct TabletCommands::Args {
    std::string data;
    std::string depot;
    std::string token;
    std::string code;
    std::string ca_file;
};

namespace {

using Args = TabletCommands::Args;

int enroll(const Args& o, Clock& clock) {
    if (o.code.empty() && o.token.empty()) {
        std::fprintf(stderr, "fieldcheck enroll: give --code CODE (from the depot's enroll-code create), or --token TOKEN\nusage: fieldcheck %s\n",
                     kEnrollUsage);
        return 2;
    }
    auto store = DeviceStore::open(o.data, clock);
    if (!store) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", store.error().message.c_str());
        return 1;
    }
    const Status s = o.code.empty() ? enroll_with_depot(*store.value(), o.depot, o.token, o.ca_file)
                                    : enroll_with_code(*store.value(), o.depot, o.code, o.ca_file);
    if (!s) {
        std::fprintf(stderr, "fieldcheck enroll: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("enrolled with the depot at %s\n", o.depot.c_str());
    return 0;
}

int sync_once(const Args& o, Clock& clock) {
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
    if (report->confirmations_sealed || report->visits_withdrawn || !report->confirmations_skipped.empty()) {
        std::printf("%d precheck confirmations sealed, %zu not sealed; %d visits withdrawn by the planner\n",
                    report->confirmations_sealed, report->confirmations_skipped.size(), report->visits_withdrawn);
    }
    // Not a failure of the pass: the visit's own rules said no (answered on site first, say).
    for (const std::string& s : report->confirmations_skipped) std::printf("  %s\n", s.c_str());
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

CLI::Validator not_empty() {
    return CLI::Validator([](std::string& text) -> std::string { return text.empty() ? "needs a value" : ""; }, "", "not_empty");
}

void add_data_option(CLI::App& cli, Args& args) {
    cli.add_option("--data", args.data, "the tablet's data directory")->required()->check(not_empty())->type_name("DIR");
}

}  // namespace

TabletCommands::TabletCommands(CommandLine& line) : args_(std::make_shared<Args>()) {
    CLI::App& enroll = line.command(line.app(), "enroll", kEnrollDescription, kEnrollUsage);
    add_data_option(enroll, *args_);
    enroll.add_option("--depot", args_->depot, "the depot's address, e.g. http://depot.local:8470")
        ->required()->check(not_empty())->type_name("URL");
    CLI::Option* code = enroll.add_option("--code", args_->code, "a one-time code from `fieldcheck-depot enroll-code create`")
                            ->check(not_empty())->type_name("CODE");
    CLI::Option* token = enroll.add_option("--token", args_->token, "a device token from `fieldcheck-depot token create`")
                             ->check(not_empty())->type_name("TOKEN");
    code->excludes(token);
    enroll.add_option("--ca-file", args_->ca_file,
                      "a PEM certificate to trust for a depot that serves HTTPS with a certificate of its\n"
                      "own (fieldcheck-depot serve --tls-cert); the tablet keeps a copy")
        ->type_name("FILE");
    enroll.footer(kEnrollHelp);
    CLI::App& sync = line.command(line.app(), "sync", kSyncDescription, kSyncUsage);
    add_data_option(sync, *args_);
    sync.footer(kSyncHelp);
    enroll_ = &enroll;
    sync_ = &sync;
}

std::optional<int> TabletCommands::run(Clock& clock) const {
    if (enroll_->parsed()) return enroll(*args_, clock);
    if (sync_->parsed()) return sync_once(*args_, clock);
    return std::nullopt;
}

}  // namespace fc
