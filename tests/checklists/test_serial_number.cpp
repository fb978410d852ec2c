// Serial numbers: the pattern, the length bound, the check digits and the refusal of what a scanner
// may add, as the step screen, the visit engine and the depot's replay all check them.
#include <doctest/doctest.h>

#include <string>

#include "checklists/serial_number.h"
#include "tests/checklists/visit_fixtures.h"

namespace fc {
namespace {

using test::code_of;

Step serial_step(std::string pattern = {}, SerialCheck check = SerialCheck::None) {
    Step s = test::make_step("ont_serial", StepKind::Serial, "ONT serial number");
    s.pattern = std::move(pattern);
    s.check = check;
    if (auto compiled = compile_serial_pattern(s.pattern)) s.compiled_pattern = *compiled;
    return s;
}

TEST_CASE("GS1 mod-10 accepts real EAN-13, UPC-A and ISBN-13 codes and refuses a wrong last digit") {
    CHECK(gs1_valid("4006381333931"));  // EAN-13 on a Stabilo pen
    CHECK(gs1_valid("5901234123457"));  // GS1's own EAN-13 example
    CHECK(gs1_valid("9780306406157"));  // ISBN-13
    CHECK(gs1_valid("036000291452"));   // UPC-A
    CHECK(gs1_valid("96385074"));       // EAN-8
    CHECK_FALSE(gs1_valid("4006381333932"));
    CHECK_FALSE(gs1_valid("5901234123450"));
    CHECK_FALSE(gs1_valid("9780306406156"));
    CHECK_FALSE(gs1_valid("4006381333A31"));  // digits only
    CHECK_FALSE(gs1_valid(""));
}

TEST_CASE("Luhn accepts ISO/IEC 7812 numbers and refuses a wrong or swapped digit") {
    CHECK(luhn_valid("79927398713"));
    CHECK(luhn_valid("4111111111111111"));
    CHECK(luhn_valid("490154203237518"));  // an IMEI
    CHECK_FALSE(luhn_valid("79927398710"));
    CHECK_FALSE(luhn_valid("79927398731"));   // two digits swapped
    CHECK_FALSE(luhn_valid("4006381333931"));  // right for GS1, wrong for Luhn: the weights differ
    CHECK_FALSE(luhn_valid("7992-7398713"));
    CHECK_FALSE(luhn_valid("0"));
}

TEST_CASE("a serial step checks its answer against the step's check digit") {
    CHECK(code_of(check_serial(serial_step({}, SerialCheck::Gs1), "4006381333931")) == std::nullopt);
    CHECK(code_of(check_serial(serial_step({}, SerialCheck::Gs1), "4006381333932")) == ErrorCode::serial_check_failed);
    CHECK(code_of(check_serial(serial_step({}, SerialCheck::Luhn), "79927398713")) == std::nullopt);
    CHECK(code_of(check_serial(serial_step({}, SerialCheck::Luhn), "79927398710")) == ErrorCode::serial_check_failed);
    CHECK(code_of(check_serial(serial_step(), "79927398710")) == std::nullopt);
}

TEST_CASE("the pattern must match the whole serial: a partial match is refused") {
    const Step s = serial_step("ALCL[0-9A-F]{8}");
    CHECK(code_of(check_serial(s, "ALCLB2C3D4E5")) == std::nullopt);
    CHECK(code_of(check_serial(s, "ALCLB2C3D4E5FF")) == ErrorCode::serial_pattern_mismatch);  // a prefix matches
    CHECK(code_of(check_serial(s, "xALCLB2C3D4E5")) == ErrorCode::serial_pattern_mismatch);   // a suffix matches
    CHECK(code_of(check_serial(s, "ALCLB2C3")) == ErrorCode::serial_pattern_mismatch);
}

TEST_CASE("the pattern is checked before the check digit, and both refusals name the step") {
    const Step s = serial_step("[0-9]{13}", SerialCheck::Gs1);
    const Status wrong_form = check_serial(s, "400638133393");
    REQUIRE_FALSE(wrong_form.ok());
    CHECK(wrong_form.error().code == ErrorCode::serial_pattern_mismatch);
    CHECK(wrong_form.error().param("subject") == "ONT serial number");
    const Status wrong_digit = check_serial(s, "4006381333932");
    REQUIRE_FALSE(wrong_digit.ok());
    CHECK(wrong_digit.error().code == ErrorCode::serial_check_failed);
    CHECK(wrong_digit.error().param("subject") == "ONT serial number");
}

TEST_CASE("a serial longer than 64 bytes is refused before any matching") {
    const Step s = serial_step(".*");
    CHECK(code_of(check_serial(s, std::string(kMaxSerialBytes, 'A'))) == std::nullopt);
    const Status long_one = check_serial(s, std::string(kMaxSerialBytes + 1, 'A'));
    REQUIRE_FALSE(long_one.ok());
    CHECK(long_one.error().code == ErrorCode::serial_too_long);
    CHECK(long_one.error().param("subject") == "ONT serial number");
    // Even a pattern the value would fail says "too long" first: the length is what the screen must show.
    CHECK(code_of(check_serial(serial_step("B"), std::string(kMaxSerialBytes + 1, 'A'))) == ErrorCode::serial_too_long);
}

TEST_CASE("a pathological pattern matches 64 characters without backtracking for ever") {
    // With libstdc++'s backtracking matcher, (a*)*b on 12 characters already takes seconds, on 64
    // longer than the universe: completing at all is the assertion.
    for (const char* pattern : {"(a*)*b", "(a|aa)*b", "((a+)+)+b", "(.*)*x"}) {
        CAPTURE(pattern);
        CHECK(code_of(check_serial(serial_step(pattern), std::string(kMaxSerialBytes, 'a'))) ==
              ErrorCode::serial_pattern_mismatch);
    }
    CHECK(code_of(check_serial(serial_step("(a*)*b"), std::string(63, 'a') + "b")) == std::nullopt);
}

TEST_CASE("a blank serial, or one with spaces, a line break or a control character around or in it, is refused") {
    const Step s = serial_step();
    CHECK(code_of(check_serial(s, "")) == ErrorCode::empty_text);
    CHECK(code_of(check_serial(s, "  \n")) == ErrorCode::empty_text);
    CHECK(code_of(check_serial(s, "4006381333931\n")) == ErrorCode::invalid_answer);
    CHECK(code_of(check_serial(s, " 4006381333931")) == ErrorCode::invalid_answer);
    CHECK(code_of(check_serial(s, "40063\x1D" "81333931")) == ErrorCode::invalid_answer);  // GS1's group separator
    CHECK(code_of(check_serial(s, "SN 4471-0098")) == std::nullopt);  // a space inside is part of it
}

TEST_CASE("trim_serial takes off what a scanner or a keyboard adds around a serial, and nothing inside") {
    CHECK(trim_serial("4006381333931\r\n") == "4006381333931");
    CHECK(trim_serial("\t SN 4471-0098 ") == "SN 4471-0098");
    CHECK(trim_serial(" \n ").empty());
}

TEST_CASE("a pattern that is too long, does not compile, repeats past 64 or refers back is refused as invalid_pattern") {
    CHECK(compile_serial_pattern(std::string(kMaxSerialPatternBytes, 'a')).ok());
    for (const std::string& bad : {std::string(kMaxSerialPatternBytes + 1, 'a'), std::string("[0-9"),
                                   std::string("(ab"), std::string("a{2,1}"), std::string("*a"),
                                   std::string("a{65}"), std::string("(a{8}){1,100}"), std::string("(a)\\1")}) {
        CAPTURE(bad);
        const auto compiled = compile_serial_pattern(bad);
        REQUIRE_FALSE(compiled.ok());
        CHECK(compiled.error().code == ErrorCode::invalid_pattern);
    }
    CHECK(compile_serial_pattern("SN,100 \\{999\\}").ok());  // a comma or an escaped brace is no repetition
}

TEST_CASE("a Step built in code without a compiled pattern is checked the same way") {
    Step s = test::make_step("meter", StepKind::Serial, "Meter number");
    s.pattern = "[0-9]{13}";
    s.check = SerialCheck::Gs1;
    CHECK(code_of(check_serial(s, "5901234123457")) == std::nullopt);
    CHECK(code_of(check_serial(s, "590123412345")) == ErrorCode::serial_pattern_mismatch);
    s.pattern = "[0-9";
    CHECK(code_of(check_serial(s, "5901234123457")) == ErrorCode::invalid_pattern);
}

}  // namespace
}  // namespace fc
