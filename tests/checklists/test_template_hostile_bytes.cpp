// parse_template never crashes, hangs or accepts garbage, whatever the bytes (run under ASan/UBSan).
#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "test_template_support.h"

namespace {

// A result is coherent when it is either a template with no problems or problems and no template.
void check_coherent(const fc::TemplateParseResult& r) {
    CHECK(r.checklist.has_value() == r.problems.empty());
    for (const auto& p : r.problems) {
        CHECK(p.path.rfind("$", 0) == 0);
        CHECK_FALSE(p.message.empty());
    }
}

}  // namespace

TEST_CASE("random bytes give problems, never a crash") {
    std::mt19937 rng(20240601);
    for (int i = 0; i < 300; ++i) {
        std::string bytes(rng() % 2000, '\0');
        for (auto& c : bytes) c = static_cast<char>(rng());
        const auto r = fc::parse_template(bytes);
        check_coherent(r);
        if (!bytes.empty()) CHECK_FALSE(r.checklist.has_value());
    }
}

TEST_CASE("mutated templates give problems or a template, never a crash") {
    std::mt19937 rng(7);
    const std::string sample = fc::test::kSampleTemplate;
    const std::string alphabet = "{}[]\":,0123456789-+.eE \\u00\xC3\xA9ntrufalsNIy";
    for (int i = 0; i < 3000; ++i) {
        std::string bytes = sample;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = rng() % bytes.size();
            switch (rng() % 4) {
                case 0: bytes.erase(at, 1 + rng() % 8); break;
                case 1: bytes.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                case 2: bytes[at] = alphabet[rng() % alphabet.size()]; break;
                case 3: bytes.resize(at); break;
            }
        }
        check_coherent(fc::parse_template(bytes));
    }
}

TEST_CASE("every field holding every JSON type gives a coherent result, never a crash") {
    const std::vector<std::string> values = {"null", "true", "0", "-1", "1e308", "\"\"", "\" X\"", "[]", "{}",
                                             "[null]", "[{}]", "{\"a\": []}", "NaN", "-Infinity"};
    // None of these is a valid value for any field of the sample.
    const std::vector<std::string> never_valid = {"null", "[]", "{}", "[null]", "[{}]", "{\"a\": []}", "NaN", "-Infinity"};
    const std::vector<std::string> fields = {
        R"("sample-job")", R"("version": 1)", R"("Sample job")", R"("en")", R"("patch")", R"("before_departure")", "true",
        R"("check")", R"("Socket free")", R"([{"id": "a", "label": "Type A"}, {"id": "b", "label": "Type B"}])",
        R"("dBm")", "-27", "-8", R"({"step": "router", "equals": ["a"]})", R"(["a"])", R"("arrival")",
        R"("Activate with a laptop on a cable")"};
    for (const auto& field : fields) {
        for (const auto& value : values) {
            CAPTURE(field);
            CAPTURE(value);
            // Keys are kept (version), values replaced.
            const bool keyed = field.find(": ") != std::string::npos;
            const std::string replacement = keyed ? field.substr(0, field.find(": ") + 2) + value : value;
            const auto r = fc::parse_template(fc::test::sample_with(field, replacement));
            check_coherent(r);
            if (std::find(never_valid.begin(), never_valid.end(), value) != never_valid.end()) {
                CHECK_FALSE(r.problems.empty());
            }
        }
    }
}

TEST_CASE("numbers at the edges of what JSON can spell do not crash the parser") {
    const std::vector<std::string> numbers = {
        "1e-400", "-0", "0.0000000000000000000000000000001", std::string(5000, '9'), "1" + std::string(900, '0') + "e-900",
        "0." + std::string(3000, '0') + "1", "123456789012345678901234567890", "-9223372036854775809",
        "18446744073709551616", "1e-2147483649", "1e2147483648", "-", "1.", ".5", "01", "1e", "Inf", "-NaN", "Infinit"};
    for (const auto& n : numbers) {
        CAPTURE(n);
        check_coherent(fc::parse_template(fc::test::sample_with("\"min\": -27", "\"min\": " + n)));
    }
}

TEST_CASE("a large template with many items is read in well under a second") {
    std::string steps;
    for (int i = 0; i < 5000; ++i) {
        if (i > 0) steps += ",";
        steps += R"({"id": "s)" + std::to_string(i) + R"(", "kind": "check", "title": "Step", "show_if": {"step": "s)" +
                 std::to_string(i == 0 ? 1 : i - 1) + R"(", "equals": ["done"]}})";
    }
    const std::string bytes = R"({"format": "fieldcheck-template/1", "id": "big", "version": 1, "title": "Big",
        "language": "en", "prechecks": [], "steps": [)" + steps + R"(], "handover": [], "survey": [
        {"id": "q1", "kind": "smiley", "touchpoint": "appointment", "title": "Appointment"},
        {"id": "q2", "kind": "smiley", "touchpoint": "arrival", "title": "Arrival"},
        {"id": "q3", "kind": "smiley", "touchpoint": "explanation", "title": "Explanation"},
        {"id": "q4", "kind": "smiley", "touchpoint": "result", "title": "Result"}]})";
    const auto start = std::chrono::steady_clock::now();
    const auto r = fc::parse_template(bytes);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(r.problems.size() == 1);  // step s0 points at the later s1
    CHECK_REPORTS(r, "$.steps[0].show_if.step", "comes later");
    CHECK(elapsed < std::chrono::seconds(2));
}
