// Answers, failure causes and the PIN, and the canonical JSON they are written in.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "checklists/answer.h"
#include "checklists/canonical_json.h"
#include "checklists/failure_cause.h"
#include "checklists/technician_pin.h"

using namespace fc;

TEST_CASE("an encoded answer decodes to the same answer, numbers exactly") {
    const Answer samples[] = {
        Answer::met(), Answer::not_met("operator: next week"), Answer::confirmed(), Answer::done(),
        Answer::not_applicable("al aangesloten"), Answer::measured(-18.5), Answer::measured(0.1, "note"),
        Answer::measured(-1e-300), Answer::measured(1.7976931348623157e308), Answer::choice("nokia"),
        Answer::text_value("caf\xC3\xA9 \"quoted\" \\ back\nslash\t\x01"), Answer::attachment(std::string(64, 'a')),
        Answer::score(5),
    };
    for (const Answer& a : samples) {
        const std::string json = encode_answer(a);
        CAPTURE(json);
        const auto back = decode_answer(json);
        REQUIRE(back.ok());
        CHECK(back.value() == a);
        CHECK(encode_answer(back.value()) == json);
    }
    std::mt19937_64 rng(42);
    for (int i = 0; i < 2000; ++i) {
        const std::uint64_t bits = rng();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (!std::isfinite(d)) continue;
        const auto back = decode_answer(encode_answer(Answer::measured(d)));
        REQUIRE(back.ok());
        CHECK(back->number == d);
    }
}

TEST_CASE("an answer is written as canonical JSON: sorted keys, integers without a fraction") {
    CHECK(encode_answer(Answer::score(4)) == R"({"kind":"score","number":4,"text":""})");
    CHECK(encode_answer(Answer::measured(-18.5, "n")) == R"({"kind":"number","number":-18.5,"text":"n"})");
    Answer negative_zero = Answer::measured(-0.0);
    CHECK(encode_answer(negative_zero) == encode_answer(Answer::measured(0.0)));
}

TEST_CASE("a malformed answer is refused with a message, never a crash") {
    const char* bad[] = {"", "{", "[]", "null", R"({"kind":5})", R"({"kind":"score","number":"4"})",
                         R"({"kind":"maybe"})", R"({"kind":"met","extra":1})", R"({"kind":"met","kind":"met"})",
                         R"({"kind":"met","number":1e999})", "{\"kind\":\"text\",\"text\":\"\xC3\x28\"}",
                         R"({"kind":"met"} trailing)", R"({"kind":{"nested":[1]}})"};
    for (const char* b : bad) {
        CAPTURE(b);
        const auto r = decode_answer(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::malformed);
        CHECK_FALSE(r.error().message.empty());
    }
}

TEST_CASE("every answer kind and failure cause kind has a stable name that reads back") {
    for (int k = 0; k <= static_cast<int>(Answer::Kind::Score); ++k) {
        const auto kind = static_cast<Answer::Kind>(k);
        CHECK(answer_kind_from_string(to_string(kind)) == kind);
    }
    CHECK_FALSE(answer_kind_from_string("unanswered"));
    for (int k = 0; k <= static_cast<int>(FailureCause::Kind::Other); ++k) {
        const auto kind = static_cast<FailureCause::Kind>(k);
        CHECK(failure_kind_from_string(to_string(kind)) == kind);
    }
    const FailureCause c{FailureCause::Kind::PrecheckNotMet, "patch", "operator late"};
    const auto back = decode_failure_cause(encode_failure_cause(c));
    REQUIRE(back.ok());
    CHECK(back.value() == c);
    CHECK_FALSE(decode_failure_cause(R"({"kind":"bad_weather","precheck_id":"","text":""})").ok());
}

TEST_CASE("a technician PIN is 4 to 8 digits, stored salted and hashed, compared exactly") {
    const std::string salt = "0011223344556677";
    CHECK_FALSE(TechnicianPin::create("123", salt).ok());
    CHECK_FALSE(TechnicianPin::create("123456789", salt).ok());
    CHECK_FALSE(TechnicianPin::create("12a4", salt).ok());
    CHECK_FALSE(TechnicianPin::create("1234", "").ok());
    CHECK_FALSE(TechnicianPin::create("1234", "XYZ").ok());
    const auto pin = TechnicianPin::create("0042", salt);
    REQUIRE(pin.ok());
    CHECK(pin->hash_hex.size() == 64);
    CHECK(pin->hash_hex.find("0042") == std::string::npos);
    CHECK(pin->matches("0042"));
    CHECK_FALSE(pin->matches("42"));
    CHECK_FALSE(pin->matches("0043"));
    CHECK_FALSE(pin->matches("00420"));
    CHECK_FALSE(pin->matches(""));
    const auto other_salt = TechnicianPin::create("0042", "8899aabbccddeeff");
    CHECK(other_salt->hash_hex != pin->hash_hex);
    CHECK(TechnicianPin::create("12345678", salt).ok());
}

TEST_CASE("canonical JSON sorts keys, drops whitespace and escapes only what it must") {
    CanonicalJson j = CanonicalJson::object();
    j.set("b", 1).set("a", CanonicalJson::array().push(true).push(nullptr).push(2.5).push("x"));
    j.set("\xC3\xA9", "caf\xC3\xA9").set("ctl", std::string("\"\\\n\x1f/", 5)).set("b", std::int64_t{-9'000'000'000});
    CHECK(j.dump() == "{\"a\":[true,null,2.5,\"x\"],\"b\":-9000000000,\"ctl\":\"\\\"\\\\\\n\\u001f/\",\"\xC3\xA9\":\"caf\xC3\xA9\"}");
    CHECK(CanonicalJson(std::numeric_limits<double>::quiet_NaN()).dump() == "null");
    CHECK(CanonicalJson(1e21).dump() == "1e+21");
    for (const std::string& text : {std::string(), std::string("plain"), std::string("\"\\\b\f\n\r\t\x01\x1f\x7f\xC3\xA9", 12)}) {
        std::string out;
        write_json_string(out, text);
        CHECK(json_string_size(text) == out.size());
    }

    // Re-serialising a parsed document gives the canonical form whatever the input's order and spacing.
    const auto doc = parse_bounded_json(R"( { "z" : [ 1 , 2.0 , -0.5 ], "a" : { "y" : "\u00e9", "x" : false } } )", 1024, 8);
    REQUIRE(doc.ok());
    CHECK(canonical_json(*doc) == "{\"a\":{\"x\":false,\"y\":\"\xC3\xA9\"},\"z\":[1,2,-0.5]}");
}

TEST_CASE("bounded JSON parsing refuses oversize, non-UTF-8, too deep and malformed input with an offset") {
    CHECK(parse_bounded_json(std::string(100, ' '), 10, 8).error().code == ErrorCode::too_large);
    CHECK(parse_bounded_json("\"\xFF\"", 100, 8).error().code == ErrorCode::not_utf8);
    CHECK(parse_bounded_json(std::string(50, '['), 100, 8).error().code == ErrorCode::too_deep);
    const auto bad = parse_bounded_json("{\"a\":tru}", 100, 8);
    CHECK(bad.error().code == ErrorCode::malformed);
    CHECK(bad.error().message.find("offset") != std::string::npos);
    CHECK(parse_bounded_json("", 100, 8).error().code == ErrorCode::malformed);
    CHECK(parse_bounded_json(std::string_view("{}\0junk", 7), 100, 8).error().code == ErrorCode::malformed);
    CHECK(parse_bounded_json("[NaN]", 100, 8).error().code == ErrorCode::malformed);
    CHECK(parse_bounded_json("[-Infinity]", 100, 8).error().code == ErrorCode::malformed);
    CHECK(parse_bounded_json("[1e400]", 100, 8).error().code == ErrorCode::malformed);
    // A fraction with hundreds of leading zeros crashes RapidJSON's full-precision mode; not here.
    const auto tiny = parse_bounded_json("[0." + std::string(2000, '0') + "1]", 4096, 8);
    REQUIRE(tiny.ok());
    CHECK((*tiny)[0].GetDouble() == 0.0);
    CHECK(is_valid_utf8("caf\xC3\xA9"));
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
}
