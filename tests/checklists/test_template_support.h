#pragma once
// Shared by the template tests: a small valid template, a way to break it in one place, and a
// lookup for a reported problem.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "checklists/template_parser.h"

namespace fc::test {

// Valid: one precheck, a check, a choice, a measure shown only for option "a", a photo, a
// handover item, a smiley per touchpoint (arrival first) and an optional comment second. Each test
// changes one thing.
inline const std::string kSampleTemplate = R"({
  "format": "fieldcheck-template/1",
  "id": "sample-job",
  "version": 1,
  "title": "Sample job",
  "language": "en",
  "prechecks": [
    {"id": "patch", "title": "Patch confirmed", "moment": "before_departure", "blocking": true}
  ],
  "steps": [
    {"id": "socket", "kind": "check", "title": "Socket free"},
    {"id": "router", "kind": "choice", "title": "Router type",
     "options": [{"id": "a", "label": "Type A"}, {"id": "b", "label": "Type B"}]},
    {"id": "power", "kind": "measure", "title": "Optical power", "unit": "dBm", "min": -27, "max": -8,
     "show_if": {"step": "router", "equals": ["a"]}},
    {"id": "photo", "kind": "photo", "title": "Photo of the modem"}
  ],
  "handover": [
    {"id": "laptop", "title": "Activation needs a wired laptop", "todo": "Activate with a laptop on a cable"}
  ],
  "survey": [
    {"id": "q-arrival", "kind": "smiley", "touchpoint": "arrival", "title": "How was the arrival?"},
    {"id": "q-comment", "kind": "comment", "title": "Anything else?"},
    {"id": "q-appointment", "kind": "smiley", "touchpoint": "appointment", "title": "How was making the appointment?"},
    {"id": "q-explanation", "kind": "smiley", "touchpoint": "explanation", "title": "How clear was the explanation?"},
    {"id": "q-result", "kind": "smiley", "touchpoint": "result", "title": "How happy are you with the result?"}
  ]
})";

// `text` with the single occurrence of `from` replaced by `to`; fails the test if `from` is not
// there exactly once (so a test cannot silently check the unbroken template).
inline std::string with(const std::string& text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "sample does not contain: " << from);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "sample contains more than once: " << from);
    std::string out = text;
    out.replace(at, from.size(), to);
    return out;
}

inline std::string sample_with(std::string_view from, std::string_view to) { return with(kSampleTemplate, from, to); }

inline std::string describe(const TemplateParseResult& r) {
    std::ostringstream out;
    for (const auto& p : r.problems) out << "  " << p.path << ": " << p.message << "\n";
    return out.str();
}

// True when a problem at exactly `path` has a message containing `words`.
inline bool reports(const TemplateParseResult& r, std::string_view path, std::string_view words) {
    for (const auto& p : r.problems) {
        if (p.path == path && p.message.find(words) != std::string::npos) return true;
    }
    return false;
}

#define CHECK_REPORTS(result, path, words)                                                                  \
    do {                                                                                                    \
        const auto& result_ = (result);                                                                     \
        CHECK_FALSE(result_.checklist.has_value());                                                         \
        CHECK_MESSAGE(fc::test::reports(result_, path, words),                                              \
                      "expected " << (path) << ": ..." << (words) << "...; got\n" << fc::test::describe(result_)); \
    } while (false)

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace fc::test
