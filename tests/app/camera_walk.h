#pragma once
// What the camera tests share: walking the real screens to the first step of a kind, the step's first
// photo, and a copy of the shipped templates whose fiber visit asks for a serial of the test's own.
#include <filesystem>
#include <string>

#include "tests/app/tablet_fixture.h"

namespace fc::test {

// The step's first photo: a Photos list (record format 4) or the one Attachment of an older visit.
std::string first_photo(const Answer& a);

const Step& current_step_of(TabletFixture& f);

// Answers the steps before the first of `kind` through the screens (no camera yet, so a photo step
// on the way takes the file picker), then gives the app `camera`.
void walk_to_step(TabletFixture& f, StepKind kind, const CameraHooks& camera);

// The serial step the camera tests put first (templates_with_serial).
inline constexpr const char* kSerialStep = R"({"id": "box-serial", "kind": "serial", "title": "Serial of the modem"})";

// A copy of the shipped templates whose fiber visit asks for `serial_step_json` first (template
// format 3); `photos` ("" = as shipped, 1 to 4) replaces the modem photo step's counts, e.g.
// "\"photos_max\": 4, ".
std::filesystem::path templates_with_serial(const std::filesystem::path& dir, const std::string& serial_step_json,
                                            const std::string& photos = "");

}  // namespace fc::test
