// Story 2 in the engine: what a visit leaves in its customer's history, how the history is sealed
// (format 2 only; format-1 records keep their bytes), and its bounds.
#include <doctest/doctest.h>

#include "checklists/template_parser.h"
#include "checklists/visit_history.h"
#include "tests/checklists/visit_fixtures.h"

using namespace fc;
using namespace fc::test;

namespace {

// The customer's earlier visit on another job, with everything format 2 carries.
HistoryEntry rich_entry() {
    return {"v-0500", 1'690'000'000'000, "completed", "", "Activated with the service laptop: Windows 7.", "job-7",
            {{"Optical power", "-18.5 dBm"}, {"Modem model", "Nokia"}},
            {"Keep the helpdesk card near the router."}};
}

Assignment customer_assignment() {
    Assignment a = fiber_assignment();
    a.customer_id = "cust-42";
    a.history.push_back(rich_entry());
    return a;
}

// A template whose measure, choice and remarks steps go into the history.
std::shared_ptr<const ChecklistTemplate> marked_template() {
    auto t = std::make_shared<ChecklistTemplate>(*fiber_template());
    for (Step& s : t->steps) s.history = s.id == "power" || s.id == "model" || s.id == "remarks";
    return t;
}

void replace_once(std::string& s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a format-1 record is written without the customer id and the history's new keys, byte for byte as before") {
    Assignment plain = fiber_assignment();
    Assignment rich = customer_assignment();
    rich.history[0] = HistoryEntry{"v-0990", 1'699'000'000'000, "not_possible", "precheck_not_met", "patch missing",
                                   "job-42", {{"Optical power", "-30 dBm"}}, {"Call the operator"}};
    rich.history.resize(1);
    const Visit with_new(rich, fiber_template(), 1);
    const Visit without(plain, fiber_template(), 1);
    const std::string bytes = encode_visit_record(with_new);
    CHECK(bytes == encode_visit_record(without));
    CHECK(with_new.canonical_content() == without.canonical_content());
    for (const char* key : {"customer_id", "\"values\"", "\"todo\"", "cust-42", "Call the operator"}) {
        CHECK_MESSAGE(bytes.find(key) == std::string::npos, key);
    }
    // Written into a format-1 record by hand, the new keys are not format 1's: refused.
    std::string forged = bytes;
    replace_once(forged, "\"customer_name\":", "\"customer_id\":\"cust-42\",\"customer_name\":");
    const auto refused = decode_visit_record(forged);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::malformed);
    CHECK(refused.error().message.find("$.assignment.customer_id") != std::string::npos);
}

TEST_CASE("a format-2 record seals the customer id and the history's job, values and to-do list") {
    Walk w;
    w.visit = Visit(customer_assignment(), fiber_template(), 2);
    w.to_customer_mode();
    w.answer_required_survey();
    w.take(w.visit.submit_survey(w.tick()));
    const std::string bytes = encode_visit_record(w.visit);
    CHECK(bytes.find("\"customer_id\":\"cust-42\"") != std::string::npos);
    const auto record = decode_visit_record(bytes);
    REQUIRE(record.ok());
    CHECK(record->assignment == customer_assignment());
    const auto replayed = replay_visit(record.value(), fiber_template());
    REQUIRE(replayed.ok());
    CHECK(replayed->seal() == w.visit.seal());
    // The values are sealed: a changed measurement in the history is another visit.
    std::string changed = bytes;
    replace_once(changed, "-18.5 dBm", "-12.5 dBm");
    const auto forged = decode_visit_record(changed);
    REQUIRE(forged.ok());
    CHECK(replay_visit(forged.value(), fiber_template()).error().code == ErrorCode::seal_mismatch);
}

TEST_CASE("an assignment without a customer or a richer history encodes in format 2 exactly as before those keys") {
    const Assignment a = fiber_assignment();
    const std::string json = encode_assignment(a);
    CHECK(json.find("customer_id") == std::string::npos);
    CHECK(json.find("job_id\":\"job-42") != std::string::npos);
    CHECK(json.find("\"values\"") == std::string::npos);
    CHECK(json.find("\"todo\"") == std::string::npos);
    const auto back = decode_assignment(encode_assignment(customer_assignment()));
    REQUIRE(back.ok());
    CHECK(back.value() == customer_assignment());
}

TEST_CASE("a completed visit leaves its note, the marked values and the customer's to-do list in the history") {
    Walk w(marked_template());
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-18.5), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("model", Answer::choice("zyxel"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("remarks", Answer::text_value("Router in the living room; old laptop cannot join."), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("signature", Answer::attachment(kSignatureHash), w.tick()));
    w.take(w.visit.begin_handover(w.tick()));
    w.take(w.visit.confirm_handover("wired_laptop", w.tick()));
    w.take(w.visit.confirm_handover("wifi_password", w.tick()));
    w.take(w.visit.enter_customer_mode(w.tick()));
    w.answer_required_survey();
    const std::string comment = "PRIVATE: the technician came an hour late";
    w.take(w.visit.answer_survey("comment", Answer::text_value(comment), w.tick()));
    w.take(w.visit.submit_survey(w.tick()));

    const HistoryEntry h = history_entry_of(w.visit);
    // The history goes to the next technician; the customer's answers are private (story 003).
    Assignment next;
    next.history = {h};
    CHECK(encode_assignment(next).find("PRIVATE") == std::string::npos);
    CHECK(h.visit_id == "v-1001");
    CHECK(h.job_id == "job-42");
    CHECK(h.outcome == "completed");
    CHECK(h.cause.empty());
    CHECK(h.date_ms == w.visit.events().back().wall_ms);
    CHECK(h.note == "Router in the living room; old laptop cannot join.");
    CHECK(h.values == std::vector<HistoryValue>{{"Optical power", "-18.5 dBm"}, {"Modem model", "Zyxel"}});
    CHECK(h.todo == std::vector<std::string>{"Activate the modem from a laptop on a cable"});
}

TEST_CASE("a visit closed not possible leaves its cause and the technician's words, and nothing unmarked") {
    Walk w(marked_template());
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-31, "no light after cleaning"), w.tick()));
    w.take(w.visit.close_not_possible({FailureCause::Kind::NetworkFault, "", "No light on the fiber."}, w.tick()));
    const HistoryEntry h = history_entry_of(w.visit);
    CHECK(h.outcome == "not_possible");
    CHECK(h.cause == "network_fault");
    CHECK(h.note == "No light on the fiber.");
    CHECK(h.values == std::vector<HistoryValue>{{"Optical power", "-31 dBm (no light after cleaning)"}});
    CHECK(h.todo.empty());

    Walk unmarked;  // the same walk on a template that marks nothing
    unmarked.to_steps();
    unmarked.take(unmarked.visit.close_not_possible({FailureCause::Kind::CustomerAbsent, "", ""}, unmarked.tick()));
    CHECK(history_entry_of(unmarked.visit).values.empty());
    CHECK(history_entry_of(unmarked.visit).note.empty());
}

TEST_CASE("a template marks history only on measure, text and choice steps, and keeps the mark through the depot's form") {
    const std::string good = R"({"format":"fieldcheck-template/1","id":"t","version":1,"title":"T","language":"en",
        "prechecks":[],"steps":[{"id":"p","kind":"measure","title":"Power","unit":"dBm","min":-25,"max":-8,"history":true},
        {"id":"n","kind":"text","title":"Note","history":true},{"id":"c","kind":"check","title":"Done"}],
        "handover":[],"survey":[
        {"id":"a","kind":"smiley","touchpoint":"appointment","title":"A"},{"id":"b","kind":"smiley","touchpoint":"arrival","title":"B"},
        {"id":"e","kind":"smiley","touchpoint":"explanation","title":"E"},{"id":"r","kind":"smiley","touchpoint":"result","title":"R"}]})";
    const auto parsed = parse_template(good);
    REQUIRE_MESSAGE(parsed.checklist, (parsed.problems.empty() ? "" : parsed.problems[0].message));
    CHECK(parsed.checklist->steps[0].history);
    CHECK(parsed.checklist->steps[1].history);
    CHECK_FALSE(parsed.checklist->steps[2].history);
    const auto again = parse_template(template_to_json(*parsed.checklist));
    REQUIRE(again.checklist);
    CHECK(again.checklist->steps[0].history);
    CHECK_FALSE(again.checklist->steps[2].history);

    std::string photo = good;
    replace_once(photo, R"({"id":"c","kind":"check","title":"Done"})", R"({"id":"c","kind":"photo","title":"Photo","history":true})");
    const auto refused = parse_template(photo);
    REQUIRE_FALSE(refused.checklist);
    REQUIRE_FALSE(refused.problems.empty());
    CHECK(refused.problems[0].path == "$.steps[2].history");
    CHECK(refused.problems[0].message.find("only a measure, text, choice or serial step") != std::string::npos);
}

TEST_CASE("the history an assignment carries is bounded, newest kept, and format-1 records keep any length") {
    Assignment a = fiber_assignment();
    a.history.clear();
    for (int i = 0; i < 50; ++i) {
        a.history.push_back({"v-" + std::to_string(i), 1000 - i, "completed", "", std::string(100, 'x'), "job-42"});
    }
    keep_newest_history(a);
    REQUIRE(a.history.size() == kMaxHistoryEntries);
    CHECK(a.history.front().date_ms == 1000 - 29);  // oldest of the kept, first
    CHECK(a.history.back().date_ms == 1000);
    // Long notes (a cause and marked texts, all of quotes): the oldest go until the encoding fits.
    for (HistoryEntry& h : a.history) h.note = std::string(3 * kMaxAnswerTextBytes, '"');
    keep_newest_history(a);
    CHECK(encode_assignment(a).size() <= kMaxHistoryBytes);
    CHECK(a.history.back().date_ms == 1000);
    CHECK(a.history.size() < kMaxHistoryEntries);

    Assignment many = fiber_assignment();
    for (int i = 0; i < 40; ++i) many.history.push_back({"v-" + std::to_string(i), i, "completed", "", ""});
    CHECK(decode_assignment(encode_assignment(many)).error().code == ErrorCode::malformed);
    const Visit old(many, fiber_template(), 1);
    const auto record = decode_visit_record(encode_visit_record(old));
    REQUIRE(record.ok());
    CHECK(record->assignment.history.size() == 41);
}

TEST_CASE("the record-size bound counts the history's values and to-do lists") {
    Assignment a = fiber_assignment();
    HistoryEntry big = rich_entry();
    big.values.assign(kMaxHistoryValues, HistoryValue{std::string(200, 't'), std::string(kMaxAnswerTextBytes, '"')});
    big.todo.assign(kMaxHistoryTodo, std::string(kMaxAnswerTextBytes, '"'));
    for (int i = 0; i < 6; ++i) a.history.push_back(big);
    Walk w;
    w.visit = Visit(a, fiber_template(), 2);
    CHECK(code_of(w.visit.open(w.tick())) == ErrorCode::visit_too_large);
}
