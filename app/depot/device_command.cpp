// `fieldcheck-depot device list|revoke`: the keys tablets sign with, and taking one away.
#include <cstdio>
#include <memory>
#include <string>

#include "checklists/time_format.h"
#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"

namespace fc {
namespace {

constexpr const char* kDeviceUsage = "device list --data DIR | device revoke --data DIR KEY_ID";
constexpr const char* kDeviceHelp =
    "  device list --data DIR\n"
    "      key id, technician, device, created and revoked time of every device key, and whether it was\n"
    "      registered with a bearer token (its id from `token list`) or an enrollment code.\n"
    "  device revoke --data DIR KEY_ID\n"
    "      the device's next request is refused, also by a depot that is running. Its visits already\n"
    "      received stay. To let the tablet in again, enroll it with a new code (it makes a new key).";

struct DeviceArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string key_id;
};

std::string utc_text(std::int64_t ms) { return ms == 0 ? "-" : utc_iso8601_seconds(ms); }

int list_devices(const DeviceArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("device", store.error());
    auto keys = store.value()->list_device_keys();
    if (!keys) return command_failed("device", keys.error());
    std::printf("%-16s %-20s %-20s %-7s %-21s %s\n", "KEY", "TECHNICIAN", "DEVICE", "TOKEN", "CREATED", "REVOKED");
    for (const DeviceKey& k : keys.value()) {
        const std::string token = k.token_id == 0 ? "code" : std::to_string(k.token_id);
        std::printf("%-16s %-20s %-20s %-7s %-21s %s\n", k.key_id.c_str(), k.technician_id.c_str(), k.device.c_str(),
                    token.c_str(), utc_text(k.created_ms).c_str(), utc_text(k.revoked_ms).c_str());
    }
    return 0;
}

int revoke_device(const DeviceArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("device", store.error());
    if (Status s = store.value()->revoke_device_key(args.key_id, clock.now().wall_ms); !s) return command_failed("device", s.error());
    std::fprintf(stderr, "device key %s revoked; the depot refuses it from the next request on\n", args.key_id.c_str());
    return 0;
}

CLI::Validator key_id_option() {
    return CLI::Validator(
        [](std::string& id) -> std::string {
            bool hex = id.size() == 16;
            for (char c : id) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
            return hex ? "" : "'" + id + "' is not a key id (16 hex digits, as `device list` shows)";
        },
        "", "key_id");
}

}  // namespace

DepotCommand add_device_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<DeviceArgs>();
    CLI::App& cli = line.command(line.app(), "device", "The keys tablets sign with.", kDeviceUsage);
    cli.footer(kDeviceHelp);
    CLI::App& list = line.command(cli, "list", "Every device key.", "device list --data DIR");
    list.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    list.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    CLI::App& revoke = line.command(cli, "revoke", "Refuse a device key from its next request on.", "device revoke --data DIR KEY_ID");
    revoke.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    revoke.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    revoke.add_option("KEY_ID", args->key_id, "the key id from `device list`")->required()->check(key_id_option());
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &list, &revoke, &clock] {
                if (list.parsed()) return list_devices(*args);
                if (revoke.parsed()) return revoke_device(*args, clock);
                return line.usage_error(*self, "say list or revoke");
            }};
}

}  // namespace fc
