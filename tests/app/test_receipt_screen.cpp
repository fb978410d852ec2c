// The customer's receipt on the tablet (issue 13): every sealing way reaches the receipt screen, which
// shows the customer's to-do list and never a survey score, and a real visit's PDF is kept at the seal.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

#include "sync/client/survey_key_registration.h"
#include "sync/store/receipt_files.h"
#include "sync/wire/survey_code.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

void walk_to_survey(TabletFixture& f, int visit = 1) {
    open_visit_to_prechecks(f, f.visit_id(visit));
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    REQUIRE(f.screen() == Screen::CustomerMode);
}

void answer_every_smiley(TabletFixture& f) {
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":4");
    }
}

bool drawn(TabletFixture& f, const std::string& needle) {
    for (const std::string& text : f.app->drawn_texts()) {
        if (text.find(needle) != std::string::npos) return true;
    }
    return false;
}

// The receipt screen as the customer reads it: every to-do item drawn, the seal's short form, and
// nothing of the survey: no question, no face, no score.
void check_receipt_screen(TabletFixture& f) {
    REQUIRE(f.screen() == Screen::Receipt);
    f.gui.frame(2);
    REQUIRE(f.model->receipt() != nullptr);
    CHECK(f.gui.find("receipt-title"));
    CHECK(f.gui.find("receipt-seal"));
    CHECK(drawn(f, f.model->receipt()->seal.value));
    const auto todo = f.model->visit().customer_todo();
    if (!todo.empty()) CHECK(f.gui.find("receipt-todo"));
    for (const std::string& item : todo) CHECK_MESSAGE(drawn(f, item), item);
    CHECK(f.gui.with_prefix("smiley:").empty());
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) CHECK_MESSAGE(!drawn(f, q.title), q.title);
}

bool pdf_kept(TabletFixture& f) {
    auto pdf = kept_receipt_pdf(f.model->store(), f.model->visit().assignment().visit_id);
    return pdf && pdf->rfind("%PDF-", 0) == 0;
}

}  // namespace

TEST_CASE("after the customer sends the survey the receipt screen shows the to-do list, no score, and the PDF is kept") {
    TabletFixture f;
    walk_to_survey(f);
    REQUIRE(!f.model->visit().customer_todo().empty());
    answer_every_smiley(f);
    tap(f, "submit");
    REQUIRE(f.model->visit().phase() == VisitPhase::Closed);
    REQUIRE(f.model->visit().receipt().has_value());
    check_receipt_screen(f);
    CHECK(f.model->receipt_problem().empty());
    CHECK(pdf_kept(f));
    // Sealed with the code this tablet's survey key makes, so the depot can make it too.
    auto key = device_survey_key(f.model->store());
    REQUIRE(key.ok());
    const std::string visit_id = f.model->visit().assignment().visit_id;
    CHECK(f.model->visit().receipt()->code_hash == receipt_code_hash(receipt_code(*key, visit_id)));
    // The customer holds the tablet: handing it back opens the PIN pad, and the PIN goes to the summary.
    tap(f, "technician");
    CHECK(f.screen() == Screen::CustomerMode);
    REQUIRE(f.gui.find("pin-ok"));
    tap(f, "pin-cancel");
    CHECK(f.screen() == Screen::Receipt);  // back to the receipt, not to a bare thank-you
    tap(f, "technician");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::Close);
}

TEST_CASE("a survey answered on the customer's phone ends on the receipt with the QR code of its link") {
    TabletFixture f;
    REQUIRE(f.model->store().set_setting(kSettingSurveyKeyRegistered, "1").ok());
    REQUIRE(f.model->store().set_setting(kSettingSurveyPublicUrl, "https://depot.example/").ok());
    REQUIRE(f.model->refresh().ok());
    walk_to_survey(f);
    tap(f, "on-phone");
    tap(f, "phone-done");
    REQUIRE(f.model->visit().survey_status() == SurveyStatus::OnPhone);
    check_receipt_screen(f);
    CHECK(f.model->visit().receipt()->link_base == "https://depot.example");
    CHECK(f.gui.find("receipt-qr"));
    CHECK(f.model->receipt()->link.rfind("https://depot.example/", 0) == 0);
    CHECK(pdf_kept(f));
}

TEST_CASE("after the PIN declines the survey the receipt is shown to whoever holds the tablet, without the PIN to leave") {
    TabletFixture f;
    walk_to_survey(f);
    tap(f, "technician");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE(f.model->visit().survey_status() == SurveyStatus::NotFilledIn);
    check_receipt_screen(f);
    CHECK(pdf_kept(f));
    tap(f, "hand-back");
    CHECK(f.screen() == Screen::Close);
}

TEST_CASE("a visit closed as not possible ends on the receipt, its PDF kept beside the store") {
    TabletFixture f;
    tap(f, "visit:" + f.visit_id(1));
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    tap(f, "cause:customer_absent");
    tap(f, "close-not-possible");
    REQUIRE(f.model->visit().outcome() == Outcome::NotPossible);
    check_receipt_screen(f);
    CHECK(pdf_kept(f));
    const auto path = receipt_pdf_path(f.model->store(), f.visit_id(1));
    REQUIRE(path.ok());
    CHECK(std::filesystem::exists(*path));
    tap(f, "hand-back");
    CHECK(f.screen() == Screen::Close);
}

TEST_CASE("a practice visit's receipt is marked practice on screen and never kept as a file") {
    TabletFixture f;
    tap(f, "practice");
    tap(f, "template:fiber-modem-install-en:3");
    REQUIRE(f.model->practice());
    meet_all_prechecks_and_begin(f);
    walk_all_steps(f, write_test_photo(f.dir.path));
    confirm_all_handover(f);
    answer_every_smiley(f);
    tap(f, "submit");
    REQUIRE(f.model->visit().receipt().has_value());
    check_receipt_screen(f);
    CHECK(f.model->receipt()->practice);
    CHECK(f.gui.find("receipt-practice"));
    CHECK(!std::filesystem::exists(f.data / kReceiptsDir));
}

TEST_CASE("a receipt PDF that cannot be kept does not undo the seal: the screen says so and the visit stays sealed") {
    TabletFixture f;
    walk_to_survey(f);
    // A file where the receipts folder belongs: the PDF cannot be written.
    {
        std::FILE* blocker = std::fopen((f.data / kReceiptsDir).c_str(), "w");
        REQUIRE(blocker);
        std::fclose(blocker);
    }
    answer_every_smiley(f);
    tap(f, "submit");
    REQUIRE(f.model->visit().phase() == VisitPhase::Closed);
    CHECK(f.screen() == Screen::Receipt);
    CHECK(!f.model->receipt_problem().empty());
    f.gui.frame();
    CHECK(f.gui.find("receipt-problem"));
    auto stored = f.model->store().load_visit(f.visit_id(1));
    REQUIRE(stored.ok());
    CHECK(stored->phase() == VisitPhase::Closed);
    CHECK(stored->receipt().has_value());
}

}  // namespace fc::test
