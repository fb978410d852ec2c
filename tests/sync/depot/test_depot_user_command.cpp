// `fieldcheck-depot user ...` run as the real program (issue 14): passwords come from standard input
// and never from the command line, the list never shows a hash, and disabling, a new password or a
// new role ends the account's sessions on the store a running depot reads.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "checklists/sha256.h"
#include "sync/depot/office/office_password.h"
#include "tests/sync/depot/depot_process.h"

using namespace fc;
using namespace fc::test;

namespace {

// Runs `fieldcheck-depot ARGS...` with `input` as its standard input (a file, so not a terminal).
// Why through our own fd 0: the child inherits it; these tests run no thread of their own meanwhile.
CommandResult run_user(const std::vector<std::string>& args, const std::string& input) {
    TempDir io;
    write_file(io.path / "in", input);
    const int saved = ::dup(0);
    const int in = ::open((io.path / "in").c_str(), O_RDONLY);
    ::dup2(in, 0);
    ::close(in);
    CommandResult r = run_depot(args);
    ::dup2(saved, 0);
    ::close(saved);
    return r;
}

// Waits (at most 20 s) until the file at `path` holds `text`.
bool wait_for_text(const std::filesystem::path& path, const std::string& text) {
    for (int i = 0; i < 400; ++i) {
        if (read_file(path).find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// `fieldcheck-depot ARGS...` with a terminal (a pseudo-terminal's far side) as standard input: types
// `first` after the first prompt and `second` after the second. Returns the result and what the
// terminal showed (its echo).
std::pair<CommandResult, std::string> run_on_terminal(const std::vector<std::string>& args, const std::string& first,
                                                      const std::string& second) {
    int master = -1, slave = -1;
    if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) throw std::runtime_error("no pseudo-terminal");
    TempDir io;
    const auto out_path = io.path / "out", err_path = io.path / "err";
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int saved = ::dup(0);
    ::dup2(slave, 0);
    std::vector<std::string> full = {depot_binary()};
    full.insert(full.end(), args.begin(), args.end());
    const pid_t pid = spawn_with(full, out, err);
    ::dup2(saved, 0);
    ::close(saved);
    ::close(slave);
    ::close(out);
    ::close(err);
    if (wait_for_text(err_path, "Password for")) (void)!::write(master, (first + "\n").data(), first.size() + 1);
    if (wait_for_text(err_path, "again")) (void)!::write(master, (second + "\n").data(), second.size() + 1);
    int status = 0;
    waitpid(pid, &status, 0);
    std::string shown;
    ::fcntl(master, F_SETFL, O_NONBLOCK);
    char buf[4096];
    for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;) shown.append(buf, static_cast<std::size_t>(n));
    ::close(master);
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return {r, shown};
}

struct UserDepot {
    TempDir dir;
    std::string data = (dir.path / "depot").string();
    UserDepot() {
        auto store = DepotStore::open(test_depot_location(data));
        if (!store) throw std::runtime_error(store.error().message);
    }
    std::unique_ptr<DepotStore> open() { return std::move(DepotStore::open_existing(test_depot_location(data))).value(); }
};

}  // namespace

TEST_CASE("user add reads the password from standard input and the account logs in with it, hashed with Argon2id") {
    UserDepot d;
    auto r = run_user({"user", "add", "anna", "--role", "quality", "--language", "en", "--data", d.data}, "correct horse battery\n");
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("account anna added") != std::string::npos);
    auto store = d.open();
    auto login = store->office_login("anna");
    REQUIRE(login.ok());
    REQUIRE(login.value().has_value());
    CHECK(login.value()->user.role == OfficeRole::Quality);
    CHECK(login.value()->user.lang == Lang::En);
    CHECK(login.value()->password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(password_matches(login.value()->password_hash, "correct horse battery"));
    CHECK_FALSE(password_matches(login.value()->password_hash, "correct horse battery\n"));
}

TEST_CASE("user add and passwd refuse a --password option with a usage error, and store nothing") {
    UserDepot d;
    auto r = run_user({"user", "add", "anna", "--role", "admin", "--password", "hunter2hunter2", "--data", d.data}, "");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("never from the command line") != std::string::npos);
    CHECK(d.open()->office_users().value().empty());
    auto p = run_user({"user", "passwd", "anna", "--password=hunter2hunter2", "--data", d.data}, "");
    CHECK(p.exit_code == 2);
    CHECK(p.err.find("never from the command line") != std::string::npos);
}

TEST_CASE("user add refuses a short password, no password at all, a bad name, an unknown role and a name taken") {
    UserDepot d;
    auto short_one = run_user({"user", "add", "anna", "--role", "admin", "--data", d.data}, "short\n");
    CHECK(short_one.exit_code == 1);
    CHECK(short_one.err.find("A password is 10 to 1024 characters long.") != std::string::npos);
    CHECK(short_one.err.find(d.data) != std::string::npos);
    CHECK(run_user({"user", "add", "anna", "--role", "admin", "--data", d.data}, "").exit_code == 1);
    auto bad_name = run_user({"user", "add", "<script>", "--role", "admin", "--data", d.data}, "correct horse battery\n");
    CHECK(bad_name.exit_code == 1);
    CHECK(bad_name.err.find("A name is 1 to 64 letters") != std::string::npos);
    auto bad_role = run_user({"user", "add", "anna", "--role", "boss", "--data", d.data}, "correct horse battery\n");
    CHECK(bad_role.exit_code == 2);
    CHECK(bad_role.err.find("helpdesk, quality, planner or admin") != std::string::npos);
    CHECK(d.open()->office_users().value().empty());
    REQUIRE(run_user({"user", "add", "anna", "--role", "admin", "--data", d.data}, "correct horse battery\n").exit_code == 0);
    auto taken = run_user({"user", "add", "anna", "--role", "helpdesk", "--data", d.data}, "another password\n");
    CHECK(taken.exit_code == 1);
    CHECK(taken.err.find("There is already an account named anna.") != std::string::npos);
}

TEST_CASE("user list shows name, role, language, created and disabled, and never a password hash") {
    UserDepot d;
    REQUIRE(run_user({"user", "add", "anna", "--role", "admin", "--data", d.data}, "correct horse battery\n").exit_code == 0);
    REQUIRE(run_user({"user", "add", "bert", "--role", "planner", "--language", "en", "--data", d.data}, "correct horse battery\n").exit_code == 0);
    REQUIRE(run_depot({"user", "disable", "bert", "--data", d.data}).exit_code == 0);
    auto r = run_depot({"user", "list", "--data", d.data});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("NAME") == 0);
    CHECK(r.out.find("anna") != std::string::npos);
    CHECK(r.out.find("admin") != std::string::npos);
    CHECK(r.out.find("argon2") == std::string::npos);
    CHECK(r.out.find("$") == std::string::npos);
    // anna: never disabled ("-"); bert: a time in the last column.
    const auto anna = r.out.substr(r.out.find("anna"), r.out.find('\n', r.out.find("anna")) - r.out.find("anna"));
    CHECK(anna.back() == '-');
    const auto bert = r.out.substr(r.out.find("bert"), r.out.find('\n', r.out.find("bert")) - r.out.find("bert"));
    CHECK(bert.back() == 'Z');
    CHECK(bert.find(" planner ") != std::string::npos);
    CHECK(bert.find(" en ") != std::string::npos);
}

TEST_CASE("user disable, passwd and role end the account's sessions, and language keeps them") {
    UserDepot d;
    REQUIRE(run_user({"user", "add", "anna", "--role", "admin", "--data", d.data}, "correct horse battery\n").exit_code == 0);
    const std::int64_t now = 1'700'000'000'000;
    auto start = [&](const std::string& cookie) {
        auto store = d.open();
        const auto id = store->office_login("anna").value()->user.id;
        REQUIRE(store->start_office_session(id, sha256_hex(cookie), std::string(64, 'c'), now).ok());
    };
    auto live = [&](const std::string& cookie) { return d.open()->office_session(sha256_hex(cookie), now + 1).value().has_value(); };

    start("s1");
    REQUIRE(run_depot({"user", "language", "anna", "en", "--data", d.data}).exit_code == 0);
    CHECK(live("s1"));
    CHECK(d.open()->office_login("anna").value()->user.lang == Lang::En);

    REQUIRE(run_depot({"user", "role", "anna", "planner", "--data", d.data}).exit_code == 0);
    CHECK_FALSE(live("s1"));
    CHECK(d.open()->office_login("anna").value()->user.role == OfficeRole::Planner);

    start("s2");
    auto p = run_user({"user", "passwd", "anna", "--data", d.data}, "a new long password\n");
    REQUIRE(p.exit_code == 0);
    CHECK_FALSE(live("s2"));
    CHECK(password_matches(d.open()->office_login("anna").value()->password_hash, "a new long password"));

    start("s3");
    REQUIRE(run_depot({"user", "disable", "anna", "--data", d.data}).exit_code == 0);
    CHECK_FALSE(live("s3"));
    CHECK(d.open()->office_login("anna").value()->user.disabled_ms != 0);
}

TEST_CASE("user commands on a name nobody has say so, with the depot they looked in") {
    UserDepot d;
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"user", "disable", "ghost", "--data", d.data},
             {"user", "role", "ghost", "admin", "--data", d.data},
             {"user", "language", "ghost", "nl", "--data", d.data}}) {
        auto r = run_depot(args);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("There is no back-office account named ghost.") != std::string::npos);
        CHECK(r.err.find(d.data) != std::string::npos);
    }
    auto p = run_user({"user", "passwd", "ghost", "--data", d.data}, "correct horse battery\n");
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("There is no back-office account named ghost.") != std::string::npos);
}

TEST_CASE("user add on a terminal asks twice without echo, and two different passwords store nothing") {
    UserDepot d;
    auto [differ, shown1] = run_on_terminal({"user", "add", "anna", "--role", "admin", "--data", d.data}, "first password", "second password");
    CHECK(differ.exit_code == 1);
    CHECK(differ.err.find("The two passwords are not the same.") != std::string::npos);
    CHECK(d.open()->office_users().value().empty());
    auto [same, shown2] = run_on_terminal({"user", "add", "anna", "--role", "admin", "--data", d.data}, "terminal password", "terminal password");
    CHECK(same.exit_code == 0);
    CHECK(same.err.find("Password for anna: ") != std::string::npos);
    CHECK(shown1.find("password") == std::string::npos);
    CHECK(shown2.find("terminal password") == std::string::npos);
    CHECK(password_matches(d.open()->office_login("anna").value()->password_hash, "terminal password"));
}

TEST_CASE("user and each of its subcommands print their help for --help (exit 0), and user alone is a usage error (exit 2)") {
    for (const char* sub : {"", "add", "list", "disable", "passwd", "role", "language"}) {
        std::vector<std::string> args = {"user"};
        if (*sub) args.push_back(sub);
        args.push_back("--help");
        const CommandResult r = run_depot(args);
        CAPTURE(sub);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(std::string("usage: fieldcheck-depot user") + (*sub ? std::string(" ") + sub : "")) != std::string::npos);
    }
    UserDepot d;
    const CommandResult bare = run_depot({"user"});
    CHECK(bare.exit_code == 2);
    const CommandResult serve_bad = run_depot({"serve", "--data", d.data, "--trusted-proxy", "proxy.example"});
    CHECK(serve_bad.exit_code == 2);
    CHECK(serve_bad.err.find("takes an IP address") != std::string::npos);
}
