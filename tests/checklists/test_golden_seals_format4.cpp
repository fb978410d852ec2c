// What the golden format-4 records pin about format 4 itself: a photo step's answer is the list of its
// photos, all of them attachments the visit uploads; serial steps hold the scanned value; no older
// format may hold either. Their bytes, seals, replay and tamper checks are test_golden_seals.cpp's.
#include <doctest/doctest.h>

#include <string>

#include "golden_walks_format4.h"

using namespace fc;
using namespace fc::golden;

namespace {

Visit replay_format4(const std::string& name) {
    for (const GoldenWalk& w : golden_walks_format4()) {
        if (w.name != name) continue;
        const auto record = decode_visit_record(*read_bytes(record_path(w.name, kFormat4)));
        REQUIRE(record.ok());
        return replay_visit(*record, *load_template(golden_template_path(w.template_id, kFormat4))).value();
    }
    FAIL("no golden walk " << name);
    return Visit(Assignment{}, nullptr);
}

std::string stored_record(const std::string& name) { return *read_bytes(record_path(name, kFormat4)); }

}  // namespace

TEST_CASE("golden format-4 records: three photos on one step, every one an attachment in the order taken") {
    const Visit v = replay_format4("fiber_three_photos");
    CHECK(v.format() == 4);
    const auto photos = v.step_answer("modem-photo");
    REQUIRE(photos.has_value());
    CHECK(photos->kind == Answer::Kind::Photos);
    const std::string id = v.assignment().visit_id;
    const std::vector<std::string> expected{attachment_hash(id + " modem photo 1"), attachment_hash(id + " modem photo 2"),
                                            attachment_hash(id + " fiber box close-up")};
    CHECK(photos->hashes == expected);
    CHECK(v.attachment_hashes() ==
          std::vector<std::string>{expected[0], expected[1], expected[2], attachment_hash(id + " customer signature")});
    CHECK(v.step_answer("modem-serial") == Answer::serial("ZTEG-C8A31122"));
}

TEST_CASE("golden format-4 records: the DSL modem's EAN-13 passes its GS1 check and two photos are listed") {
    const Visit v = replay_format4("dsl_gs1_two_photos_nl");
    CHECK(v.step_answer("modem-article") == Answer::serial("8712345678906"));
    CHECK(v.step_answer("socket-photo")->hashes.size() == 2);
    CHECK(v.attachment_hashes().size() == 3);
}

TEST_CASE("golden format-4 records: the same events under format 3 are refused, the template needs format 4") {
    for (const char* name : {"fiber_three_photos", "dsl_gs1_two_photos_nl"}) {
        CAPTURE(name);
        const Visit v = replay_format4(name);
        Visit older(v.assignment(), v.checklist_ptr(), 3);
        CHECK(older.apply(v.events()).error().code == ErrorCode::template_mismatch);
    }
}

TEST_CASE("golden format-4 records: a forged serial or photo list is refused by the rules, not only by the seal") {
    const GoldenWalk& fiber = golden_walks_format4().front();
    const auto t = *load_template(golden_template_path(fiber.template_id, kFormat4));
    const auto replay_forged = [&](std::string bytes, const std::string& from, const std::string& to) {
        const auto at = bytes.find(from);
        REQUIRE(at != std::string::npos);
        bytes.replace(at, from.size(), to);
        auto record = decode_visit_record(bytes);
        REQUIRE(record.ok());
        record->seal.clear();  // as if forged with the seal recomputed: only the rules can refuse it
        return replay_visit(*record, t);
    };
    const std::string record = stored_record(fiber.name);
    CHECK(replay_forged(record, "ZTEG-C8A31122", "ZTEG-C8A3112").error().code == ErrorCode::serial_pattern_mismatch);
    const std::string id = "V-20240311-41";
    const std::string first = attachment_hash(id + " modem photo 1");
    // Inside the event the answer is a JSON string, so its quotes are escaped.
    const std::string sep = "\\\",\\\"";
    const std::string many = first + sep + std::string(64, '1') + sep + std::string(64, '2') + sep +
                             std::string(64, '3') + sep + std::string(64, '4');
    CHECK(replay_forged(record, first, many).error().code == ErrorCode::photos_too_many);
    const auto dsl = stored_record("dsl_gs1_two_photos_nl");
    const auto dsl_t = *load_template(golden_template_path("dsl-alarm-line-nl", kFormat4));
    auto forged = dsl;
    forged.replace(forged.find("8712345678906"), 13, "8712345678907");
    auto forged_record = decode_visit_record(forged);
    REQUIRE(forged_record.ok());
    forged_record->seal.clear();
    CHECK(replay_visit(*forged_record, dsl_t).error().code == ErrorCode::serial_check_failed);
}
