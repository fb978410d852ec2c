// po_compile, the build step: it turns .po files into the table, or fails the build saying file:line.
#include <doctest/doctest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const char* const kHeader =
    "msgid \"\"\nmsgstr \"\"\n\"Language: {lang}\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";

std::string header(const std::string& lang) {
    std::string h = kHeader;
    h.replace(h.find("{lang}"), 6, lang);
    return h;
}

struct Run {
    int status = -1;
    std::string output;  // stderr and stdout
};

// A scratch folder with en.po and nl.po, and the real po_compile run on them.
struct PoDir {
    fs::path dir = fs::temp_directory_path() / ("fieldcheck-po-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(std::rand()));
    PoDir() { fs::create_directories(dir); }
    ~PoDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void write(const std::string& lang, const std::string& body) const {
        std::ofstream(dir / (lang + ".po"), std::ios::binary) << header(lang) << body;
    }
    Run compile() const {
        const std::string cmd = std::string("'") + FIELDCHECK_BIN_DIR + "/po_compile' '" + (dir / "table.cpp").string() +
                                "' '" + (dir / "keys.h").string() + "' '" + (dir / "en.po").string() + "' '" +
                                (dir / "nl.po").string() + "' 2>&1";
        Run r;
        FILE* pipe = ::popen(cmd.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::array<char, 512> buf{};
        while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe)) r.output += buf.data();
        const int raw = ::pclose(pipe);
        r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        return r;
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir / name, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

// The header takes lines 1-4 and a blank line 5: an entry written first starts on line 6.
Run compile_with(const std::string& en, const std::string& nl) {
    PoDir d;
    d.write("en", en);
    d.write("nl", nl);
    return d.compile();
}

const char* const kOk = "msgid \"a.b\"\nmsgstr \"x\"\n";

}  // namespace

TEST_CASE("po_compile turns continued strings and escapes into one C++ literal per text") {
    PoDir d;
    d.write("en", "# a comment\nmsgid \"greet.line\"\nmsgstr \"\"\n\"Say \\\"hi\\\"\\n\"\n\"to {name} \\\\ \\t done\"\n\n"
                  "msgid \"a.first\"\nmsgstr \"A\"\n");
    d.write("nl", "msgid \"a.first\"\nmsgstr \"Een\"\n\nmsgid \"greet.line\"\nmsgstr \"Zeg \\\"hoi\\\" tegen {name}\"\n");
    const Run r = d.compile();
    INFO(r.output);
    REQUIRE(r.status == 0);
    const std::string table = d.read("table.cpp");
    CHECK(table.find("{\"a.first\", {\"A\", \"Een\"}}") != std::string::npos);
    CHECK(table.find("\"Say \\\"hi\\\"\\nto {name} \\\\ \\011 done\"") != std::string::npos);
    // Sorted: a.first before greet.line, whatever the order in the files.
    CHECK(table.find("a.first") < table.find("greet.line"));
    CHECK(d.read("keys.h").find("\"a.first\",\n    \"greet.line\",") != std::string::npos);
}

TEST_CASE("po_compile fails the build on a malformed entry, naming file and line") {
    const Run escape = compile_with("msgid \"a.b\"\nmsgstr \"bad \\q escape\"\n", kOk);
    CHECK(escape.status == 1);
    CHECK(escape.output.find("en.po:7: unknown escape \\q") != std::string::npos);
    CHECK(escape.output.find("is empty") == std::string::npos);  // one problem, not its echo

    const Run no_str = compile_with("msgid \"a.b\"\n\nmsgid \"c.d\"\nmsgstr \"y\"\n", kOk);
    CHECK(no_str.status == 1);
    CHECK(no_str.output.find("en.po:6: msgid \"a.b\" has no msgstr") != std::string::npos);

    const Run bad_key = compile_with("msgid \"Today Title\"\nmsgstr \"x\"\n", "msgid \"Today Title\"\nmsgstr \"x\"\n");
    CHECK(bad_key.status == 1);
    CHECK(bad_key.output.find("en.po:6: msgid \"Today Title\" is not a key") != std::string::npos);

    const Run empty = compile_with("msgid \"a.b\"\nmsgstr \"\"\n", kOk);
    CHECK(empty.output.find("en.po:6: msgstr of \"a.b\" is empty") != std::string::npos);

    const Run brace = compile_with("msgid \"a.b\"\nmsgstr \"Step {n of 3\"\n", "msgid \"a.b\"\nmsgstr \"Stap {n} van 3\"\n");
    CHECK(brace.status == 1);
    CHECK(brace.output.find("en.po:6: msgstr of \"a.b\": a placeholder is {name}") != std::string::npos);

    const Run stray = compile_with("x\"a.b\"\n", kOk);
    CHECK(stray.output.find("en.po:6: unexpected text") != std::string::npos);
}

TEST_CASE("po_compile refuses what the catalogue does not use: msgctxt, plurals, fuzzy entries") {
    const Run ctxt = compile_with("msgctxt \"menu\"\nmsgid \"a.b\"\nmsgstr \"x\"\n", kOk);
    CHECK(ctxt.status == 1);
    CHECK(ctxt.output.find("en.po:6: msgctxt is not used") != std::string::npos);

    const Run plural = compile_with("msgid \"a.b\"\nmsgid_plural \"a.bs\"\nmsgstr[0] \"x\"\n", kOk);
    CHECK(plural.status == 1);
    CHECK(plural.output.find("en.po:7: plural forms are not used") != std::string::npos);

    const Run fuzzy = compile_with(kOk, "#, fuzzy\nmsgid \"a.b\"\nmsgstr \"x\"\n");
    CHECK(fuzzy.status == 1);
    CHECK(fuzzy.output.find("nl.po:7: \"a.b\" is marked fuzzy") != std::string::npos);
}

TEST_CASE("po_compile fails on a duplicate key and on a key one language lacks") {
    const Run dup = compile_with("msgid \"a.b\"\nmsgstr \"x\"\n\nmsgid \"a.b\"\nmsgstr \"y\"\n", kOk);
    CHECK(dup.status == 1);
    CHECK(dup.output.find("en.po:9: duplicate key \"a.b\" (first at line 6)") != std::string::npos);

    const Run missing = compile_with(std::string(kOk) + "\nmsgid \"c.d\"\nmsgstr \"only English\"\n", kOk);
    CHECK(missing.status == 1);
    CHECK(missing.output.find("en.po:9: key \"c.d\" has no entry in") != std::string::npos);
    CHECK(missing.output.find("nl.po") != std::string::npos);
}

TEST_CASE("po_compile fails when a translation drops or renames a placeholder") {
    const Run r = compile_with("msgid \"a.b\"\nmsgstr \"Step {n} of {count}\"\n", "msgid \"a.b\"\nmsgstr \"Stap {n} van {aantal}\"\n");
    CHECK(r.status == 1);
    CHECK(r.output.find("nl.po:6: \"a.b\" has placeholders {aantal}, {n}, but") != std::string::npos);
}

TEST_CASE("po_compile checks the header against the file's language") {
    PoDir d;
    d.write("en", kOk);
    std::ofstream(d.dir / "nl.po", std::ios::binary) << "msgid \"\"\nmsgstr \"Language: de\\n\"\n\n" << kOk;
    const Run r = d.compile();
    CHECK(r.status == 1);
    CHECK(r.output.find("nl.po:1: the header says Language: de") != std::string::npos);
}

TEST_CASE("the real .po files pass gettext's own check, as translators' tools will read them") {
    // scripts/setup.sh installs gettext, so a missing msgfmt is a broken set-up, not a reason to skip.
    REQUIRE_MESSAGE(std::system("command -v msgfmt >/dev/null 2>&1") == 0, "msgfmt (Debian's gettext) is not installed");
    for (const char* lang : {"en", "nl"}) {
        const std::string cmd = std::string("msgfmt --check -o /dev/null '") + FIELDCHECK_SOURCE_DIR + "/catalogue/po/" +
                                lang + ".po'";
        CAPTURE(cmd);
        CHECK(std::system(cmd.c_str()) == 0);
    }
}
