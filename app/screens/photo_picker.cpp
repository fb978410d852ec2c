#include "app/screens/photo_picker.h"

#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/screens/touch_ui.h"
#include "app/tablet/photo_file.h"

namespace fc {
namespace {

void list_folder(PhotoPickerUi& picker, const Strings& t) {
    picker.listed = picker.folder;
    auto files = list_photo_files(picker.folder);
    picker.error = files ? std::string() : error_text(files.error(), t, picker.folder);
    picker.files = files ? std::move(*files) : std::vector<std::string>{};
}

}  // namespace

std::string draw_photo_picker(TouchUi& ui, PhotoPickerUi& picker) {
    std::string chosen;
    if (picker.folder.empty()) picker.folder = default_photo_folder().string();
    if (picker.listed.empty()) list_folder(picker, ui.t);
    const ImGuiStyle& style = ImGui::GetStyle();

    ui.text(ui.t("photo.file"));
    const float use_w = ui.label_width(ui.t("photo.use"));
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - use_w - style.ItemSpacing.x);
    const std::string hint = ui.t("photo.path_hint");
    ImGui::InputTextWithHint("##photo-path", hint.c_str(), &picker.path);
    ui.drew(hint);
    ImGui::PopItemWidth();
    ui.record("photo-path");
    ImGui::SameLine();
    if (ui.button(ui.t("photo.use"), "use-photo-path", ImVec2(use_w, 0), Tone::Primary)) chosen = picker.path;

    ui.text(ui.t("photo.folder"));
    const float show_w = ui.label_width(ui.t("photo.show"));
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - show_w - style.ItemSpacing.x);
    ImGui::InputText("##photo-folder", &picker.folder);
    ImGui::PopItemWidth();
    ui.record("photo-folder");
    ImGui::SameLine();
    if (ui.button(ui.t("photo.show"), "show-photos", ImVec2(show_w, 0))) list_folder(picker, ui.t);

    if (!picker.error.empty()) ui.colored(picker.error, Tone::Danger);
    else if (picker.files.empty()) ui.muted(ui.t("photo.none_in_folder"));
    for (const std::string& name : picker.files) {
        if (ui.button(name, "photo:" + name, ui.full_width())) {
            chosen = (std::filesystem::path(picker.listed) / name).string();
        }
    }
    return chosen;
}

}  // namespace fc
