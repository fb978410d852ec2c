// `fieldcheck-depot settings --data DIR [--company NAME] [--helpdesk PHONE]`: whom the customer calls.
#include <cstdio>
#include <memory>
#include <string>

#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/wire_assignment_page.h"

namespace fc {
namespace {

constexpr const char* kUsage = "settings --data DIR [--company NAME] [--helpdesk PHONE]";
constexpr const char* kHelp =
    "The company name and helpdesk number the customer's messages name (what happened, what happens\n"
    "next, whom to call). Every tablet gets them with its next sync; a template's own \"contact\"\n"
    "overrides them for its visits. Without --company and --helpdesk: prints them. An empty value\n"
    "(--helpdesk \"\") clears it.\n"
    "\n"
    "Example:\n"
    "fieldcheck-depot settings --data depot --company \"Glasvezel Utrecht\" --helpdesk \"030 123 45 67\"";

struct SettingsArgs {
    std::string data;
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
    auto store = DepotStore::open_existing(args.data);
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
    if (change) std::fprintf(stderr, "settings changed; every tablet gets them with its next sync\n");
    return 0;
}

}  // namespace

DepotCommand add_settings_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<SettingsArgs>();
    CLI::App& cli = line.command(line.app(), "settings", "The company and helpdesk the customer's messages name.", kUsage);
    cli.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    args->company_given = cli.add_option("--company", args->company, "the company's name as customers know it")
                              ->check(contact_option(true))->type_name("NAME");
    args->helpdesk_given = cli.add_option("--helpdesk", args->helpdesk, "the helpdesk's phone number: +31 30 123 45 67")
                               ->check(contact_option(false))->type_name("PHONE");
    cli.footer(kHelp);
    return {&cli, [args, &clock] { return settings(*args, clock); }};
}

}  // namespace fc
