// The message the customer will receive, as the technician's screens preview and summarise it: in the
// customer's words (no precheck title), naming whom to call from the depot's settings on the tablet.
#include <algorithm>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "tablet_fixture.h"

namespace fc::test {

namespace {

bool any_contains(const std::set<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

std::set<std::string> texts_now(TabletFixture& f) {
    f.gui.clear_seen_texts();
    f.gui.frame(2);
    return f.gui.seen_texts();
}

}  // namespace

TEST_CASE("the not-met preview and the summary tell the customer whom to call, from the tablet's settings") {
    TabletFixture f;
    REQUIRE(f.model->store().set_setting("company", "Glasnet Nederland").ok());
    REQUIRE(f.model->store().set_setting("helpdesk", "088 123 45 67").ok());
    open_visit_to_prechecks(f, f.visit_id(1));
    const Precheck* box = f.model->visit().checklist().find_precheck("fiber-box-present");
    REQUIRE(box);

    tap(f, "not-met:fiber-box-present");
    const std::set<std::string> preview = texts_now(f);
    CHECK(any_contains(preview, "Glasnet Nederland"));
    CHECK(any_contains(preview, "088 123 45 67"));

    tap(f, "confirm-not-met");
    REQUIRE(f.screen() == Screen::Close);
    const std::set<std::string> summary = texts_now(f);
    CHECK(any_contains(summary, "U bereikt Glasnet Nederland op 088 123 45 67."));  // the customer's language
    if (!box->customer_text.empty()) CHECK(any_contains(summary, box->customer_text));
    // The technician's banner names the precheck; the customer's message does not.
    const std::string message_start = text(Lang::Nl, "customer.cause.precheck_not_met", {{"precheck", ""}});
    for (const std::string& s : summary) {
        if (s.rfind(message_start, 0) == 0) CHECK(s.find(box->title) == std::string::npos);
    }
    CHECK(any_contains(summary, message_start));
}

TEST_CASE("without company settings the summary's message says our helpdesk and gives no number") {
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    tap(f, "not-met:fiber-box-present");
    tap(f, "confirm-not-met");
    REQUIRE(f.screen() == Screen::Close);
    CHECK(any_contains(texts_now(f), text(Lang::Nl, "customer.call.unknown")));
}

}  // namespace fc::test
