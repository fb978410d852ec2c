// A Dutch tablet shows no English: every screen walked headless in Dutch, with its refusals, and
// every string drawn checked against the catalogue's English texts.
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "catalogue/catalogue.h"
#include "tablet_fixture.h"

namespace fc::test {

namespace {

// One English catalogue text as a pattern: its literal pieces between {placeholders}, in order.
struct EnglishText {
    std::string key;
    std::vector<std::string> pieces;
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> pieces_of(std::string_view pattern_text) {
    std::vector<std::string> pieces;
    std::string piece;
    for (std::size_t i = 0; i < pattern_text.size(); ++i) {
        if (pattern_text[i] != '{') {
            piece += pattern_text[i];
            continue;
        }
        pieces.push_back(piece);
        piece.clear();
        i = pattern_text.find('}', i);
    }
    // A sentence quoted inside another ends where the other goes on: its final full stop is not required.
    while (!piece.empty() && (piece.back() == '.' || piece.back() == ' ')) piece.pop_back();
    pieces.push_back(piece);
    return pieces;
}

// The English texts a Dutch screen must never show: those that differ from Dutch, and are not
// themselves Dutch words elsewhere in the catalogue ("Depot", "OK", "Open" are both).
std::vector<EnglishText> english_only_texts() {
    std::set<std::string> dutch;
    for (const std::string_view key : message_keys()) dutch.insert(lower(std::string(*pattern(Lang::Nl, key))));
    std::vector<EnglishText> out;
    for (const std::string_view key : message_keys()) {
        const std::string en(*pattern(Lang::En, key));
        if (dutch.count(lower(en))) continue;
        out.push_back({std::string(key), pieces_of(lower(en))});
    }
    return out;
}

bool word_edge(const std::string& s, std::size_t at) {
    return at == 0 || at >= s.size() || !std::isalnum(static_cast<unsigned char>(s[at]));
}

// The parts of a drawn string between the separators screens put between texts ("Oorzaak: ...").
std::vector<std::string> segments(const std::string& drawn) {
    std::vector<std::string> out(1);
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        const std::string_view rest = std::string_view(drawn).substr(i);
        const char* const separators[] = {"\u00B7", ":", "\u2013", "\u2192", "\u2190", "\u2713", "?", "(", ")"};
        std::size_t skip = 0;
        for (const char* sep : separators) {
            if (rest.substr(0, std::strlen(sep)) == sep) skip = std::strlen(sep);
        }
        if (skip == 0) {
            out.back() += drawn[i];
            continue;
        }
        out.emplace_back();
        i += skip - 1;
    }
    for (std::string& seg : out) {
        while (!seg.empty() && seg.front() == ' ') seg.erase(0, 1);
        while (!seg.empty() && seg.back() == ' ') seg.pop_back();
    }
    return out;
}

// Whether `drawn` holds the text as a whole: its pieces in order, starting and ending on word edges
// (a text that starts or ends with a placeholder has no edge of its own there). A one-word text
// must be a whole segment: "met" and "sync" are Dutch words too, inside a Dutch sentence.
bool contains_text(const std::string& drawn, const EnglishText& t) {
    if (t.pieces.size() == 1 && t.pieces.front().find(' ') == std::string::npos) {
        for (const std::string& seg : segments(drawn)) {
            if (seg == t.pieces.front()) return true;
        }
        return false;
    }
    const std::string& first = t.pieces.front();
    for (std::size_t start = drawn.find(first); start != std::string::npos; start = drawn.find(first, start + 1)) {
        if (!first.empty() && start > 0 && !word_edge(drawn, start - 1)) continue;
        std::size_t from = start + first.size();
        bool all = true;
        for (std::size_t i = 1; i < t.pieces.size() && all; ++i) {
            const std::size_t at = drawn.find(t.pieces[i], from);
            all = at != std::string::npos;
            if (all) from = at + t.pieces[i].size();
        }
        if (all && (t.pieces.back().empty() || word_edge(drawn, from))) return true;
    }
    return false;
}

// Every drawn string that shows English or a failed lookup, with the key it came from.
std::vector<std::string> english_on_screen(const std::set<std::string>& drawn) {
    static const std::vector<EnglishText> english = english_only_texts();
    std::vector<std::string> found;
    for (const std::string& s : drawn) {
        if (s.find(kLookupFault) != std::string::npos) found.push_back("lookup failed: " + s);
        const std::string l = lower(s);
        for (const EnglishText& t : english) {
            if (contains_text(l, t)) found.push_back("\"" + s + "\" shows English " + t.key);
        }
    }
    return found;
}

void check_dutch(const TabletFixture& f) {
    if (std::getenv("FC_TRACE")) {
        for (const std::string& s : f.gui.seen_texts()) MESSAGE("drawn: ", s);
    }
    const std::vector<std::string> english = english_on_screen(f.gui.seen_texts());
    std::string list;
    for (const std::string& e : english) list += "\n  " + e;
    INFO("English on a Dutch screen:", list);
    CHECK(english.empty());
    CHECK(f.gui.seen_texts().size() > 20);  // the hook did record what was drawn
}

const Step& current_step(TabletFixture& f) {
    const Visit& v = f.model->visit();
    return v.checklist().steps[static_cast<std::size_t>(v.current_step())];
}

// Before the right answer, each kind of step is first given the wrong one, so its refusal is drawn.
void refuse_then_answer(TabletFixture& f, const std::filesystem::path& photo) {
    const Step step = current_step(f);
    switch (step.kind) {
        case StepKind::Instruction: tap(f, "next"); break;
        case StepKind::Check:
            tap(f, "not-applicable");
            tap(f, "save-reason");
            break;
        case StepKind::Measure:
            tap(f, "save-measure");  // nothing typed: a hint
            key_in(f, "-99");
            tap(f, "save-measure");  // out of range, no note
            tap(f, "key:clear");
            break;
        case StepKind::Text: tap(f, "save-text"); break;
        case StepKind::Serial: tap(f, "save-serial"); break;
        case StepKind::Photo: {
            const std::filesystem::path notes = f.dir.path / "notes.txt";
            std::ofstream(notes) << "not a photo";
            tap(f, "photo-path");
            f.gui.type(notes.string());
            tap(f, "use-photo-path");
            tap(f, "message-ok");
            tap(f, "back");  // away and back empties the path field for the real photo
            tap(f, "next");
            break;
        }
        case StepKind::Signature: tap(f, "save-signature"); break;
        case StepKind::Choice: break;
    }
    f.gui.frame(2);
    answer_current_step(f, photo);
}

void walk_steps_with_refusals(TabletFixture& f) {
    const auto photo = write_test_photo(f.dir.path);
    for (int guard = 0; guard < 64 && f.screen() == Screen::StepRunner; ++guard) {
        refuse_then_answer(f, photo);
        if (f.gui.find("start-handover")) tap(f, "start-handover");
        else tap(f, "next");
    }
    REQUIRE_MESSAGE(f.model->visit().phase() == VisitPhase::Handover, f.message());
}

// The handover's refusal: format 1, handing over before anything is confirmed; format 2, the
// customer's empty signature, in the customer's language.
void refuse_on_handover(TabletFixture& f) {
    if (!f.model->visit().handover_is_customers()) {
        tap(f, "to-customer");  // nothing confirmed yet
        return;
    }
    REQUIRE(f.screen() == Screen::CustomerMode);
    tap(f, "sign:customer-signature");  // nothing drawn on the pad
    REQUIRE(!f.message().empty());
}

void walk_prechecks_with_refusals(TabletFixture& f) {
    tap(f, "begin-steps");  // nothing answered yet
    REQUIRE(!f.message().empty());
    const Visit& v = f.model->visit();
    for (const Precheck& p : v.checklist().prechecks) {
        if (!p.blocking) continue;
        tap(f, "not-met:" + p.id);  // the confirmation panel with the customer's message
        tap(f, "cancel-not-met");
        break;
    }
    meet_all_prechecks_and_begin(f);
}

void walk_customer_mode_with_refusals(TabletFixture& f) {
    tap(f, "smiley:rate-appointment:4");
    tap(f, "submit");  // half answered: the survey screen's refusal
    REQUIRE(!f.message().empty());
    tap(f, "technician");
    key_in(f, "9999", "pin");
    tap(f, "pin-ok");  // wrong PIN
    tap(f, "pin-cancel");
    for (const SurveyQuestion& q : f.model->visit().checklist().survey) {
        if (q.kind == SurveyKind::Smiley) tap(f, "smiley:" + q.id + ":5");
    }
    tap(f, "submit");
    REQUIRE(f.model->visit().phase() == VisitPhase::Closed);
    tap(f, "technician");
    key_in(f, "1234", "pin");
    tap(f, "pin-ok");
    REQUIRE(f.screen() == Screen::Close);  // the summary, with the customer's message
}

// A visit closed as not possible from its overview: every cause tapped, the previews drawn.
void close_not_possible(TabletFixture& f, const std::string& visit_id) {
    tap(f, "visit:" + visit_id);
    tap(f, "not-possible");
    REQUIRE(f.screen() == Screen::Close);
    tap(f, "close-not-possible");  // no cause chosen
    // Causes the engine would refuse (a blocking precheck still open) are not offered; the screen says why.
    for (const char* kind : {"precheck_not_met", "equipment_does_not_fit", "network_fault", "other", "customer_absent"}) {
        if (f.gui.find(std::string("cause:") + kind)) tap(f, std::string("cause:") + kind);
    }
    REQUIRE(f.gui.find("cause:customer_absent"));
    tap(f, "close-not-possible");
    REQUIRE(f.model->visit().phase() == VisitPhase::Closed);
    tap(f, "hand-back");  // from the receipt to the summary
    tap(f, "done");
}

}  // namespace

TEST_CASE("a Dutch tablet walked through every screen and refusal draws no English catalogue text") {
    TabletFixture f(ImVec2(1280, 800), true, Lang::Nl);
    tap(f, "sync");
    tap(f, "sync-now");  // no depot: the tablet says so
    tap(f, "back");
    tap(f, "practice");
    tap(f, "template:fiber-modem-install-nl:3");  // practice: its banner over a Dutch visit
    tap(f, "back");

    open_visit_to_prechecks(f, f.visit_id(1));
    walk_prechecks_with_refusals(f);
    walk_steps_with_refusals(f);
    refuse_on_handover(f);
    confirm_all_handover(f);
    walk_customer_mode_with_refusals(f);
    tap(f, "done");

    close_not_possible(f, f.visit_id(2));
    tap(f, "visit:" + f.visit_id(3));  // the third attempt: escalation and history
    tap(f, "back");
    check_dutch(f);
}

TEST_CASE("a Dutch tablet without visits or PIN, setting its PIN, draws no English catalogue text") {
    TabletFixture f(ImVec2(800, 1280), false, Lang::Nl);
    tap(f, "set-pin");
    key_in(f, "4321", "pin");
    tap(f, "pin-ok");
    key_in(f, "4322", "pin");
    tap(f, "pin-ok");  // the two differ
    key_in(f, "4321", "pin");
    tap(f, "pin-ok");
    key_in(f, "4321", "pin");
    tap(f, "pin-ok");
    CHECK(f.screen() == Screen::Today);
    check_dutch(f);
}

TEST_CASE("the English check sees English: an English tablet fails it") {
    // Guards the guard: if the matcher or the hook broke, the Dutch walks would pass on anything.
    TabletFixture f;
    open_visit_to_prechecks(f, f.visit_id(1));
    tap(f, "begin-steps");
    CHECK_FALSE(english_on_screen(f.gui.seen_texts()).empty());
    const EnglishText step_of{"steps.step_of", pieces_of(lower("Step {n} of {count}."))};
    CHECK(contains_text("stap 1 van 9 \u00B7 step 2 of 9", step_of));
    CHECK_FALSE(contains_text("footstep 2 of 9s", step_of));
    const EnglishText bracket{"error.survey_incomplete.about", pieces_of(lower("Question \u201C{subject}\u201D has no answer yet."))};
    CHECK(contains_text(lower("Beantwoord alstublieft elke vraag (question \u201CAankomst\u201D has no answer yet)"), bracket));
}

}  // namespace fc::test
