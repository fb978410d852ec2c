// Both real programs, fieldcheck-depot and fieldcheck, run as processes: every command's exit codes
// are pinned (README, each command's help): --help 0, a usage error 2 (an unknown option or command,
// a missing required option, a bad value), an operational failure 1, success 0.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/sync/depot/depot_process.h"
#include "tests/sync/depot/watched_depot.h"

namespace fc::test {
namespace {

const std::string kTemplate = std::string(FIELDCHECK_SOURCE_DIR) + "/templates/fiber-modem-install-en.json";

std::string joined(const std::vector<std::string>& args) {
    std::string line;
    for (const auto& a : args) line += (line.empty() ? "" : " ") + a;
    return line;
}

void expect_depot(const std::vector<std::string>& args, int code) {
    const CommandResult r = run_depot(args);
    CHECK_MESSAGE(r.exit_code == code, "fieldcheck-depot " << joined(args) << " exited " << r.exit_code << "\n" << r.err);
}

void expect_tablet(const std::vector<std::string>& args, int code) {
    const CommandResult r = run_tablet(args);
    CHECK_MESSAGE(r.exit_code == code, "fieldcheck " << joined(args) << " exited " << r.exit_code << "\n" << r.err);
}

// A depot data directory with the schema in place (so commands that refuse to create one run).
std::string made_depot(const TempDir& dir) {
    const std::string data = (dir.path / "depot").string();
    REQUIRE(run_depot({"token", "create", "--data", data, "--technician", "tech-01"}).exit_code == 0);
    return data;
}

}  // namespace

TEST_CASE("every fieldcheck-depot command and subcommand prints its help for --help and exits 0") {
    const std::vector<std::vector<std::string>> commands = {
        {},           {"check-template"}, {"serve"},    {"token"}, {"token", "create"}, {"token", "list"},
        {"token", "revoke"}, {"template"}, {"template", "import"}, {"assign"}, {"export"},
        {"confirm"},  {"settings"},       {"cancel"},   {"reschedule"}, {"reassign"},   {"conflicts"},
        {"token", "revoke"}, {"template"}, {"template", "import"}, {"assign"}, {"export"}, {"history"},
        {"set-aside"},
    };
    for (const auto& command : commands) {
        for (const char* flag : {"--help", "-h"}) {
            std::vector<std::string> args = command;
            args.push_back(flag);
            const CommandResult r = run_depot(args);
            CHECK_MESSAGE(r.exit_code == 0, joined(args) << ": " << r.err);
            const std::string usage = "usage: fieldcheck-depot " + (command.empty() ? "COMMAND" : joined(command));
            CHECK_MESSAGE(r.out.find(usage) != std::string::npos, joined(args) << " printed:\n" << r.out);
        }
    }
    const CommandResult help = run_depot({"help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("usage: fieldcheck-depot COMMAND") != std::string::npos);
}

TEST_CASE("fieldcheck-depot exits 2 on an unknown command or option, naming it with the usage line") {
    const TempDir dir;
    const std::string data = (dir.path / "never-made").string();
    expect_depot({}, 2);
    expect_depot({"frobnicate"}, 2);
    const std::vector<std::vector<std::string>> lines = {
        {"check-template", "--bogus", kTemplate},
        {"serve", "--data", data, "--bogus"},
        {"token", "create", "--data", data, "--technician", "t", "--bogus"},
        {"token", "list", "--data", data, "--bogus"},
        {"token", "revoke", "--data", data, "1", "--bogus"},
        {"token", "frobnicate", "--data", data},
        {"template", "import", "--data", data, kTemplate, "--bogus"},
        {"template", "frobnicate"},
        {"assign", "--data", data, "x.csv", "--bogus"},
        {"export", "--data", data, "--bogus"},
        {"export", "--data", data, "stray"},
        {"confirm", "--data", data, "--visit", "v", "--precheck", "p", "--by", "x", "--bogus"},
        {"settings", "--data", data, "--bogus"},
        {"cancel", "--data", data, "--visit", "v", "--bogus"},
        {"reschedule", "--data", data, "--visit", "v", "--start", "2024-05-14T08:00Z", "--end", "2024-05-14T09:00Z", "--bogus"},
        {"reassign", "--data", data, "--visit", "v", "--to", "t", "--bogus"},
        {"conflicts", "--data", data, "stray"},
        {"history", "--data", data, "--customer", "c-1", "--bogus"},
        {"set-aside", "--data", data, "--bogus"},
        {"set-aside", "--data", data, "stray"},
    };
    for (const auto& args : lines) {
        const CommandResult r = run_depot(args);
        CHECK_MESSAGE(r.exit_code == 2, joined(args) << " exited " << r.exit_code << "\n" << r.err);
        CHECK_MESSAGE(r.err.find("usage: fieldcheck-depot " + args[0]) != std::string::npos, r.err);
    }
    CHECK(run_depot({"export", "--data", data, "--bogus"}).err.find("unknown option '--bogus'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data));  // a usage error touches nothing
}

TEST_CASE("fieldcheck-depot exits 2 when a required option or argument is missing") {
    const TempDir dir;
    const std::string data = (dir.path / "never-made").string();
    expect_depot({"check-template"}, 2);
    expect_depot({"serve"}, 2);
    expect_depot({"serve", "--data"}, 2);  // an option without its value
    expect_depot({"token"}, 2);
    expect_depot({"token", "create", "--data", data}, 2);
    expect_depot({"token", "create", "--technician", "tech-01"}, 2);
    expect_depot({"token", "list"}, 2);
    expect_depot({"token", "revoke", "--data", data}, 2);
    expect_depot({"template"}, 2);
    expect_depot({"template", "import", "--data", data}, 2);
    expect_depot({"template", "import", kTemplate}, 2);
    expect_depot({"assign", "--data", data}, 2);
    expect_depot({"assign", "x.csv"}, 2);
    expect_depot({"export"}, 2);
    expect_depot({"confirm", "--data", data, "--visit", "v", "--precheck", "p"}, 2);
    expect_depot({"settings"}, 2);
    expect_depot({"cancel", "--data", data}, 2);
    expect_depot({"reschedule", "--data", data, "--visit", "v", "--start", "2024-05-14T08:00Z"}, 2);
    expect_depot({"reassign", "--data", data, "--visit", "v"}, 2);
    expect_depot({"conflicts"}, 2);
    expect_depot({"history", "--customer", "c-1"}, 2);
    expect_depot({"history", "--data", data}, 2);  // neither a customer nor a job
    expect_depot({"history", "--data", data, "--customer", "c-1", "--job", "j-1"}, 2);
    CHECK_FALSE(std::filesystem::exists(data));
}

TEST_CASE("fieldcheck-depot exits 2 on a bad value, before it opens or creates anything") {
    const TempDir dir;
    const std::string data = (dir.path / "never-made").string();
    const std::vector<std::vector<std::string>> lines = {
        {"serve", "--data", data, "--listen", "no-port"},
        {"serve", "--data", data, "--listen", "127.0.0.1:70000"},
        {"serve", "--data", data, "--threads", "1"},
        {"serve", "--data", data, "--threads", "0x10"},
        {"serve", "--data", data, "--request-head-timeout", "0"},
        {"serve", "--data", data, "--max-connections-per-address", "abc"},
        {"serve", "--data", data, "--threads", "8", "--max-connections-per-address", "8"},
        {"serve", "--data", data, "--demo", "--demo-technician", "not an id"},
        {"token", "revoke", "--data", data, "neither-id-nor-token"},
        {"export", "--data", data, "--format", "xml"},
        {"confirm", "--data", data, "--visit", "v 1", "--precheck", "p", "--by", "x"},
        {"confirm", "--data", data, "--visit", "v", "--precheck", "p", "--by", "x", "--at", "2024-05-13T18:00"},
        {"settings", "--data", data, "--helpdesk", "call us"},
        {"settings", "--data", data, "--company", "two\nlines"},
        {"reschedule", "--data", data, "--visit", "v", "--start", "2024-05-14T09:00Z", "--end", "2024-05-14T08:00Z"},
        {"reschedule", "--data", data, "--visit", "v", "--start", "tomorrow", "--end", "2024-05-14T08:00Z"},
        {"reassign", "--data", data, "--visit", "v", "--to", "tech 7"},
    };
    for (const auto& args : lines) expect_depot(args, 2);
    CHECK_FALSE(std::filesystem::exists(data));
}

TEST_CASE("fieldcheck-depot exits 1 when a command fails on its own terms") {
    const TempDir dir;
    const std::string missing = (dir.path / "no-depot-here").string();
    expect_depot({"export", "--data", missing}, 1);
    expect_depot({"token", "list", "--data", missing}, 1);
    expect_depot({"history", "--data", missing, "--customer", "c-1"}, 1);
    expect_depot({"token", "revoke", "--data", missing, "1"}, 1);
    for (const char* command : {"settings", "conflicts"}) expect_depot({command, "--data", missing}, 1);
    expect_depot({"confirm", "--data", missing, "--visit", "v", "--precheck", "p", "--by", "x"}, 1);
    expect_depot({"cancel", "--data", missing, "--visit", "v"}, 1);
    expect_depot({"reassign", "--data", missing, "--visit", "v", "--to", "t"}, 1);
    CHECK_FALSE(std::filesystem::exists(missing));
    expect_depot({"check-template", (dir.path / "missing.json").string()}, 1);
    const std::string data = made_depot(dir);
    expect_depot({"assign", "--data", data, (dir.path / "missing.csv").string()}, 1);
    write_file(dir.path / "bad.json", "{}");
    expect_depot({"template", "import", "--data", data, (dir.path / "bad.json").string()}, 1);
    write_file(dir.path / "a-file", "not a directory");
    expect_depot({"serve", "--data", (dir.path / "a-file").string(), "--listen", "127.0.0.1:0"}, 1);
}

TEST_CASE("fieldcheck-depot exits 0 when a command did its work, serve after SIGTERM too") {
    const TempDir dir;
    const std::string data = made_depot(dir);
    expect_depot({"check-template", kTemplate}, 0);
    expect_depot({"template", "import", "--data", data, kTemplate}, 0);
    expect_depot({"token", "list", "--data", data}, 0);
    expect_depot({"token", "revoke", "--data", data, "1"}, 0);
    expect_depot({"export", "--data", data, "--format", "json"}, 0);
    expect_depot({"export", "--data", data, "--data", data}, 0);  // the last of a repeated option counts
    expect_depot({"settings", "--data", data, "--company", "Glasvezel Utrecht"}, 0);
    expect_depot({"conflicts", "--data", data}, 0);
    DepotProcess depot(data);
    CHECK(depot.stop() == 0);
}

TEST_CASE("every fieldcheck command prints its help for --help and exits 0") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"enroll", "--help"}, {"sync", "--help"}}) {
        const CommandResult r = run_tablet(args);
        CHECK_MESSAGE(r.exit_code == 0, joined(args) << ": " << r.err);
        const std::string usage = args[0] == "enroll" || args[0] == "sync" ? "usage: fieldcheck " + args[0] : "usage: fieldcheck [";
        CHECK_MESSAGE(r.out.find(usage) != std::string::npos, r.out);
    }
}

TEST_CASE("fieldcheck exits 2 on a usage error, before any window opens or store is touched") {
    const TempDir dir;
    const std::string data = (dir.path / "never-made").string();
    const std::vector<std::vector<std::string>> lines = {
        {"--bogus"},
        {"frobnicate"},
        {"--data", data, "--lang", "de"},
        {"--data", data, "--size", "100x100"},
        {"--data", data, "--size"},
        {"--data", ""},
        {"sync"},
        {"sync", "--data", data, "--bogus"},
        {"sync", "--data", data, "stray"},
        {"--demo", "sync", "--data", data},  // the app's own option would be ignored by the command
        {"enroll", "--data", data},
        {"enroll", "--data", data, "--depot", "http://127.0.0.1:1"},
        {"enroll", "--data", data, "--depot", "http://127.0.0.1:1", "--token", "t", "--lang", "nl"},
    };
    for (const auto& args : lines) {
        const CommandResult r = run_tablet(args);
        CHECK_MESSAGE(r.exit_code == 2, joined(args) << " exited " << r.exit_code << "\n" << r.err);
        CHECK_MESSAGE(r.err.find("usage: fieldcheck") != std::string::npos, r.err);
    }
    CHECK_FALSE(std::filesystem::exists(data));
}

TEST_CASE("fieldcheck enroll and sync exit 1 on an operational failure and 0 once they did their work") {
    const TempDir dir;
    const std::string tablet = (dir.path / "tablet").string();
    expect_tablet({"sync", "--data", tablet}, 1);  // not enrolled
    const std::string nobody_there = "http://127.0.0.1:" + std::to_string(closed_port());
    expect_tablet({"enroll", "--data", tablet, "--depot", nobody_there, "--token", std::string(64, 'a')}, 1);

    const std::string data = (dir.path / "depot").string();
    const CommandResult token = run_depot({"token", "create", "--data", data, "--technician", "tech-01"});
    REQUIRE(token.exit_code == 0);
    DepotProcess depot(data);
    expect_tablet({"enroll", "--data", tablet, "--depot", depot.url(), "--token", std::string(64, 'b')}, 1);  // refused
    const std::string issued = token.out.substr(0, token.out.find('\n'));
    expect_tablet({"enroll", "--data", tablet, "--depot", depot.url(), "--token", issued}, 0);
    expect_tablet({"sync", "--data", tablet}, 0);
}

}  // namespace fc::test
