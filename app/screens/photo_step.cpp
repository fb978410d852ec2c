#include "app/screens/photo_step.h"

#include <algorithm>

#include <imgui.h>

#include "app/screens/camera_preview.h"
#include "app/screens/touch_ui.h"
#include "app/tablet/viewfinder.h"

namespace fc {
namespace {

int most_photos(const Step& step) { return std::max(1, step.photos_max); }

void photo_count(TouchUi& ui, const Step& step, std::size_t kept) {
    const std::string line = ui.t("camera.count", {{"n", std::to_string(kept)},
                                                   {"min", std::to_string(std::max(0, step.photos_min))},
                                                   {"max", std::to_string(most_photos(step))}});
    const bool enough = static_cast<int>(kept) >= step.photos_min;
    ui.colored(line, enough ? Tone::Good : Tone::Warning);
    ui.record("photo-count", false, false);
}

// One tile per kept photo: a placeholder box with the start of its hash (the file picker's
// thumbnails and these are decoded in the app, not here) and a delete button under it.
void kept_photos(TouchUi& ui, const Step& step, const std::vector<std::string>& photos, Intent& out) {
    const float tile = 6.0f * ui.em();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        // Tiles in a row, a new row when the next would not fit.
        if (i > 0 && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + tile <= right) ImGui::SameLine();
        ImGui::BeginGroup();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 q(p.x + tile, p.y + tile * 0.75f);
        ImGui::GetWindowDrawList()->AddRectFilled(p, q, palette::kHeader, 0.2f * ui.em());
        ui.draw_text(ImVec2(p.x + 0.3f * ui.em(), p.y + 0.3f * ui.em()), palette::kMuted, photos[i].substr(0, 8));
        ImGui::Dummy(ImVec2(tile, tile * 0.75f));
        ui.mark("kept-photo:" + std::to_string(i), p, q);
        if (ui.button(ui.t("camera.delete"), "delete-photo:" + std::to_string(i), ImVec2(tile, 0), Tone::Danger)) {
            out = intent::DeletePhoto{step.id, photos[i]};
        }
        ImGui::EndGroup();
    }
}

void still_answer(TouchUi& ui, const Step& step, PhotoStepUi& state, Viewfinder& viewfinder, Intent& out) {
    draw_camera_preview(ui, viewfinder, "photo-still");
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ui.button(ui.t("camera.retake"), "retake", ImVec2(half, ui.touch() * 1.4f))) {
        state.still.reset();
        viewfinder.hold(false);
    }
    ImGui::SameLine();
    if (ui.button(ui.t("camera.keep"), "keep-photo", ImVec2(half, ui.touch() * 1.4f), Tone::Primary)) {
        out = intent::KeepPhoto{step.id, std::move(*state.still)};
        state.still.reset();
        viewfinder.close();
    }
}

void live_preview(TouchUi& ui, PhotoStepUi& state, Viewfinder& viewfinder) {
    draw_camera_preview(ui, viewfinder, "camera-preview");
    // The shutter: full width and twice a touch target tall, so a thumb finds it without looking.
    if (ui.button(ui.t("camera.shutter"), "shutter", ui.full_width(2.0f * kTouchEm), Tone::Primary) && viewfinder.frame()) {
        state.still = viewfinder.take();
        // The still stays on screen while the technician decides: the preview stops moving.
        if (state.still) viewfinder.hold(true);
    }
    if (ui.button(ui.t("camera.close"), "close-camera", ui.full_width())) viewfinder.close();
}

// The buttons under the kept photos when no preview is open: the camera again, the file picker,
// and in practice the test pattern in one tap.
void camera_choices(TouchUi& ui, const Step& step, std::size_t kept, PhotoStepUi& state, Viewfinder& viewfinder) {
    const bool problem = draw_camera_problem(ui, viewfinder, step.id);
    if (static_cast<int>(kept) < most_photos(step)) {
        const Key again = problem ? Key("camera.try_again") : kept == 0 ? Key("camera.take_photo") : Key("camera.add_photo");
        if (ui.button(ui.t(again), problem ? "try-camera" : "add-photo", ui.full_width(), Tone::Primary)) {
            viewfinder.open(ViewfinderUse::Photo, step.id);
        }
        if (ui.practice() && ui.button(ui.t("practice.photo"), "practice-photo", ui.full_width())) {
            viewfinder.open(ViewfinderUse::PracticeShot, step.id, CameraSource{CameraSource::Kind::TestPattern, {}, 0});
        }
        if (!problem && !state.picker_open && ui.button(ui.t("camera.choose_file"), "choose-file", ui.full_width())) {
            state.picker_open = true;
        }
    } else {
        ui.muted(ui.t("camera.full"));
    }
    if (problem) state.picker_open = true;
}

}  // namespace

void draw_photo_step(TouchUi& ui, const Step& step, const std::vector<std::string>& photos, PhotoStepUi& state,
                     Viewfinder& viewfinder, Intent& out) {
    photo_count(ui, step, photos.size());
    kept_photos(ui, step, photos, out);
    const bool full = static_cast<int>(photos.size()) >= most_photos(step);
    if (!viewfinder.has_camera()) {
        // No camera on this device: the picker, as on a desktop.
        if (!full) {
            const std::string chosen = draw_photo_picker(ui, state.picker, viewfinder.hooks().thumbnail);
            if (!chosen.empty()) out = intent::AttachPhoto{step.id, chosen};
        }
        return;
    }
    // The step asks for the camera once when it still needs photos; a failure is not retried by itself.
    if (!state.camera_asked && static_cast<int>(photos.size()) < step.photos_min) {
        state.camera_asked = true;
        viewfinder.open(ViewfinderUse::Photo, step.id);
    }
    const bool mine = viewfinder.owner() == step.id;
    if (state.still) {
        still_answer(ui, step, state, viewfinder, out);
    } else if (mine && viewfinder.use() == ViewfinderUse::PracticeShot) {
        draw_camera_preview(ui, viewfinder, "camera-preview");
        if (viewfinder.frame()) {
            if (auto shot = viewfinder.take()) out = intent::KeepPhoto{step.id, std::move(*shot)};
            viewfinder.close();
        }
    } else if (mine && viewfinder.use() == ViewfinderUse::Photo) {
        live_preview(ui, state, viewfinder);
    } else {
        camera_choices(ui, step, photos.size(), state, viewfinder);
        if (state.picker_open && !full) {
            const std::string chosen = draw_photo_picker(ui, state.picker, viewfinder.hooks().thumbnail);
            if (!chosen.empty()) out = intent::AttachPhoto{step.id, chosen};
        }
    }
}

}  // namespace fc
