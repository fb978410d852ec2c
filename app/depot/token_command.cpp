// `fieldcheck-depot token create|list|revoke`: the device tokens tablets present to the depot.
#include <cstdio>
#include <string>

#include "checklists/time_format.h"
#include "command_args.h"
#include "depot_commands.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/device_token.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr const char* kUsage =
    "token create --data DIR --technician ID [--device NAME] | token list --data DIR | token revoke --data DIR ID|TOKEN";

constexpr const char* kHelp =
    "  token create --data DIR --technician ID [--device NAME]\n"
    "      prints a new device token (256 random bits as 64 hex digits) alone on one line of stdout, once;\n"
    "      the depot keeps only its SHA-256. The tablet enrolls with it: fieldcheck enroll --token TOKEN.\n"
    "      ID: 1 to 64 letters, digits, '-' or '_'. NAME: a label for `token list` (default \"tablet\").\n"
    "  token list --data DIR\n"
    "      id, technician, device, created and revoked time of every token; never a token itself.\n"
    "  token revoke --data DIR ID|TOKEN\n"
    "      the token (by its id from `token list`, or the token itself) is refused from the next request\n"
    "      on, also by a depot that is running.\n";

std::string utc_text(std::int64_t ms) { return ms == 0 ? "-" : utc_iso8601_seconds(ms); }

// Pads to `width` characters, not bytes: a device may be called "tablet van Jörg".
std::string padded(const std::string& text, std::size_t width) {
    std::size_t characters = 0;
    for (unsigned char c : text) characters += (c & 0xC0) != 0x80 ? 1 : 0;
    return text + std::string(characters < width ? width - characters : 0, ' ');
}

int fail(const Error& e) {
    std::fprintf(stderr, "fieldcheck-depot token: %s\n", e.message.c_str());
    return 1;
}

}  // namespace

int run_token(int argc, char** argv, Clock& clock) {
    if (asks_for_help(argc, argv)) return print_help(kUsage, kHelp);
    if (argc < 1) return usage_error("token", "say create, list or revoke", kUsage);
    const std::string verb = argv[0];
    const CommandArgs args = parse_command_args(argc - 1, argv + 1, {"--data", "--technician", "--device"});
    if (!args.error.empty()) return usage_error("token", args.error, kUsage);
    const auto data = args.option("--data");
    if (!data) return usage_error("token", "--data DIR is required", kUsage);

    if (verb == "create") {
        const auto technician = args.option("--technician");
        if (!technician) return usage_error("token", "--technician ID is required", kUsage);
        if (!args.positional.empty()) return usage_error("token", "unexpected argument " + args.positional[0], kUsage);
        auto store = DepotStore::open(*data);
        if (!store) return fail(store.error());
        auto token = store.value()->create_token(*technician, args.option("--device").value_or("tablet"), clock.now().wall_ms);
        if (!token) return fail(token.error());
        // The token alone on stdout, so scripts can capture it; it is never shown again.
        std::printf("%s\n", token->token.c_str());
        std::fflush(stdout);
        std::fprintf(stderr, "token %lld for technician %s created; it is shown only this once (the depot keeps its hash)\n",
                     static_cast<long long>(token->id), technician->c_str());
        return 0;
    }
    if (verb == "list") {
        if (!args.positional.empty()) return usage_error("token", "unexpected argument " + args.positional[0], kUsage);
        auto store = DepotStore::open_existing(*data);
        if (!store) return fail(store.error());
        auto tokens = store.value()->list_tokens();
        if (!tokens) return fail(tokens.error());
        std::printf("%-6s %-20s %-20s %-21s %s\n", "ID", "TECHNICIAN", "DEVICE", "CREATED", "REVOKED");
        for (const DepotTokenInfo& t : tokens.value()) {
            std::printf("%-6lld %-20s %s %-21s %s\n", static_cast<long long>(t.id), t.technician_id.c_str(),
                        padded(t.device, 20).c_str(), utc_text(t.created_ms).c_str(), utc_text(t.revoked_ms).c_str());
        }
        return 0;
    }
    if (verb == "revoke") {
        if (args.positional.size() != 1) return usage_error("token", "give the id of one token (see `token list`) or the token", kUsage);
        const std::string& which = args.positional[0];
        const bool by_token = is_device_token(which);
        auto id = parse_wire_number(which);
        if (!id && !by_token) return usage_error("token", "'" + which + "' is neither a token id nor a token", kUsage);
        auto store = DepotStore::open_existing(*data);
        if (!store) return fail(store.error());
        if (by_token) {
            auto found = store.value()->token_id(which);
            if (!found) return fail(found.error());
            id = found.value();
        }
        if (Status s = store.value()->revoke_token(*id, clock.now().wall_ms); !s) return fail(s.error());
        std::fprintf(stderr, "token %lld revoked; the depot refuses it from the next request on\n", static_cast<long long>(*id));
        return 0;
    }
    return usage_error("token", "unknown verb '" + verb + "'", kUsage);
}

}  // namespace fc
