// `fieldcheck-depot settings --data DIR [--company NAME] [--helpdesk PHONE]`: whom the customer calls;
// `settings --data DIR set bearer-cutover DATE|none`: when bearer tokens stop counting.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "checklists/time_format.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/wire_assignment_page.h"

namespace fc {
namespace {

constexpr const char* kSettingsUsage =
    "settings --data DIR [--company NAME] [--helpdesk PHONE] | settings set bearer-cutover DATE|none --data DIR";
constexpr const char* kSettingsHelp =
    "The company name and helpdesk number the customer's messages name (what happened, what happens\n"
    "next, whom to call). Every tablet gets them with its next sync; a template's own \"contact\"\n"
    "overrides them for its visits. Without --company and --helpdesk: prints them. An empty value\n"
    "(--helpdesk \"\") clears it.\n"
    "\n"
    "settings set bearer-cutover DATE: from DATE (YYYY-MM-DD, 00:00 UTC) on, the depot refuses bearer\n"
    "tokens for everything but registering a device key (PUT /api/v1/device-key); tablets that still\n"
    "have a token register their key with their next sync. \"none\" removes the cut-over.\n"
    "\n"
    "Example:\n"
    "fieldcheck-depot settings --data depot --company \"Glasvezel Utrecht\" --helpdesk \"030 123 45 67\"";

struct SettingsArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string setting;  // `set`: the setting's name
    std::string value;    // `set`: its value
    std::string company;
    std::string helpdesk;
    const CLI::Option* company_given = nullptr;
    const CLI::Option* helpdesk_given = nullptr;
};

// A bad name or number is a usage error (exit 2), found before the depot is opened.
CLI::Validator contact_option(bool company) {
    return CLI::Validator(
        [company](std::string& text) -> std::string {
            const Status s = check_contact(company ? CompanyContact{text, ""} : CompanyContact{"", text});
            return s ? "" : s.error().message;
        },
        "", "contact");
}

std::string shown(const std::string& value) { return value.empty() ? "(not set)" : value; }

int settings(const SettingsArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("settings", store.error());
    auto current = store.value()->contact();
    if (!current) return command_failed("settings", current.error());
    CompanyContact contact = current.value().value_or(CompanyContact{});
    const bool change = args.company_given->count() > 0 || args.helpdesk_given->count() > 0;
    if (args.company_given->count() > 0) contact.company = args.company;
    if (args.helpdesk_given->count() > 0) contact.helpdesk = args.helpdesk;
    if (change) {
        if (Status s = store.value()->set_contact(contact, clock.now().wall_ms); !s) return command_failed("settings", s.error());
    }
    std::printf("company:  %s\nhelpdesk: %s\n", shown(contact.company).c_str(), shown(contact.helpdesk).c_str());
    auto cutover = store.value()->bearer_cutover_ms();
    if (!cutover) return command_failed("settings", cutover.error());
    if (cutover.value()) std::printf("bearer-cutover: %s\n", utc_iso8601_seconds(*cutover.value()).c_str());
    if (change) std::fprintf(stderr, "settings changed; every tablet gets them with its next sync\n");
    return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> utc_midnight_ms(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (date[i] < '0' || date[i] > '9') return std::nullopt;
    }
    const int y = std::stoi(date.substr(0, 4));
    const auto m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
    const auto d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
    static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return std::nullopt;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return std::nullopt;
    return days_from_civil(y, m, d) * 86'400'000;
}

namespace {

CLI::Validator cutover_value() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (text == "none" || utc_midnight_ms(text)) return {};
            return "'" + text + "' is not a date (YYYY-MM-DD) or none";
        },
        "", "cutover");
}

int set_setting(const SettingsArgs& args, Clock& clock) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("settings", store.error());
    const std::int64_t cutover = args.value == "none" ? 0 : *utc_midnight_ms(args.value);
    if (Status s = store.value()->set_bearer_cutover_ms(cutover, clock.now().wall_ms); !s) return command_failed("settings", s.error());
    std::printf("bearer-cutover: %s\n", cutover == 0 ? "(none)" : (utc_iso8601_seconds(cutover)).c_str());
    return 0;
}

}  // namespace

DepotCommand add_settings_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<SettingsArgs>();
    CLI::App& cli = line.command(line.app(), "settings", "The company and helpdesk the customer's messages name.", kSettingsUsage);
    // Not required here: `settings set` takes its own --data (CLI11 hands an option after a
    // subcommand's name to that subcommand); run() asks for it when `set` is not given.
    cli.add_option("--data", args->data, "the depot's data directory")->type_name("DIR");
    cli.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    args->company_given = cli.add_option("--company", args->company, "the company's name as customers know it")
                              ->check(contact_option(true))->type_name("NAME");
    args->helpdesk_given = cli.add_option("--helpdesk", args->helpdesk, "the helpdesk's phone number: +31 30 123 45 67")
                               ->check(contact_option(false))->type_name("PHONE");
    cli.footer(kSettingsHelp);
    CLI::App& set = line.command(cli, "set", "Change one of the depot's settings.", "settings set bearer-cutover DATE|none --data DIR");
    set.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    set.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    set.add_option("NAME", args->setting, "bearer-cutover")->required()->check(one_of({"bearer-cutover"}, "bearer-cutover"));
    set.add_option("VALUE", args->value, "a date YYYY-MM-DD (00:00 UTC), or none")->required()->check(cutover_value());
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &clock, &set] {
                if (set.parsed()) return set_setting(*args, clock);
                if (args->data.empty()) return line.usage_error(*self, "--data is required");
                return settings(*args, clock);
            }};
}

}  // namespace fc
