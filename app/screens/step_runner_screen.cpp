#include "app/screens/step_runner_screen.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/numeric_keypad.h"
#include "app/screens/photo_step.h"
#include "app/screens/serial_step.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/viewfinder.h"
#include "checklists/template_field_reader.h"

namespace fc {

void open_step_fields(StepRunnerUi& state, const std::string& step_id, const StepTyping& typed) {
    state.step_id = step_id;
    state.help_open = false;
    state.entry = typed.entry;
    state.note = typed.note;
    state.reason_open = typed.reason_open;
    state.text = typed.text;
    state.signature = {};
    state.photo.still.reset();
    state.photo.picker_open = false;
    state.photo.camera_asked = false;
    state.photo.picker.path.clear();
    state.discard_value.clear();
    state.after_discard = intent::None{};
}

StepTyping typing_of(const StepRunnerUi& state) {
    return StepTyping{state.entry, state.note, state.text, state.reason_open};
}

namespace {

void instruction_answer(TouchUi& ui, const Step& step, const std::optional<Answer>& a, Intent& out) {
    const bool confirmed = a && a->kind == Answer::Kind::Confirmed;
    if (ui.button(ui.t("steps.confirm_instruction"), "confirm", ui.full_width(), confirmed ? Tone::Good : Tone::Primary, confirmed)) {
        out = intent::AnswerStep{step.id, Answer::confirmed()};
    }
}

void check_answer(TouchUi& ui, const Step& step, const std::optional<Answer>& a, StepRunnerUi& state, Intent& out) {
    const bool done = a && a->kind == Answer::Kind::Done;
    const bool na = a && a->kind == Answer::Kind::NotApplicable;
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("steps.done"), "done", ImVec2(half, 0), done ? Tone::Good : Tone::Plain, done)) {
        out = intent::AnswerStep{step.id, Answer::done()};
        state.reason_open = false;
    }
    ImGui::SameLine();
    if (ui.button(ui.t("steps.not_applicable"), "not-applicable", ImVec2(half, 0), na ? Tone::Warning : Tone::Plain, na)) {
        state.reason_open = true;
    }
    if (state.reason_open) {
        ui.text(ui.t("steps.reason_required"));
        ui.text_area("reason", state.note, 3.0f);
        if (ui.button(ui.t("steps.save_reason"), "save-reason", ui.full_width(), Tone::Primary)) {
            out = intent::AnswerStep{step.id, Answer::not_applicable(state.note)};
        }
    }
}

void measure_value(TouchUi& ui, const Step& step, StepRunnerUi& state, Intent& out) {
    const auto value = parse_measure(state.entry);
    const bool out_of_range = value && (*value < step.min || *value > step.max);
    // The value box: large digits, red when outside the accepted range.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = 3.2f * ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 edge = out_of_range ? palette::kRed : palette::kCardBorder;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), out_of_range ? IM_COL32(253, 226, 226, 255) : IM_COL32_WHITE, 0.3f * ui.em());
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), edge, 0.3f * ui.em(), 0, out_of_range ? 4.0f : 2.0f);
    ImGui::PushFont(ui.fonts.digits);
    const std::string shown = (state.entry.empty() ? std::string("\u2013") : state.entry) + " " + step.unit;
    const ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
    ui.draw_text(ImVec2(p.x + w - ts.x - 0.6f * ui.em(), p.y + (h - ts.y) / 2), out_of_range ? palette::kRed : palette::kInk,
                 shown);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(w, h));
    ui.muted(ui.t("steps.accepted_range") + ": " + number_text(step.min) + " \u2026 " + number_text(step.max) + " " + step.unit);
    if (out_of_range) {
        ui.colored(ui.t("steps.out_of_range"), Tone::Danger);
        ui.text_area("measure-note", state.note, 2.6f);
    } else if (!state.note.empty()) {
        ui.text(ui.t("steps.note"));
        ui.text_area("measure-note", state.note, 2.6f);
    }
    if (ui.button(ui.t("steps.save_measurement"), "save-measure", ui.full_width(), Tone::Primary)) {
        if (value) out = intent::AnswerStep{step.id, Answer::measured(*value, state.note)};
        else out = intent::Notice{"steps.type_value_first"};
    }
}

void measure_answer(TouchUi& ui, const Step& step, StepRunnerUi& state, Intent& out) {
    const KeypadOptions keys{true, true, 12, "key"};
    // Landscape: value on the left, keypad on the right; portrait: keypad under the value.
    if (ImGui::GetContentRegionAvail().x > 40 * ui.em()) {
        if (ImGui::BeginTable("measure", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextColumn();
            measure_value(ui, step, state, out);
            ImGui::TableNextColumn();
            draw_numeric_keypad(ui, state.entry, keys);
            ImGui::EndTable();
        }
    } else {
        measure_value(ui, step, state, out);
        draw_numeric_keypad(ui, state.entry, keys);
    }
}

void choice_answer(TouchUi& ui, const Step& step, const std::optional<Answer>& a, Intent& out) {
    for (const ChoiceOption& o : step.options) {
        const bool chosen = a && a->kind == Answer::Kind::Choice && a->text == o.id;
        if (ui.button(o.label, "option:" + o.id, ui.full_width(), chosen ? Tone::Good : Tone::Plain, chosen)) {
            out = intent::AnswerStep{step.id, Answer::choice(o.id)};
        }
    }
}

void text_answer(TouchUi& ui, const Step& step, StepRunnerUi& state, Intent& out) {
    ui.text_area("text-answer", state.text, 5.0f);
    if (ui.button(ui.t("steps.save_text"), "save-text", ui.full_width(), Tone::Primary)) {
        out = intent::AnswerStep{step.id, Answer::text_value(state.text)};
    }
}

void signature_answer(TouchUi& ui, const Step& step, StepRunnerUi& state, Intent& out) {
    draw_signature_pad(ui, state.signature, "signature-pad", 9.0f);
    // A trainer on a desktop has no pen: one tap gives the step a drawn test signature.
    if (ui.practice() && ui.button(ui.t("practice.signature"), "practice-signature", ui.full_width())) {
        out = intent::AttachSignature{step.id, practice_signature()};
        return;
    }
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("signature.clear"), "clear-signature", ImVec2(half, 0))) state.signature.strokes.clear();
    ImGui::SameLine();
    if (ui.button(ui.t("signature.save"), "save-signature", ImVec2(half, 0), Tone::Primary)) {
        out = intent::AttachSignature{step.id, state.signature.strokes};
    }
}

void progress(TouchUi& ui, int position, int count) {
    const float fraction = count > 0 ? static_cast<float>(position + 1) / static_cast<float>(count) : 1.0f;
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(215, 218, 226, 255));
    ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0.5f * ui.em()), "");
    ImGui::PopStyleColor();
}

void step_footer(TouchUi& ui, const Visit& visit, bool first, bool last, Intent& out) {
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    // The first step has nothing before it: Back is shown greyed rather than answering with a refusal.
    ImGui::BeginDisabled(first);
    if (ui.button("\u2190 " + ui.t("common.back"), "back", ImVec2(half, 0)) && !first) out = intent::GoBack{};
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (last) {
        // Template format 2: the handover is the customer's, so this tap hands the tablet over.
        const Key handover = visit.handover_is_customers() ? Key("steps.hand_to_customer") : Key("steps.start_handover");
        if (ui.button(ui.t(handover) + " \u2192", "start-handover", ImVec2(half, 0), Tone::Primary)) {
            out = intent::BeginHandover{};
        }
    } else if (ui.button(ui.t("common.next") + " \u2192", "next", ImVec2(half, 0), Tone::Primary)) {
        out = intent::GoNext{};
    }
}

// "Discard 12.5 dBm?" in place of Back and Next: a value on screen is never dropped unasked, and
// dropping it is its own tap, never the same one as Next.
void discard_question(TouchUi& ui, const Visit& visit, StepRunnerUi& state, Intent& out) {
    ui.banner(ui.t("steps.discard_question", {{"value", state.discard_value}}), Tone::Warning, "discard-question");
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("steps.keep_editing"), "keep-typed", ImVec2(half, 0), Tone::Primary)) {
        state.discard_value.clear();
        state.after_discard = intent::None{};
    }
    ImGui::SameLine();
    if (ui.button(ui.t("steps.discard"), "discard-typed", ImVec2(half, 0), Tone::Danger)) {
        // The keypad goes back to the stored value; a note typed with it stays as typed.
        const Step& step = visit.checklist().steps[static_cast<std::size_t>(visit.current_step())];
        state.entry = typing_for_answer(visit.step_answer(step.id)).entry;
        state.discard_value.clear();
        out = state.after_discard;
        state.after_discard = intent::None{};
    }
}

}  // namespace

std::string answer_text(const TouchUi& ui, const Step& step, const Answer& a) {
    switch (a.kind) {
        case Answer::Kind::Confirmed: return ui.t("steps.answer_confirmed");
        case Answer::Kind::Done: return ui.t("steps.done");
        case Answer::Kind::NotApplicable: return ui.t("steps.not_applicable") + ": " + a.text;
        case Answer::Kind::Number:
            return number_text(a.number) + " " + step.unit + (a.text.empty() ? "" : " (" + a.text + ")");
        case Answer::Kind::Choice:
            for (const ChoiceOption& o : step.options) {
                if (o.id == a.text) return o.label;
            }
            return a.text;
        case Answer::Kind::Text:
        case Answer::Kind::Serial: return a.text;
        case Answer::Kind::Photos: return ui.t("photo.stored") + " \u00B7 " + std::to_string(a.hashes.size());
        case Answer::Kind::Attachment:
            return (step.kind == StepKind::Signature ? ui.t("signature.stored") : ui.t("photo.stored")) + " \u00B7 " +
                   a.text.substr(0, 12);
        // A step is never answered these ways (the engine refuses it); shown plainly if one were.
        case Answer::Kind::Met: return ui.t("prechecks.met");
        case Answer::Kind::NotMet: return ui.t("prechecks.not_met");
        case Answer::Kind::Score: return number_text(a.number);
    }
    return a.text;
}

Intent draw_step_runner(TouchUi& ui, const Visit& visit, StepRunnerUi& state, Viewfinder& viewfinder) {
    Intent out;
    const ChecklistTemplate& t = visit.checklist();
    const std::vector<int> shown = visit.shown_steps();
    const int current = visit.current_step();
    const auto it = std::find(shown.begin(), shown.end(), current);
    const int position = it == shown.end() ? 0 : static_cast<int>(it - shown.begin());
    const bool last = it == shown.end() || it + 1 == shown.end();

    ui.begin_screen("steps");
    const std::string title =
        (shown.empty() ? t.title
                       : ui.t("steps.step_of", {{"n", std::to_string(position + 1)}, {"count", std::to_string(shown.size())}})) +
        " \u00B7 " + visit.assignment().customer_name;
    const int tapped = ui.header(title, {ui.t("common.back_to_today"), "back-to-today"},
                                 {{ui.t("common.not_possible"), "not-possible", Tone::Danger}});
    if (tapped == TouchUi::kBackTapped) out = intent::LeaveVisit{};
    if (tapped == 0) out = intent::PrepareNotPossible{};
    progress(ui, position, static_cast<int>(shown.size()));

    // Two footer rows while asking whether to discard a value: the question, then the answers.
    ui.begin_body("step-body", state.discard_value.empty() ? 1 : 2);
    if (current < 0 || current >= static_cast<int>(t.steps.size())) {
        ui.muted(ui.t("steps.none_shown"));
    } else {
        const Step& step = t.steps[static_cast<std::size_t>(current)];
        const auto answer = visit.step_answer(step.id);
        if (state.step_id != step.id) open_step_fields(state, step.id, typing_for_answer(answer));
        // The camera belongs to the step that opened it: on any other step it is closed.
        if (viewfinder.is_open() && viewfinder.owner() != step.id) viewfinder.close();

        ui.title(step.title);
        const Key required = step.required ? Key("steps.required") : Key("steps.optional");
        const Tone required_tone = step.required ? Tone::Primary : Tone::Plain;
        if (step.help.empty()) {
            ui.pill(ui.t(required), required_tone);
        } else {
            // Help is one tap away and stays open until tapped again: nothing hides behind a hover.
            if (ui.pill_and_button(ui.t(required), required_tone, "? " + ui.t(state.help_open ? Key("steps.hide_help") : Key("steps.help")),
                                   "help", state.help_open)) {
                state.help_open = !state.help_open;
            }
            if (state.help_open) ui.banner(step.help, Tone::Primary, "help-text");
        }
        ui.spacing(0.4f);
        switch (step.kind) {
            case StepKind::Instruction: instruction_answer(ui, step, answer, out); break;
            case StepKind::Check: check_answer(ui, step, answer, state, out); break;
            case StepKind::Measure: measure_answer(ui, step, state, out); break;
            case StepKind::Choice: choice_answer(ui, step, answer, out); break;
            case StepKind::Text: text_answer(ui, step, state, out); break;
            case StepKind::Photo: draw_photo_step(ui, step, state.photo.kept, state.photo, viewfinder, out); break;
            case StepKind::Signature: signature_answer(ui, step, state, out); break;
            case StepKind::Serial: draw_serial_step(ui, step, state.text, viewfinder, out); break;
        }
        ui.spacing(0.4f);
        // Typing over the answer (or a draft brought back) is said so: Back and Next will save it.
        if (typing_differs(step, typing_of(state), typing_for_answer(answer))) {
            ui.colored(ui.t("steps.typed_not_saved"), Tone::Warning);
            ui.record("typed-not-saved", false, false);
        }
        if (answer) {
            ui.colored("\u2713 " + ui.t("steps.saved") + ": " + answer_text(ui, step, *answer), Tone::Good);
            if (!step.required && ui.button(ui.t("steps.clear_answer"), "clear-answer")) out = intent::ClearStep{step.id};
        } else {
            ui.muted(ui.t(step.required ? Key("steps.not_answered_required") : Key("steps.not_answered_optional")));
        }
    }
    ui.end_body();
    if (!state.discard_value.empty()) discard_question(ui, visit, state, out);
    else step_footer(ui, visit, position == 0, last, out);
    ui.end_screen();
    return out;
}

}  // namespace fc
