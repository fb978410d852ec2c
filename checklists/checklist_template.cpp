#include "checklist_template.h"

#include <algorithm>
#include <array>
#include <utility>

namespace fc {
namespace {

// Why linear search: a template has tens of items, and a map would have to be kept in step with
// the public vectors that the parser and the tests fill directly.
template <typename Item>
const Item* find_by_id(const std::vector<Item>& items, const std::string& id) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

constexpr std::array<std::pair<StepKind, const char*>, 8> kStepKindNames{{
    {StepKind::Instruction, "instruction"},
    {StepKind::Check, "check"},
    {StepKind::Measure, "measure"},
    {StepKind::Choice, "choice"},
    {StepKind::Text, "text"},
    {StepKind::Photo, "photo"},
    {StepKind::Signature, "signature"},
    {StepKind::Serial, "serial"},
}};

}  // namespace

const Precheck* ChecklistTemplate::find_precheck(const std::string& item_id) const { return find_by_id(prechecks, item_id); }

const Step* ChecklistTemplate::find_step(const std::string& item_id) const { return find_by_id(steps, item_id); }

int ChecklistTemplate::step_index(const std::string& item_id) const {
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].id == item_id) return static_cast<int>(i);
    }
    return -1;
}

const HandoverItem* ChecklistTemplate::find_handover(const std::string& item_id) const { return find_by_id(handover, item_id); }

const SurveyQuestion* ChecklistTemplate::find_survey(const std::string& item_id) const { return find_by_id(survey, item_id); }

const char* to_string(StepKind kind) {
    for (const auto& [k, name] : kStepKindNames) {
        if (k == kind) return name;
    }
    return "unknown";
}

const char* to_string(SerialCheck check) {
    switch (check) {
        case SerialCheck::None: return "none";
        case SerialCheck::Luhn: return "luhn";
        case SerialCheck::Gs1: return "gs1";
    }
    return "none";
}

std::optional<StepKind> step_kind_from_string(const std::string& s) {
    for (const auto& [k, name] : kStepKindNames) {
        if (s == name) return k;
    }
    return std::nullopt;
}

}  // namespace fc
