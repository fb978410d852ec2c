// The phone survey's code: the HMAC of the visit id under the device's survey key, 22 URL-safe
// characters, different per visit and per key, and checked in constant time.
#include <doctest/doctest.h>

#include "sync/wire/signing_key.h"
#include "sync/wire/survey_code.h"

using namespace fc;

TEST_CASE("survey code: 16 bytes of HMAC-SHA-256 over the tagged visit id, base64url without padding") {
    const std::string key(32, '\x0b');
    const std::string code = survey_code(key, "V-1");
    CHECK(code.size() == 22);
    CHECK(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    // The same bytes as the definition in docs/sync-api.md, computed with the plain HMAC.
    std::string expected = base64_encode(hmac_sha256_bytes(key, "fieldcheck-survey/1\nV-1").substr(0, 16));
    expected.resize(22);
    for (char& c : expected) c = c == '+' ? '-' : c == '/' ? '_' : c;
    CHECK(code == expected);
}

TEST_CASE("survey code: another visit or another key gives another code, and only the right one matches") {
    const std::string key = new_survey_key();
    CHECK(key.size() == kSurveyKeyBytes);
    CHECK(survey_code(key, "V-1") != survey_code(key, "V-2"));
    CHECK(survey_code(key, "V-1") != survey_code(new_survey_key(), "V-1"));
    CHECK(survey_code_matches(key, "V-1", survey_code(key, "V-1")));
    CHECK_FALSE(survey_code_matches(key, "V-2", survey_code(key, "V-1")));
    CHECK_FALSE(survey_code_matches(key, "V-1", survey_code(key, "V-1").substr(0, 21)));
    CHECK_FALSE(survey_code_matches(key, "V-1", ""));
}

TEST_CASE("survey key: exactly 32 bytes in base64, anything else is bad_key") {
    CHECK(survey_key_from_base64(base64_encode(std::string(32, 'k'))).value() == std::string(32, 'k'));
    CHECK(survey_key_from_base64(base64_encode(std::string(31, 'k'))).error().code == ErrorCode::bad_key);
    CHECK(survey_key_from_base64("not base64!").error().code == ErrorCode::bad_key);
}
