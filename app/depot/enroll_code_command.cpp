// `fieldcheck-depot enroll-code create|list`: one-time codes a tablet enrolls its own key with.
#include <cstdio>
#include <memory>
#include <string>

#include "checklists/time_format.h"
#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/enrollment_code.h"
#include "terminal_qr.h"

namespace fc {
namespace {

constexpr const char* kEnrollCodeUsage =
    "enroll-code create --data DIR --technician ID --device NAME [--valid-hours H] [--depot-url URL] | enroll-code list --data DIR";
constexpr const char* kEnrollCodeHelp =
    "  enroll-code create --data DIR --technician ID --device NAME [--valid-hours H] [--depot-url URL]\n"
    "      prints a one-time code of 16 digits (first line of stdout), a QR code of it and when it expires.\n"
    "      The technician types it on the tablet's Sync screen (or scans the QR code), or runs\n"
    "      fieldcheck enroll --data DIR --depot URL --code CODE. The tablet makes its own key; the depot\n"
    "      binds it to ID and NAME. H: 1 to 168 hours (default 24). With --depot-url the QR code also\n"
    "      carries the depot's address (fieldcheck-enroll:URL#CODE). The depot keeps only the code's SHA-256.\n"
    "  enroll-code list --data DIR\n"
    "      technician, device, created, expiry and state (pending, used, expired) of every code; never a code.";
constexpr const char* kCreateUsage =
    "enroll-code create --data DIR --technician ID --device NAME [--valid-hours H] [--depot-url URL]";
constexpr const char* kListUsage = "enroll-code list --data DIR";
constexpr std::int64_t kHourMs = 3'600'000;

struct EnrollCodeArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string technician;
    std::string device;
    std::int64_t valid_hours = 24;
    std::string depot_url;
};

std::string utc_text(std::int64_t ms) { return ms == 0 ? "-" : utc_iso8601_seconds(ms); }

// The QR text ends at '#'; a URL with one, or with spaces, would be read wrongly by the tablet.
CLI::Validator depot_url_option() {
    return CLI::Validator(
        [](std::string& url) -> std::string {
            const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
            if (scheme && url.find_first_of("# \t\r\n") == std::string::npos) return {};
            return "'" + url + "' is not a depot address (http://HOST[:PORT] or https://HOST[:PORT])";
        },
        "", "depot_url");
}

int create_code(const EnrollCodeArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("enroll-code", store.error());
    auto code = store.value()->create_enrollment_code(args.technician, args.device, args.valid_hours * kHourMs,
                                                      clock.now().wall_ms);
    if (!code) return command_failed("enroll-code", code.error());
    std::printf("%s\n", grouped_enrollment_code(code->code).c_str());
    if (auto qr = terminal_qr(enrollment_qr_text(args.depot_url, code->code))) std::printf("\n%s\n", qr->c_str());
    std::printf("for technician %s, device %s; valid until %s, once\n", args.technician.c_str(), args.device.c_str(),
                utc_text(code->expires_ms).c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "the code is shown only this once (the depot keeps its hash)\n");
    return 0;
}

const char* state_of(const EnrollmentCodeInfo& c, std::int64_t now_ms) {
    if (c.used_ms != 0) return "used";
    return now_ms >= c.expires_ms ? "expired" : "pending";
}

int list_codes(const EnrollCodeArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("enroll-code", store.error());
    auto codes = store.value()->list_enrollment_codes();
    if (!codes) return command_failed("enroll-code", codes.error());
    const std::int64_t now = clock.now().wall_ms;
    std::printf("%-8s %-20s %-20s %-21s %-21s %s\n", "STATE", "TECHNICIAN", "DEVICE", "CREATED", "EXPIRES", "KEY");
    for (const EnrollmentCodeInfo& c : codes.value()) {
        std::printf("%-8s %-20s %-20s %-21s %-21s %s\n", state_of(c, now), c.technician_id.c_str(), c.device.c_str(),
                    utc_text(c.created_ms).c_str(), utc_text(c.expires_ms).c_str(), c.key_id.empty() ? "-" : c.key_id.c_str());
    }
    return 0;
}

}  // namespace

DepotCommand add_enroll_code_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<EnrollCodeArgs>();
    CLI::App& cli = line.command(line.app(), "enroll-code", "One-time codes a tablet enrolls its own key with.", kEnrollCodeUsage);
    cli.footer(kEnrollCodeHelp);
    CLI::App& create = line.command(cli, "create", "Print a new one-time enrollment code and its QR code.", kCreateUsage);
    create.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    create.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    create.add_option("--technician", args->technician, "1 to 64 letters, digits, '-' or '_'")->required()->type_name("ID");
    create.add_option("--device", args->device, "the tablet's name, shown in `device list`")->required()->type_name("NAME");
    create.add_option("--valid-hours", args->valid_hours, "1 to 168 hours (default 24)")
        ->transform(whole_number(1, 168, "takes whole hours from 1 to 168"))->type_name("H");
    create.add_option("--depot-url", args->depot_url, "the depot's address as tablets reach it, for the QR code")
        ->check(depot_url_option())->type_name("URL");
    CLI::App& list = line.command(cli, "list", "Every code's state; never a code.", kListUsage);
    list.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    list.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &create, &list, &clock] {
                if (create.parsed()) return create_code(*args, clock);
                if (list.parsed()) return list_codes(*args, clock);
                return line.usage_error(*self, "say create or list");
            }};
}

}  // namespace fc
