// What export shows of a visit's own answers: its serials and its photo count, read from the sealed
// events (a later answer replaces an earlier one), and nothing it cannot know for older records.
#include <doctest/doctest.h>

#include "sync/depot/depot_export.h"
#include "sync/depot/depot_export_answers.h"
#include "tests/checklists/golden_walks_format4.h"

using namespace fc;

namespace {

std::string golden_record(const std::string& name, int format) {
    const auto bytes = golden::read_bytes(golden::record_path(name, format));
    REQUIRE(bytes.has_value());
    return *bytes;
}

}  // namespace

TEST_CASE("export reads a format-4 visit's serials and counts the photos of its latest photo list") {
    // The fiber walk answered its photo step twice (2 photos, then 3): the later list counts.
    const ExportedAnswers fiber = exported_answers(golden_record("fiber_three_photos", 4));
    CHECK(fiber.serials == std::vector<std::pair<std::string, std::string>>{{"modem-serial", "ZTEG-C8A31122"}});
    CHECK(fiber.photos == 3);
    CHECK(serials_cell(fiber) == "modem-serial=ZTEG-C8A31122");
    const ExportedAnswers dsl = exported_answers(golden_record("dsl_gs1_two_photos_nl", 4));
    CHECK(serials_cell(dsl) == "modem-article=8712345678906");
    CHECK(dsl.photos == 2);
}

TEST_CASE("export leaves serials and photos empty for a record before format 4, and for an unreadable one") {
    const ExportedAnswers old = exported_answers(golden_record("fiber_survey_on_phone", 3));
    CHECK(old.serials.empty());
    CHECK_FALSE(old.photos.has_value());
    ReceivedVisit v;
    v.visit_id = "v-1";
    v.record = golden_record("fiber_survey_on_phone", 3);
    CHECK(export_visits_json({v}).find(R"("photos":null,)") != std::string::npos);
    CHECK(export_visits_json({v}).find(R"("serials":{},)") != std::string::npos);
    CHECK(exported_answers("not a record").serials.empty());
}
