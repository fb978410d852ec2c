#include "app/screens/customer_handover.h"

#include <imgui.h>

#include "app/screens/handover_screen.h"
#include "app/screens/touch_ui.h"

namespace fc {
namespace {

void confirm_item(TouchUi& ui, const Visit& visit, const HandoverItem& h, Intent& out) {
    if (visit.handover_confirmed(h.id)) {
        ui.button("\u2713 " + ui.t("handover.confirmed"), "confirm:" + h.id, ui.full_width(), Tone::Good, true);
    } else if (ui.button(ui.t("handover.i_understand"), "confirm:" + h.id, ui.full_width(), Tone::Primary)) {
        out = intent::ConfirmHandover{h.id};
    }
}

// The signature is given once: after it is sealed into the visit the pad is gone.
void sign_item(TouchUi& ui, const Visit& visit, const HandoverItem& h, SignaturePadUi& pad, Intent& out) {
    if (visit.handover_confirmed(h.id)) {
        ui.button("\u2713 " + ui.t("handover.signed"), "sign:" + h.id, ui.full_width(), Tone::Good, true);
        return;
    }
    ui.muted(ui.t("signature.sign_here"));
    // A trainer walks the customer's part too: one tap signs a practice visit.
    if (ui.practice() && ui.button(ui.t("practice.signature"), "practice-signature:" + h.id, ui.full_width())) {
        out = intent::SignHandover{h.id, practice_signature()};
        return;
    }
    draw_signature_pad(ui, pad, "signature-pad:" + h.id, 8.0f);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("signature.clear"), "clear-signature:" + h.id, ImVec2(half, 0))) pad.strokes.clear();
    ImGui::SameLine();
    if (ui.button(ui.t("handover.sign"), "sign:" + h.id, ImVec2(half, 0), Tone::Primary)) {
        out = intent::SignHandover{h.id, pad.strokes};
    }
}

}  // namespace

Intent draw_customer_handover(TouchUi& ui, const Visit& visit, SignaturePadUi& pad) {
    Intent out;
    draw_handover_bodies(ui, visit, ui.t, [&] {
        ui.text(ui.t("handover.customer_intro"));
        ui.spacing(0.4f);
        for (const HandoverItem& h : visit.checklist().handover) {
            ImGui::PushFont(ui.fonts.title);
            ui.text(h.title);
            ImGui::PopFont();
            if (!h.help.empty()) ui.text(h.help);
            if (!h.todo.empty()) ui.muted(ui.t("handover.your_todo") + ": " + h.todo);
            if (h.kind == HandoverItem::Kind::Signature) sign_item(ui, visit, h, pad, out);
            else confirm_item(ui, visit, h, out);
            ui.spacing(0.3f);
            ImGui::Separator();
        }
    });
    return out;
}

}  // namespace fc
