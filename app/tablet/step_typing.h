#pragma once
// StepTyping: what the technician typed on a step (keypad value, note or reason, text), compared with
// the step's stored answer: kept as a draft while it differs, and judged when the step is left.
#include <optional>
#include <string>

#include "app/tablet/typed_drafts.h"
#include "checklists/visit.h"

namespace fc {

struct StepTyping {
    std::string entry;         // a measure's value on the keypad
    std::string note;          // a measure's note, or why a check does not apply
    std::string text;          // a text step's text
    bool reason_open = false;  // a check's "not applicable" reason field is open
    bool operator==(const StepTyping&) const = default;
};

// A measured value as the keypad shows it ("12.5", "-18": checklists' number_text) read back;
// nullopt: not a finite number.
std::optional<double> parse_measure(const std::string& entry);

// What the fields show for the step's stored answer when nothing has been typed over it.
StepTyping typing_for_answer(const std::optional<Answer>& answer);
// True when `typed` holds something the stored answer does not: what a draft must keep. Only the
// fields the step's kind uses count, and a measure's value by its number ("12.50" is "12.5").
bool typing_differs(const Step& step, const StepTyping& typed, const StepTyping& stored);

// The draft's fields and back.
DraftFields draft_fields(const StepTyping& typed);
StepTyping typing_from_draft(const DraftFields& draft);
std::string step_draft_place(const std::string& step_id);  // "step:<id>"

// TypingVerdict: what leaving the step (Back, Next, the handover, Today, Not possible) does with
// what is typed on it. Save: try `answer`; when the engine refuses it, a measure asks (its value
// cannot wait as a draft unseen), other text stays a draft. AskDiscard: the technician decides,
// with one deliberate tap, whether `value` ("12.5 dBm") goes. Nothing: leave; a draft stays a draft.
struct TypingVerdict {
    enum class Fate { Nothing, Save, AskDiscard };
    Fate fate = Fate::Nothing;
    std::optional<Answer> answer;
    std::string value;
};
TypingVerdict judge_typing(const Step& step, const std::optional<Answer>& stored, const StepTyping& typed);

// "12.5 dBm": the typed value with the step's unit, as the discard question names it.
std::string typed_value_text(const Step& step, const std::string& entry);

}  // namespace fc
