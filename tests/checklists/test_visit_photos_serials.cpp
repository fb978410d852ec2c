// Record format 4: a photo step's answer lists its photos (photos_min..photos_max distinct SHA-256),
// a serial step's answer is checked against the step; older records keep one Attachment per photo
// step, and a format-3 template is walked only under record format 4.
#include <doctest/doctest.h>

#include "tests/checklists/visit_fixtures.h"

namespace fc {
namespace {

using test::code_of;
using test::kPhotoHash;
using test::make_step;
using test::Walk;

// The fiber job in template format 3: the type-plate photo takes 1 to 4 photos and is always shown,
// and two serial steps follow it (ONT: a pattern; meter: GS1).
std::shared_ptr<const ChecklistTemplate> fiber_template_format3() {
    auto t = std::make_shared<ChecklistTemplate>(*test::fiber_template_format2());
    t->format = 3;
    t->version = 5;
    for (Step& s : t->steps) {
        if (s.id != "other_photo") continue;
        s.show_if.reset();
        s.photos_min = 2;
        s.photos_max = 4;
    }
    Step ont = make_step("ont_serial", StepKind::Serial, "ONT serial number");
    ont.pattern = "ALCL[0-9A-F]{8}";
    Step meter = make_step("meter", StepKind::Serial, "Meter EAN");
    meter.check = SerialCheck::Gs1;
    t->steps.push_back(ont);
    t->steps.push_back(meter);
    return t;
}

std::string photo(int n) { return sha256_hex("photo " + std::to_string(n)); }

// At the photo step of the format-3 fiber job.
void walk_to_photo(Walk& w) {
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-18.5), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("model", Answer::choice("nokia"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    REQUIRE(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "other_photo");
}

TEST_CASE("a format-4 photo step takes photos_min to photos_max distinct photos, each refusal naming the step") {
    Walk w(fiber_template_format3());
    walk_to_photo(w);
    const Expected<Decision> one = w.visit.answer_step("other_photo", Answer::photos({photo(1)}), w.tick());
    REQUIRE_FALSE(one.ok());
    CHECK(one.error().code == ErrorCode::photos_too_few);
    CHECK(one.error().param("subject") == "Photo of the type plate");
    const Expected<Decision> five =
        w.visit.answer_step("other_photo", Answer::photos({photo(1), photo(2), photo(3), photo(4), photo(5)}), w.tick());
    REQUIRE_FALSE(five.ok());
    CHECK(five.error().code == ErrorCode::photos_too_many);
    CHECK(five.error().param("subject") == "Photo of the type plate");
    CHECK(code_of(w.visit.answer_step("other_photo", Answer::photos({photo(1), photo(1)}), w.tick())) ==
          ErrorCode::invalid_answer);
    CHECK(code_of(w.visit.answer_step("other_photo", Answer::photos({photo(1), "not-a-hash"}), w.tick())) ==
          ErrorCode::not_a_hash);
    CHECK(code_of(w.visit.answer_step("other_photo", Answer::attachment(photo(1)), w.tick())) ==
          ErrorCode::wrong_answer_kind);
    Answer with_text = Answer::photos({photo(1), photo(2)});
    with_text.text = "x";
    CHECK(code_of(w.visit.answer_step("other_photo", with_text, w.tick())) == ErrorCode::invalid_answer);
    w.take(w.visit.answer_step("other_photo", Answer::photos({photo(3), photo(1), photo(2), photo(4)}), w.tick()));
    CHECK(w.visit.step_answer("other_photo") == Answer::photos({photo(3), photo(1), photo(2), photo(4)}));
}

TEST_CASE("hashes belong to a photos answer only") {
    Walk w(fiber_template_format3());
    w.to_steps();
    Answer confirmed = Answer::confirmed();
    confirmed.hashes = {photo(1)};
    CHECK(code_of(w.visit.answer_step("safety", confirmed, w.tick())) == ErrorCode::invalid_answer);
}

TEST_CASE("every photo of a photos answer is an attachment the visit needs, in the order taken") {
    Walk w(fiber_template_format3());
    walk_to_photo(w);
    w.take(w.visit.answer_step("other_photo", Answer::photos({photo(3), photo(1), photo(2)}), w.tick()));
    CHECK(w.visit.attachment_hashes() == std::vector<std::string>{photo(3), photo(1), photo(2)});
}

TEST_CASE("a format-4 serial step takes a serial that matches its pattern and check digit") {
    Walk w(fiber_template_format3());
    walk_to_photo(w);
    w.take(w.visit.answer_step("other_photo", Answer::photos({photo(1), photo(2)}), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.go_next(w.tick()));  // remarks: optional
    REQUIRE(w.visit.checklist().steps[static_cast<std::size_t>(w.visit.current_step())].id == "ont_serial");
    CHECK(code_of(w.visit.answer_step("ont_serial", Answer::serial("ALCLB2C3D4E5FF"), w.tick())) ==
          ErrorCode::serial_pattern_mismatch);
    CHECK(code_of(w.visit.answer_step("ont_serial", Answer::serial(std::string(65, 'A')), w.tick())) ==
          ErrorCode::serial_too_long);
    CHECK(code_of(w.visit.answer_step("ont_serial", Answer::serial(""), w.tick())) == ErrorCode::empty_text);
    CHECK(code_of(w.visit.answer_step("ont_serial", Answer::text_value("ALCLB2C3D4E5"), w.tick())) ==
          ErrorCode::wrong_answer_kind);
    const Expected<Decision> mismatch = w.visit.answer_step("ont_serial", Answer::serial("ALCL-1"), w.tick());
    REQUIRE_FALSE(mismatch.ok());
    CHECK(mismatch.error().param("subject") == "ONT serial number");
    w.take(w.visit.answer_step("ont_serial", Answer::serial("ALCLB2C3D4E5"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(code_of(w.visit.answer_step("meter", Answer::serial("5901234123450"), w.tick())) == ErrorCode::serial_check_failed);
    w.take(w.visit.answer_step("meter", Answer::serial("5901234123457"), w.tick()));
    CHECK(w.visit.step_answer("meter") == Answer::serial("5901234123457"));
}

TEST_CASE("a format-3 photo step keeps its one Attachment answer, and refuses a photos list") {
    Walk w(test::fiber_template_format2(), 3);
    w.to_steps();
    w.take(w.visit.answer_step("safety", Answer::confirmed(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("connected", Answer::done(), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("power", Answer::measured(-18.5), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("model", Answer::choice("other"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("other_model", Answer::text_value("Fritz!Box"), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    CHECK(code_of(w.visit.answer_step("other_photo", Answer::photos({kPhotoHash}), w.tick())) == ErrorCode::wrong_answer_kind);
    w.take(w.visit.answer_step("other_photo", Answer::attachment(kPhotoHash), w.tick()));
    CHECK(w.visit.attachment_hashes() == std::vector<std::string>{kPhotoHash});
}

TEST_CASE("a format-3 template cannot be walked under an older record format") {
    for (int format : {1, 2, 3}) {
        CAPTURE(format);
        Walk w(fiber_template_format3(), format);
        const Expected<Decision> opened = w.visit.open(w.tick());
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::template_mismatch);
        CHECK(opened.error().message.find("record format 4") != std::string::npos);
    }
    Walk w(fiber_template_format3(), 4);
    w.take(w.visit.open(w.tick()));
}

TEST_CASE("a format-4 record with photos and serials replays to the same seal, a forged serial is refused") {
    Walk w(fiber_template_format3(), 4);
    walk_to_photo(w);
    w.take(w.visit.answer_step("other_photo", Answer::photos({photo(1), photo(2), photo(3)}), w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.go_next(w.tick()));
    w.take(w.visit.answer_step("ont_serial", Answer::serial("ALCLB2C3D4E5"), w.tick()));
    const std::string record = encode_visit_record(w.visit);
    CHECK(record.find(R"("format":4)") != std::string::npos);
    auto decoded = decode_visit_record(record);
    REQUIRE(decoded.ok());
    auto replayed = replay_visit(*decoded, fiber_template_format3());
    REQUIRE(replayed.ok());
    CHECK(replayed->seal() == w.visit.seal());

    // The same record with the serial changed (and no seal to betray it) is refused by the rules.
    std::string forged = record;
    const auto at = forged.find("ALCLB2C3D4E5");
    REQUIRE(at != std::string::npos);
    forged.replace(at, 12, "ALCLB2C3D4E5FF");
    auto forged_record = decode_visit_record(forged);
    REQUIRE(forged_record.ok());
    forged_record->seal.clear();
    auto refused = replay_visit(*forged_record, fiber_template_format3());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::serial_pattern_mismatch);
}

}  // namespace
}  // namespace fc
