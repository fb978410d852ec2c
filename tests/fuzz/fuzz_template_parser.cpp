// Hostile bytes into the template parser (what `check-template` and the depot's `template import`
// read): no crash, no hang, no unbounded memory; every refusal names at least one problem, and a
// template it accepts reads back from its own canonical JSON unchanged (the store and the depot
// re-parse what they keep).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fc;
    const TemplateParseResult result = parse_template(fuzz::as_text(data, size));
    if (!result.checklist) {
        if (result.problems.empty()) fuzz::broken_promise("a refused template names no problem");
        return 0;
    }
    if (!result.problems.empty()) fuzz::broken_promise("a template was accepted together with problems");
    const std::string canonical = template_to_json(*result.checklist);
    const TemplateParseResult again = parse_template(canonical);
    if (!again.checklist) {
        fuzz::broken_promise("an accepted template's canonical JSON is refused:",
                             again.problems.empty() ? canonical : again.problems[0].path + " " + again.problems[0].message);
    }
    if (template_to_json(*again.checklist) != canonical) {
        fuzz::broken_promise("an accepted template changes when read back from its canonical JSON", canonical);
    }
    return 0;
}
