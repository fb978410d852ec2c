// `fieldcheck-depot user add|list|disable|passwd|role|language`: the back office's accounts.
// Passwords come from standard input only: a command line is seen by every user of the machine
// (ps, /proc) and kept in shell histories.
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <iostream>
#include <memory>
#include <string>

#include "catalogue/error_message.h"
#include "checklists/time_format.h"
#include "depot_commands.h"
#include "planning_options.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/office_password.h"

namespace fc {
namespace {

constexpr const char* kUserUsage = "user add|list|disable|passwd|role|language --data DIR ...";
constexpr const char* kUserHelp =
    "  user add NAME --role ROLE [--language nl|en] --data DIR\n"
    "      a new account; its password is read from standard input (one line; on a terminal it is\n"
    "      asked twice, without echo). ROLE: helpdesk, quality, planner or admin.\n"
    "  user list --data DIR\n"
    "      name, role, language, created and disabled time of every account (never a password).\n"
    "  user disable NAME --data DIR\n"
    "      the account can no longer log in; its open sessions end at their next request.\n"
    "  user passwd NAME --data DIR\n"
    "      a new password from standard input, as for add; the account's sessions end.\n"
    "  user role NAME ROLE --data DIR\n"
    "      a new role; the account's sessions end, so no open page keeps the old role's rights.\n"
    "  user language NAME nl|en --data DIR\n"
    "      the language of the account's pages.";
constexpr const char* kNoPasswordOption =
    "passwords are read from standard input, never from the command line (other users of this machine "
    "see command lines, and shells keep them)";

struct UserArgs {
    std::string data;
    std::string db;  // --db: a PostgreSQL depot instead of DIR/depot.db
    std::string name;
    std::string role;
    std::string language = "nl";
    std::string password_option;  // only so --password can be refused with a sentence of our own
};

// Office errors in the catalogue's words, with the depot they are about; store failures as the store words them.
int user_failed(const UserArgs& args, const Error& e) {
    constexpr ErrorCode kWorded[] = {ErrorCode::no_such_user,  ErrorCode::user_exists, ErrorCode::weak_password,
                                     ErrorCode::bad_user_name, ErrorCode::bad_role,    ErrorCode::password_mismatch};
    if (std::find(std::begin(kWorded), std::end(kWorded), e.code) == std::end(kWorded)) return command_failed("user", e);
    std::fprintf(stderr, "fieldcheck-depot user: %s (depot %s)\n", error_message(Lang::En, e, e.param("subject")).c_str(), args.data.c_str());
    return 1;
}

// One line from a terminal without echoing it. Echo goes off before the prompt shows, so nothing
// typed after the prompt appears is ever echoed.
std::string ask_hidden(const char* prompt) {
    termios before{};
    const bool tty = tcgetattr(STDIN_FILENO, &before) == 0;
    if (tty) {
        termios quiet = before;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    std::string line;
    std::getline(std::cin, line);
    if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &before);
    std::fputc('\n', stderr);
    return line;
}

// The new password's hash: one line of standard input, or on a terminal the same password typed twice.
Expected<std::string> read_password(const std::string& name) {
    std::string password;
    if (isatty(STDIN_FILENO)) {
        password = ask_hidden(("Password for " + name + ": ").c_str());
        if (ask_hidden("The same password again: ") != password) {
            return make_error(ErrorCode::password_mismatch, "the two passwords typed differ");
        }
    } else if (!std::getline(std::cin, password)) {
        return make_error(ErrorCode::weak_password, "standard input held no password line")
            .with("min", std::to_string(kMinPasswordBytes))
            .with("max", std::to_string(kMaxPasswordBytes));
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return hash_password(password);
}

int add_user(const UserArgs& args, Clock& clock) {
    const auto role = role_from_name(args.role);  // checked while parsing
    auto hash = read_password(args.name);
    if (!hash) return user_failed(args, hash.error());
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("user", store.error());
    auto user = store.value()->add_office_user(args.name, *role, *lang_from_code(args.language), *hash, clock.now().wall_ms);
    if (!user) return user_failed(args, user.error());
    std::fprintf(stderr, "account %s added (%s, %s)\n", args.name.c_str(), args.role.c_str(), args.language.c_str());
    return 0;
}

std::string utc_text(std::int64_t ms) { return ms == 0 ? "-" : utc_iso8601_seconds(ms); }

int list_users(const UserArgs& args) {
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("user", store.error());
    auto users = store.value()->office_users();
    if (!users) return command_failed("user", users.error());
    std::printf("%-24s %-9s %-8s %-21s %s\n", "NAME", "ROLE", "LANGUAGE", "CREATED", "DISABLED");
    for (const OfficeUser& u : users.value()) {
        std::printf("%-24s %-9s %-8s %-21s %s\n", u.name.c_str(), role_name(u.role), lang_code(u.lang),
                    utc_text(u.created_ms).c_str(), utc_text(u.disabled_ms).c_str());
    }
    return 0;
}

// disable, passwd, role, language: one change of one account, and what it did said on stderr.
int change_user(const UserArgs& args, const std::string& what, Clock& clock) {
    Expected<std::string> hash = std::string();
    if (what == "passwd" && !(hash = read_password(args.name))) return user_failed(args, hash.error());
    auto store = DepotStore::open_existing(DepotLocation{args.data, args.db});
    if (!store) return command_failed("user", store.error());
    DepotStore& s = *store.value();
    const Status done = what == "disable"  ? s.disable_office_user(args.name, clock.now().wall_ms)
                        : what == "passwd" ? s.set_office_password(args.name, *hash)
                        : what == "role"   ? s.set_office_role(args.name, *role_from_name(args.role))
                                           : s.set_office_language(args.name, *lang_from_code(args.language));
    if (!done) return user_failed(args, done.error());
    const char* said = what == "disable"  ? "disabled; its sessions have ended"
                       : what == "passwd" ? "has a new password; its sessions have ended"
                       : what == "role"   ? "has a new role; its sessions have ended"
                                          : "has a new language";
    std::fprintf(stderr, "account %s %s\n", args.name.c_str(), said);
    return 0;
}

CLI::App& user_subcommand(CommandLine& line, CLI::App& parent, UserArgs& args, const char* name, const char* about,
                          const char* usage) {
    CLI::App& cli = line.command(parent, name, about, usage);
    cli.add_option("--data", args.data, "the depot's data directory")->required()->type_name("DIR");
    cli.add_option("--db", args.db, kDepotDbHelp)->type_name("URL");
    cli.add_option("NAME", args.name, "the account's name (1 to 64 letters, digits, '.', '-', '_' or '@')")->required();
    return cli;
}

void refuse_password_option(CLI::App& cli, UserArgs& args) {
    cli.add_option("--password", args.password_option, "")->group("");
}

CLI::Validator role_word() { return one_of({"helpdesk", "quality", "planner", "admin"}, "helpdesk, quality, planner or admin"); }
CLI::Validator language_word() { return one_of({"nl", "en"}, "nl or en"); }

}  // namespace

DepotCommand add_user_command(CommandLine& line, Clock& clock) {
    auto args = std::make_shared<UserArgs>();
    CLI::App& cli = line.command(line.app(), "user", "The back office's accounts (the depot's own pages).", kUserUsage);
    cli.footer(kUserHelp);
    CLI::App& add = user_subcommand(line, cli, *args, "add", "A new account; its password from standard input.",
                                    "user add NAME --role ROLE [--language nl|en] --data DIR");
    add.add_option("--role", args->role, "helpdesk, quality, planner or admin")->required()->check(role_word())->type_name("ROLE");
    add.add_option("--language", args->language, "the pages' language (default nl)")->check(language_word())->type_name("nl|en");
    refuse_password_option(add, *args);
    CLI::App& list = line.command(cli, "list", "Every account (never a password).", "user list --data DIR");
    list.add_option("--data", args->data, "the depot's data directory")->required()->type_name("DIR");
    list.add_option("--db", args->db, kDepotDbHelp)->type_name("URL");
    CLI::App& disable = user_subcommand(line, cli, *args, "disable", "The account can no longer log in.", "user disable NAME --data DIR");
    CLI::App& passwd = user_subcommand(line, cli, *args, "passwd", "A new password from standard input.", "user passwd NAME --data DIR");
    refuse_password_option(passwd, *args);
    CLI::App& role = user_subcommand(line, cli, *args, "role", "A new role.", "user role NAME ROLE --data DIR");
    role.add_option("ROLE", args->role, "helpdesk, quality, planner or admin")->required()->check(role_word());
    CLI::App& language = user_subcommand(line, cli, *args, "language", "The pages' language.", "user language NAME nl|en --data DIR");
    language.add_option("LANGUAGE", args->language, "nl or en")->required()->check(language_word());
    const CLI::App* self = &cli;
    return {self, [&line, self, args, &add, &list, &disable, &passwd, &role, &language, &clock]() -> int {
                const CLI::App* chosen = add.parsed() ? &add : passwd.parsed() ? &passwd : nullptr;
                if (chosen && chosen->count("--password") > 0) return line.usage_error(*chosen, kNoPasswordOption);
                if (add.parsed()) return add_user(*args, clock);
                if (list.parsed()) return list_users(*args);
                if (disable.parsed()) return change_user(*args, "disable", clock);
                if (passwd.parsed()) return change_user(*args, "passwd", clock);
                if (role.parsed()) return change_user(*args, "role", clock);
                if (language.parsed()) return change_user(*args, "language", clock);
                return line.usage_error(*self, "say add, list, disable, passwd, role or language");
            }};
}

}  // namespace fc
