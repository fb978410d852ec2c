// `fieldcheck-depot token create|list|revoke`: the device tokens tablets present to the depot.
#include <cstdio>
#include <memory>
#include <string>

#include "checklists/time_format.h"
#include "depot_commands.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/device_token.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr const char* kTokenUsage =
    "token create --data DIR --technician ID [--device NAME] | token list --data DIR | token revoke --data DIR ID|TOKEN";

constexpr const char* kTokenHelp =
    "  token create --data DIR --technician ID [--device NAME]\n"
    "      prints a new device token (256 random bits as 64 hex digits) alone on one line of stdout, once;\n"
    "      the depot keeps only its SHA-256. The tablet enrolls with it: fieldcheck enroll --token TOKEN.\n"
    "      ID: 1 to 64 letters, digits, '-' or '_'. NAME: a label for `token list` (default \"tablet\").\n"
    "  token list --data DIR\n"
    "      id, technician, device, created and revoked time of every token; never a token itself.\n"
    "  token revoke --data DIR ID|TOKEN\n"
    "      the token (by its id from `token list`, or the token itself) is refused from the next request\n"
    "      on, also by a depot that is running.";
constexpr const char* kCreateUsage = "token create --data DIR --technician ID [--device NAME]";
constexpr const char* kCreateHelp =
    "Prints a new device token (256 random bits as 64 hex digits) alone on one line of stdout, once;\n"
    "the depot keeps only its SHA-256. The tablet enrolls with it: fieldcheck enroll --token TOKEN.";
constexpr const char* kListUsage = "token list --data DIR";
constexpr const char* kListHelp = "Id, technician, device, created and revoked time of every token; never a token itself.";
constexpr const char* kRevokeUsage = "token revoke --data DIR ID|TOKEN";
constexpr const char* kRevokeHelp =
    "The token (by its id from `token list`, or the token itself) is refused from the next request\n"
    "on, also by a depot that is running.";

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

struct TokenArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string technician;
    std::string device = "tablet";
    std::string which;  // revoke: a token id or the token itself
};

int create_token(const TokenArgs& args, Clock& clock) {
    auto store = DepotStore::open(DepotLocation{args.data, args.db});
    if (!store) return fail(store.error());
    auto token = store.value()->create_token(args.technician, args.device, clock.now().wall_ms);
    if (!token) return fail(token.error());
    // The token alone on stdout, so scripts can capture it; it is never shown again.
    std::printf("%s\n", token->token.c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "token %lld for technician %s created; it is shown only this once (the depot keeps its hash)\n",
                 static_cast<long long>(token->id), args.technician.c_str());
    return 0;
}

int list_tokens(const TokenArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
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

int revoke_token(const TokenArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return fail(store.error());
    auto id = parse_wire_number(args.which);
    if (is_device_token(args.which)) {
        auto found = store.value()->token_id(args.which);
        if (!found) return fail(found.error());
        id = found.value();
    }
    if (Status s = store.value()->revoke_token(*id, clock.now().wall_ms); !s) return fail(s.error());
    std::fprintf(stderr, "token %lld revoked; the depot refuses it from the next request on\n", static_cast<long long>(*id));
    return 0;
}

// A token is named by its id from `token list` or by the token itself; anything else is a usage error.
CLI::Validator token_id_or_token() {
    return CLI::Validator(
        [](std::string& which) -> std::string {
            if (is_device_token(which) || parse_wire_number(which)) return {};
            return "'" + which + "' is neither a token id nor a token";
        },
        "", "token_id_or_token");
}

CLI::App& add_data_option(CLI::App& verb, TokenArgs& args) {
    verb.add_option("--data", args.data, "the depot's data directory")->required()->type_name("DIR");
    verb.add_option("--db", args.db, kDepotDbHelp)->type_name("URL");
    return verb;
}

}  // namespace

DepotCommand add_token_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<TokenArgs>();
    CLI::App& cli = line.command(line.app(), "token", "The device tokens tablets present to the depot.", kTokenUsage);
    cli.footer(kTokenHelp);
    CLI::App& create = add_data_option(line.command(cli, "create", "Print a new device token, once.", kCreateUsage), *args);
    create.add_option("--technician", args->technician, "1 to 64 letters, digits, '-' or '_'")->required()->type_name("ID");
    create.add_option("--device", args->device, "a label for `token list` (default \"tablet\")")->type_name("NAME");
    create.footer(kCreateHelp);
    CLI::App& list = add_data_option(line.command(cli, "list", "Every token, never a token itself.", kListUsage), *args);
    list.footer(kListHelp);
    CLI::App& revoke = add_data_option(line.command(cli, "revoke", "Refuse a token from the next request on.", kRevokeUsage), *args);
    revoke.add_option("ID|TOKEN", args->which, "the token's id from `token list`, or the token itself")
        ->required()
        ->check(token_id_or_token());
    revoke.footer(kRevokeHelp);
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &create, &list, &revoke, &clock] {
                if (create.parsed()) return create_token(*args, clock);
                if (list.parsed()) return list_tokens(*args);
                if (revoke.parsed()) return revoke_token(*args, clock);
                return line.usage_error(*self, "say create, list or revoke");
            }};
}

}  // namespace fc
