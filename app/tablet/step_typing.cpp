#include "app/tablet/step_typing.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "checklists/template_field_reader.h"

namespace fc {
namespace {

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

// The typing that matters for the step's kind, in one comparable form.
StepTyping meaningful(const Step& step, const StepTyping& t) {
    StepTyping m;
    switch (step.kind) {
        case StepKind::Measure: {
            const auto value = parse_measure(t.entry);
            m.entry = value ? number_text(*value) : t.entry;
            m.note = t.note;
            break;
        }
        case StepKind::Check:
            // An open reason field with nothing in it holds nothing yet.
            m.note = t.reason_open ? t.note : std::string();
            m.reason_open = t.reason_open && !t.note.empty();
            break;
        case StepKind::Text:
        case StepKind::Serial: m.text = t.text; break;
        case StepKind::Instruction:
        case StepKind::Choice:
        case StepKind::Photo:
        case StepKind::Signature: break;  // answered by a tap or a file: nothing typed
    }
    return m;
}

TypingVerdict save(Answer a) { return TypingVerdict{TypingVerdict::Fate::Save, std::move(a), {}}; }

TypingVerdict judge_measure(const Step& step, const std::optional<Answer>& stored, const StepTyping& typed) {
    // An emptied keypad is no value on screen: the stored answer stays, and only a changed note on
    // it is saved.
    if (typed.entry.empty()) {
        if (stored && stored->kind == Answer::Kind::Number && stored->text != typed.note) {
            return save(Answer::measured(stored->number, typed.note));
        }
        return {};
    }
    const auto value = parse_measure(typed.entry);
    if (!value) return TypingVerdict{TypingVerdict::Fate::AskDiscard, std::nullopt, typed_value_text(step, typed.entry)};
    return save(Answer::measured(*value, typed.note));
}

}  // namespace

std::optional<double> parse_measure(const std::string& entry) {
    double v = 0;
    const auto r = std::from_chars(entry.data(), entry.data() + entry.size(), v);
    if (entry.empty() || r.ec != std::errc() || r.ptr != entry.data() + entry.size() || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

StepTyping typing_for_answer(const std::optional<Answer>& answer) {
    StepTyping t;
    if (!answer) return t;
    switch (answer->kind) {
        case Answer::Kind::Number:
            t.entry = number_text(answer->number);
            t.note = answer->text;
            break;
        case Answer::Kind::NotApplicable:
            t.note = answer->text;
            t.reason_open = true;
            break;
        case Answer::Kind::Text:
        case Answer::Kind::Serial: t.text = answer->text; break;
        // Nothing typed to show: the answer is a tap (or a file) and shows as selected.
        case Answer::Kind::Met:
        case Answer::Kind::NotMet:
        case Answer::Kind::Confirmed:
        case Answer::Kind::Done:
        case Answer::Kind::Choice:
        case Answer::Kind::Attachment:
        case Answer::Kind::Photos:
        case Answer::Kind::Score: break;
    }
    return t;
}

bool typing_differs(const Step& step, const StepTyping& typed, const StepTyping& stored) {
    return meaningful(step, typed) != meaningful(step, stored);
}

DraftFields draft_fields(const StepTyping& typed) {
    return DraftFields{{"entry", typed.entry},
                       {"note", typed.note},
                       {"text", typed.text},
                       {"reason", typed.reason_open ? "open" : ""}};
}

StepTyping typing_from_draft(const DraftFields& draft) {
    const auto field = [&](const char* name) {
        const auto found = draft.find(name);
        return found == draft.end() ? std::string() : found->second;
    };
    // A draft holds the whole typing as it was; its empty fields were left out when it was kept.
    StepTyping t;
    t.entry = field("entry");
    t.note = field("note");
    t.text = field("text");
    t.reason_open = field("reason") == "open";
    return t;
}

std::string step_draft_place(const std::string& step_id) { return "step:" + step_id; }

TypingVerdict judge_typing(const Step& step, const std::optional<Answer>& stored, const StepTyping& typed) {
    if (!typing_differs(step, typed, typing_for_answer(stored))) return {};
    switch (step.kind) {
        case StepKind::Measure: return judge_measure(step, stored, typed);
        case StepKind::Check:
            if (typed.reason_open && !blank(typed.note)) return save(Answer::not_applicable(typed.note));
            return {};
        case StepKind::Text:
            // Emptying the field is not an answer; the stored text stays.
            if (!blank(typed.text)) return save(Answer::text_value(typed.text));
            return {};
        case StepKind::Serial:
            // A typed serial is saved like a text; one the engine refuses (pattern, check digit) stays a draft.
            if (!blank(typed.text)) return save(Answer::serial(typed.text));
            return {};
        case StepKind::Instruction:
        case StepKind::Choice:
        case StepKind::Photo:
        case StepKind::Signature: return {};
    }
    return {};
}

std::string typed_value_text(const Step& step, const std::string& entry) {
    return step.unit.empty() ? entry : entry + " " + step.unit;
}

}  // namespace fc
