#pragma once
// Template parsing: bytes of a template file in, a ChecklistTemplate or every problem found out.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checklist_template.h"
#include "error_code.h"
#include "expected.h"

namespace fc {

// TemplateProblem: one thing wrong with a template file, located by JSON path ("$.steps[3].show_if").
struct TemplateProblem {
    std::string path;
    std::string message;
    // invalid_pattern for a serial pattern that is too long or does not compile; invalid_template else.
    ErrorCode code = ErrorCode::invalid_template;
};

struct TemplateParseResult {
    std::optional<ChecklistTemplate> checklist;  // set only when problems is empty
    std::vector<TemplateProblem> problems;
};

// Limits checked before any JSON parser sees the bytes (RapidJSON recurses per nesting level).
inline constexpr std::size_t kMaxTemplateBytes = 1 << 20;
inline constexpr int kMaxJsonDepth = 32;

TemplateParseResult parse_template(std::string_view bytes);

// Canonical JSON of a template (sorted keys, no whitespace), as stored and served by the depot.
std::string template_to_json(const ChecklistTemplate& t);

}  // namespace fc
