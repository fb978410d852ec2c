#pragma once
// TemplateComparison: what changed between two versions of a template, item by item: the template's
// own fields, then each section's items (prechecks, steps, handover, survey) matched by id as added,
// removed or changed, a changed one with each field's old and new value. Worked out from the
// canonical JSON the depot serves, so every field a tablet gets is compared, new ones included.
#include <string>
#include <vector>

#include "checklists/checklist_template.h"

namespace fc {

// One field's values; "" for a field the version does not have. Strings as they read, else compact JSON.
struct FieldChange {
    std::string field;
    std::string before;
    std::string after;
};

struct ItemChange {
    enum class Kind { Added, Removed, Changed };
    std::string section;  // "prechecks" | "steps" | "handover" | "survey"
    std::string id;
    std::string title;  // the newer version's (the removed item's own)
    Kind kind = Kind::Changed;
    std::vector<FieldChange> fields;  // Changed only
};

struct TemplateComparison {
    std::vector<FieldChange> fields;  // the template's own (title, description, contact, ...)
    std::vector<ItemChange> items;    // by section, in the newer version's order, removed ones last
};

TemplateComparison compare_templates(const ChecklistTemplate& from, const ChecklistTemplate& to);

}  // namespace fc
