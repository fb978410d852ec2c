// The tablet's small parts: signature PNGs, photo files, options, the string table, the day badge.
#include <stb/stb_image.h>

#include <algorithm>
#include <fstream>

#include <doctest/doctest.h>

#include "app/tablet/photo_file.h"
#include "app/tablet/signature_image.h"
#include "app/tablet/strings.h"
#include "app/tablet/tablet_options.h"
#include "tablet_fixture.h"

namespace fc::test {

TEST_CASE("a signature becomes a PNG that decodes to ink on white at the stored size") {
    const std::vector<SignatureStroke> strokes = {{{0.1f, 0.5f}, {0.5f, 0.2f}, {0.9f, 0.6f}}};
    REQUIRE(has_ink(strokes));
    const std::string png = signature_png(strokes);
    int w = 0, h = 0, n = 0;
    unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                                  static_cast<int>(png.size()), &w, &h, &n, 1);
    REQUIRE(pixels);
    CHECK(w == kSignatureWidthPx);
    CHECK(h == kSignatureHeightPx);
    int dark = 0;
    for (int i = 0; i < w * h; ++i) dark += pixels[i] < 128 ? 1 : 0;
    stbi_image_free(pixels);
    CHECK(dark > 500);          // a visible line
    CHECK(dark < w * h / 10);   // on a white page
}

TEST_CASE("a tap or an empty pad has no ink and is not a signature") {
    CHECK(!has_ink({}));
    CHECK(!has_ink({{{0.5f, 0.5f}}}));
    CHECK(!has_ink({{{0.5f, 0.5f}, {0.501f, 0.5f}}}));
}

TEST_CASE("photo files: JPEG and PNG are read with their type - other bytes, empty paths and missing files are refused") {
    TempDir dir;
    const auto png = write_test_photo(dir.path);
    auto ok = read_photo_file(png);
    REQUIRE(ok.ok());
    CHECK(ok->media_type == "image/png");
    CHECK(ok->width == 64);
    CHECK(ok->height == 48);

    std::ofstream(dir.path / "fake.png", std::ios::binary) << "\x89PNG\r\n\x1a\n garbage";
    auto damaged = read_photo_file(dir.path / "fake.png");
    REQUIRE(!damaged.ok());
    CHECK(damaged.error().message.find("fake.png") != std::string::npos);
    CHECK(!read_photo_file("").ok());
    CHECK(read_photo_file(dir.path / "missing.jpg").error().code == ErrorCode::photo_missing);

    auto listed = list_photo_files(dir.path);
    REQUIRE(listed.ok());
    CHECK(*listed == std::vector<std::string>{"fake.png", "modem.png"});
    CHECK(!list_photo_files(dir.path / "nope").ok());
}

TEST_CASE("the command line takes --data, --lang, --demo, --templates, --size and refuses anything else") {
    const char* good[] = {"fieldcheck", "--data", "/tmp/x", "--lang", "nl", "--demo", "--templates", "/t", "--size", "800x1280"};
    auto o = parse_tablet_options(10, good);
    REQUIRE(o.ok());
    CHECK(o->data_dir == "/tmp/x");
    CHECK(o->lang == Lang::Nl);
    CHECK(o->demo);
    CHECK(o->templates_dir == "/t");
    CHECK(o->width == 800);
    CHECK(o->height == 1280);

    const char* defaults[] = {"fieldcheck"};
    auto d = parse_tablet_options(1, defaults);
    REQUIRE(d.ok());
    CHECK(d->data_dir.empty());
    CHECK(!d->lang);
    CHECK(d->templates_dir == std::filesystem::path(FIELDCHECK_SOURCE_DIR "/templates"));

    const char* bad_lang[] = {"fieldcheck", "--lang", "de"};
    CHECK(parse_tablet_options(3, bad_lang).error().message.find("de") != std::string::npos);
    const char* bad_size[] = {"fieldcheck", "--size", "800by1280"};
    CHECK(!parse_tablet_options(3, bad_size).ok());
    const char* missing[] = {"fieldcheck", "--data"};
    CHECK(!parse_tablet_options(2, missing).ok());
    const char* unknown[] = {"fieldcheck", "--fullscreen"};
    CHECK(parse_tablet_options(2, unknown).error().message.find("--fullscreen") != std::string::npos);
}

TEST_CASE("the screens' words come from the catalogue in the tablet's language") {
    // Every key in both languages with the same placeholders: tests/catalogue/test_catalogue.cpp.
    const Strings en(Lang::En);
    const Strings nl(Lang::Nl);
    CHECK(en("steps.step_of", {{"n", "3"}, {"count", "9"}}) == "Step 3 of 9");
    CHECK(nl("steps.step_of", {{"n", "3"}, {"count", "9"}}) == "Stap 3 van 9");
    CHECK(nl.lookup("cause.network_fault") == "Storing in het netwerk");
    CHECK(nl.lookup("cause.no_such_kind") == "[[cause.no_such_kind]]");
}

TEST_CASE("a store failure is shown as 'not saved' - a rule's refusal is worded from its code, in the UI's language") {
    const Strings en(Lang::En);
    CHECK(error_text(make_error(ErrorCode::disk_full, "the disk is full"), en).rfind("Not saved: ", 0) == 0);
    CHECK(error_text(make_error(ErrorCode::required_step_unanswered, "step \"x\" is required"), en, "x") ==
          "\u201Cx\u201D is required: answer it before going on.");
    const Strings nl(Lang::Nl);
    CHECK(error_text(make_error(ErrorCode::disk_full, "the disk is full"), nl).rfind("Niet opgeslagen: ", 0) == 0);
    CHECK(error_text(make_error(ErrorCode::survey_incomplete, "question \"q\" has no answer yet"), nl) ==
          "Beantwoord alstublieft elke vraag.");
    CHECK(error_text(make_error(ErrorCode::survey_incomplete, "question \"q\" has no answer yet"), nl, "q") ==
          "Beantwoord alstublieft ook de vraag \u201Cq\u201D.");
}

TEST_CASE("the day badge is red for a blocking precheck before departure, amber when it can only be checked on arrival") {
    TabletFixture f;
    int red = 0;
    int amber = 0;
    for (const TodayRow& row : f.model->today()) {
        auto v = f.model->store().load_visit(row.summary.assignment.visit_id);
        REQUIRE(v.ok());
        const PrecheckBadge& badge = row.summary.badge;
        CHECK(badge == v->precheck_badge());
        bool departure_blocking_open = false;
        bool arrival_blocking_open = false;
        for (const Precheck& p : v->checklist().prechecks) {
            if (!p.blocking || v->precheck_answer(p.id)) continue;
            (p.moment == PrecheckMoment::BeforeDeparture ? departure_blocking_open : arrival_blocking_open) = true;
        }
        if (departure_blocking_open) {
            CHECK(badge.state == PrecheckBadge::State::NotYetConfirmed);
            ++red;
        } else if (arrival_blocking_open) {
            CHECK(badge.state == PrecheckBadge::State::CheckOnArrival);
            ++amber;
        }
    }
    // The demo day has both.
    CHECK(red == 1);
    CHECK(amber > 0);
}

TEST_CASE("the day's list shows the badge the store keeps, the engine's for the same visit, naming its precheck's title") {
    TabletFixture f;
    // The red visit moves on: its before-departure checks confirmed, the list shows what is left.
    const auto red = std::find_if(f.model->today().begin(), f.model->today().end(), [](const TodayRow& r) {
        return r.summary.badge.state == PrecheckBadge::State::NotYetConfirmed;
    });
    REQUIRE(red != f.model->today().end());
    const std::string moved = red->summary.assignment.visit_id;
    REQUIRE(f.model->open_visit(moved).ok());
    REQUIRE(f.model->start_visit().ok());
    for (const Precheck& p : f.model->visit().checklist().prechecks) {
        if (p.moment == PrecheckMoment::BeforeDeparture && !f.model->visit().precheck_answer(p.id)) {
            REQUIRE(f.model->record_precheck(p.id, true).ok());
        }
    }
    f.model->leave_visit();
    REQUIRE(f.model->refresh().ok());

    auto stored = f.model->store().list_visits();
    REQUIRE(stored.ok());
    REQUIRE(stored->size() == f.model->today().size());
    int named = 0;
    for (const TodayRow& row : f.model->today()) {
        const std::string& id = row.summary.assignment.visit_id;
        CAPTURE(id);
        const auto in_store = std::find_if(stored->begin(), stored->end(),
                                           [&](const VisitSummary& s) { return s.assignment.visit_id == id; });
        REQUIRE(in_store != stored->end());
        CHECK(row.summary.badge == in_store->badge);
        auto v = f.model->store().load_visit(id);
        REQUIRE(v.ok());
        CHECK(row.summary.badge == v->precheck_badge());
        if (row.summary.badge.precheck_id.empty()) {
            CHECK(row.badge_precheck.empty());
            continue;
        }
        const Precheck* p = v->checklist().find_precheck(row.summary.badge.precheck_id);
        REQUIRE(p);
        CHECK(row.badge_precheck == p->title);
        ++named;
    }
    CHECK(named > 0);
    const auto moved_row = std::find_if(f.model->today().begin(), f.model->today().end(),
                                        [&](const TodayRow& r) { return r.summary.assignment.visit_id == moved; });
    REQUIRE(moved_row != f.model->today().end());
    CHECK(moved_row->summary.badge.state != PrecheckBadge::State::NotYetConfirmed);
}

}  // namespace fc::test
