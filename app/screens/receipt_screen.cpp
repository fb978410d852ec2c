#include "app/screens/receipt_screen.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/qr_code.h"
#include "app/screens/touch_ui.h"

namespace fc {
namespace {

constexpr const char* kTodoMark = "\u2610";  // receipt/'s mark of a to-do line

// The to-do list is the one section the customer must not miss (story 003): drawn first and large.
bool holds_todo(const ReceiptSection& section) { return section.mark == kTodoMark && !section.lines.empty(); }

// Large type: the customer reads this at arm's length, perhaps without glasses, so the values are in
// the 30 px face (a rasterised face, not a scaled one: scaled text blurs in daylight).
void fields(TouchUi& ui, const std::vector<ReceiptField>& list) {
    for (const ReceiptField& f : list) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kMuted);
        ui.text(f.label);
        ImGui::PopStyleColor();
        ImGui::PushFont(ui.fonts.title);
        ui.text(f.value);
        ImGui::PopFont();
    }
}

void todo_box(TouchUi& ui, const ReceiptSection& section) {
    ui.banner(section.heading, Tone::Primary, "receipt-todo");
    ImGui::PushFont(ui.fonts.title);
    for (std::size_t i = 0; i < section.lines.size(); ++i) {
        ui.text(section.mark + " " + section.lines[i]);
        ui.record("receipt-todo:" + std::to_string(i), false, false);
    }
    ImGui::PopFont();
    ui.spacing();
}

void section(TouchUi& ui, const ReceiptSection& s) {
    ImGui::PushFont(ui.fonts.title);
    ui.text(s.heading);
    ImGui::PopFont();
    fields(ui, s.fields);
    for (const std::string& line : s.lines) ui.text(s.mark.empty() ? line : s.mark + " " + line);
    ui.spacing();
}

void link_panel(TouchUi& ui, const Receipt& r) {
    if (r.link.empty()) return;
    ui.text(r.link_text);
    const float side = std::min(ImGui::GetContentRegionAvail().x, 16 * ui.em());
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - side) / 2);
    if (draw_qr_code(r.link, side)) ui.record("receipt-qr", false, false);
    ui.muted(r.link);
}

void receipt_body(TouchUi& ui, const Receipt& r) {
    if (r.practice) ui.banner(r.practice_mark, Tone::Warning, "receipt-practice");
    const auto first = std::find_if(r.sections.begin(), r.sections.end(),
                                    [](const ReceiptSection& s) { return holds_todo(s); });
    if (first != r.sections.end()) todo_box(ui, *first);
    link_panel(ui, r);
    ui.spacing();
    fields(ui, r.facts);
    ui.spacing();
    for (auto s = r.sections.begin(); s != r.sections.end(); ++s) {
        if (s != first) section(ui, *s);
    }
    ui.muted(r.privacy);
    ui.text(r.seal.label + ": " + r.seal.value);
    ui.record("receipt-seal", false, false);
}

}  // namespace

Intent draw_receipt(TouchUi& ui, const ReceiptView& view) {
    Intent out;
    ui.begin_screen("receipt");
    ui.header(view.receipt ? view.receipt->title : ui.t("receipt.title"));
    ui.record("receipt-title", false, false);
    ui.begin_body("receipt-body", 1);
    if (!view.problem.empty()) ui.banner(view.problem, Tone::Warning, "receipt-problem");
    if (view.receipt) receipt_body(ui, *view.receipt);
    ui.end_body();
    const Key label = view.customer_holds ? Key("receipt.hand_back") : Key("receipt.done");
    // "technician": the same way back as customer mode's own button, the PIN pad.
    const char* id = view.customer_holds ? "technician" : "hand-back";
    if (ui.button(ui.t(label), id, ui.full_width(), Tone::Primary)) out = intent::HandBack{};
    ui.end_screen();
    return out;
}

}  // namespace fc
