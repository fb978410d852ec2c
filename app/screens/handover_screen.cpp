#include "app/screens/handover_screen.h"

#include <algorithm>
#include <functional>

#include <imgui.h>

#include "app/screens/touch_ui.h"

namespace fc {
namespace {

void items(TouchUi& ui, const Visit& visit, const Strings& customer, Intent& out) {
    // Template format 2: the customer confirms on their own screen; the technician taps nothing here.
    if (visit.handover_is_customers()) {
        ui.muted(ui.t("handover.customers_turn"));
        return;
    }
    for (const HandoverItem& h : visit.checklist().handover) {
        const bool confirmed = visit.handover_confirmed(h.id);
        ImGui::PushFont(ui.fonts.title);
        ui.text(h.title);
        ImGui::PopFont();
        if (!h.help.empty()) ui.text(h.help);
        if (!h.todo.empty()) ui.muted(ui.t("handover.adds_to_todo") + ": " + h.todo);
        if (confirmed) {
            ui.button("\u2713 " + customer("handover.confirmed"), "confirm:" + h.id, ui.full_width(), Tone::Good, true);
        } else if (ui.button(customer("handover.customer_confirms"), "confirm:" + h.id, ui.full_width(), Tone::Primary)) {
            out = intent::ConfirmHandover{h.id};
        }
        ui.spacing(0.3f);
        ImGui::Separator();
    }
    if (visit.checklist().handover.empty()) ui.muted(ui.t("handover.none"));
}

}  // namespace

void draw_todo_list(TouchUi& ui, const Visit& visit, const Strings& customer) {
    ui.title(customer("handover.todo_title"));
    const std::vector<std::string> todo = visit.customer_todo();
    if (todo.empty()) ui.muted(customer("handover.todo_empty"));
    int n = 1;
    for (const std::string& line : todo) {
        ui.text(std::to_string(n) + ". " + line);
        ui.record("todo:" + std::to_string(n++), false, false);
        ui.spacing(0.2f);
    }
}

namespace {

// The to-do list on its own light panel, scrolled by dragging when it grows long.
void todo_panel(TouchUi& ui, const Visit& visit, const Strings& customer) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette::kCard);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.7f * ui.em(), 0.6f * ui.em()));
    ui.begin_body("handover-todo", 1, 0, 0, true);
    draw_todo_list(ui, visit, customer);
    ui.end_body();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace

void draw_handover_bodies(TouchUi& ui, const Visit& visit, const Strings& customer, const std::function<void()>& items) {
    const float avail = ImGui::GetContentRegionAvail().x;
    // The customer watches the to-do list grow with each confirmation, so it stays in view: on the
    // right in landscape, under the items in portrait, while the items scroll.
    if (avail > 40 * ui.em()) {
        ui.begin_body("handover-items", 1, avail * 0.6f);
        items();
        ui.end_body();
        ImGui::SameLine();
    } else {
        const float todo_height = std::max(7.0f * ui.em(), 0.28f * ImGui::GetContentRegionAvail().y);
        ui.begin_body("handover-items", 1, 0, todo_height + ImGui::GetStyle().ItemSpacing.y);
        items();
        ui.end_body();
    }
    todo_panel(ui, visit, customer);
}

Intent draw_handover(TouchUi& ui, const Visit& visit, const Strings& customer) {
    Intent out;
    ui.begin_screen("handover");
    // No "not possible" here: once the handover began the work is done (the engine refuses it).
    const int tapped = ui.header(ui.t("handover.title") + " \u00B7 " + visit.assignment().customer_name,
                                 {ui.t("common.back_to_today"), "back"}, {});
    if (tapped == TouchUi::kBackTapped) out = intent::LeaveVisit{};
    draw_handover_bodies(ui, visit, customer, [&] {
        ui.muted(ui.t("handover.intro"));
        items(ui, visit, customer, out);
    });
    if (!visit.handover_is_customers() &&
        ui.button(ui.t("handover.to_customer") + " \u2192", "to-customer", ui.full_width(), Tone::Primary)) {
        out = intent::EnterCustomerMode{};
    }
    ui.end_screen();
    return out;
}

}  // namespace fc
