// The Sync screen enrolls a tablet that has no depot: the address typed, the one-time code on the
// keypad, "Connect" hands both to the sync worker, and a refusal shows in the catalogue's words.
#include <doctest/doctest.h>

#include "app/tablet/enroll_entry.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

struct EnrollHooks {
    SyncStatus status;
    std::vector<std::pair<std::string, std::string>> asked;  // depot URL, code
    SyncHooks hooks() {
        return SyncHooks{[this] { return status; }, [] {},
                         [this](std::string url, std::string code) { asked.emplace_back(std::move(url), std::move(code)); }};
    }
};

void fill_in(TabletFixture& f, const std::string& url, const std::string& digits) {
    tap(f, "enroll-url");
    f.gui.type(url);
    key_in(f, digits, "enroll-key");
}

}  // namespace

TEST_CASE("the Sync screen takes the depot address and a 16-digit code on the keypad and asks the worker to enroll") {
    TabletFixture f;
    EnrollHooks worker;
    f.hooks = worker.hooks();
    f.reopen();
    tap(f, "sync");
    REQUIRE(f.screen() == Screen::Sync);
    // Too few digits: a hint, nothing asked.
    fill_in(f, "http://depot.local:8470", "1234");
    tap(f, "enroll");
    CHECK(worker.asked.empty());
    CHECK(f.message() == Strings(Lang::En)("sync.enroll_needs"));
    key_in(f, "567890123456", "enroll-key");
    key_in(f, "99", "enroll-key");  // the keypad takes no 17th digit
    tap(f, "enroll");
    REQUIRE(worker.asked.size() == 1);
    CHECK(worker.asked[0].first == "http://depot.local:8470");
    CHECK(worker.asked[0].second == "1234567890123456");
    CHECK(f.gui.seen_texts().count("1234 5678 9012 3456") == 1);
}

TEST_CASE("a refused code shows the catalogue's words on the Sync screen, in Dutch too") {
    for (Lang lang : {Lang::En, Lang::Nl}) {
        TabletFixture f(ImVec2(1280, 800), true, lang);
        EnrollHooks worker;
        f.hooks = worker.hooks();
        f.reopen();
        tap(f, "sync");
        fill_in(f, "http://depot.local:8470", "1234567890123456");
        tap(f, "enroll");
        REQUIRE(worker.asked.size() == 1);
        worker.status.enroll_error = make_error(ErrorCode::enrollment_code_used, "this enrollment code was already used");
        f.gui.clear_seen_texts();
        f.gui.frame(2);
        const std::string words = error_text(*worker.status.enroll_error, Strings(lang));
        CHECK(words.find(lang == Lang::Nl ? "aanmeldcode" : "enrollment code") != std::string::npos);
        CHECK(f.gui.seen_texts().count(words) == 1);
        // Enrolled: the panel gives way to the depot's address and Sync now.
        worker.status = SyncStatus{};
        worker.status.enrolled = true;
        worker.status.depot_url = "http://depot.local:8470";
        f.gui.frame(2);
        CHECK_FALSE(f.gui.find("enroll"));
        CHECK(f.gui.find("sync-now"));
    }
}

TEST_CASE("a scanned enrollment QR text fills the address and code, and a text that is no code is ignored") {
    EnrollUi state;
    auto asked = enrollment_from_scan("fieldcheck-enroll:https://depot.example:8470#1234 5678 9012 3456", state);
    REQUIRE(asked);
    CHECK(asked->depot_url == "https://depot.example:8470");
    CHECK(asked->code == "1234567890123456");
    EnrollUi code_only;
    CHECK_FALSE(enrollment_from_scan("1234567890123456", code_only));  // the address is still to be typed
    CHECK(code_only.code == "1234567890123456");
    code_only.depot_url = "http://depot.local";
    CHECK(enrollment_from_entry(code_only));
    EnrollUi untouched;
    CHECK_FALSE(enrollment_from_scan("https://example.com/not-a-code", untouched));
    CHECK(untouched.code.empty());
}

}  // namespace fc::test
