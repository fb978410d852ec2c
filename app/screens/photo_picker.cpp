#include "app/screens/photo_picker.h"

#include <algorithm>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/screens/touch_ui.h"
#include "app/tablet/photo_file.h"

namespace fc {
namespace {

// Folders a finger can open: not hidden, sorted, at most as many as a list is usable.
std::vector<std::string> subfolders(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(folder, std::filesystem::directory_options::skip_permission_denied, ec);
    if (ec) return names;
    for (const auto& entry : it) {
        std::error_code entry_ec;
        const std::string name = entry.path().filename().string();
        if (!name.empty() && name[0] != '.' && entry.is_directory(entry_ec)) names.push_back(name);
        if (names.size() >= 200) break;
    }
    std::sort(names.begin(), names.end());
    return names;
}

void list_folder(PhotoPickerUi& picker, const Strings& t) {
    picker.listed = picker.folder;
    picker.folders = subfolders(picker.folder);
    auto files = list_photo_files(picker.folder);
    picker.error = files ? std::string() : error_text(files.error(), t, picker.folder);
    picker.files = files ? std::move(*files) : std::vector<std::string>{};
}

// `..` and the folders of the listed one, each a full-width tap.
void folder_list(TouchUi& ui, PhotoPickerUi& picker) {
    const std::filesystem::path here(picker.listed);
    std::string open;
    if (here.has_parent_path() && here.parent_path() != here && ui.button("\u2191 ..", "folder-up", ui.full_width())) {
        open = here.parent_path().string();
    }
    for (const std::string& name : picker.folders) {
        if (ui.button(name + "/", "folder:" + name, ui.full_width())) open = (here / name).string();
    }
    if (!open.empty()) {
        picker.folder = open;
        picker.listed.clear();  // listed again next frame
    }
}

// A touch-height square: the decoded thumbnail, or a placeholder where there is no GPU.
void thumbnail_box(TouchUi& ui, const std::string& path, const ThumbnailHook& thumbnail) {
    const float side = ui.touch();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (thumbnail) {
        ImGui::Image(thumbnail(path), ImVec2(side, side));
    } else {
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + side, p.y + side), palette::kHeader, 0.2f * ui.em());
        ImGui::Dummy(ImVec2(side, side));
    }
    ui.mark("thumbnail:" + std::filesystem::path(path).filename().string(), p, ImVec2(p.x + side, p.y + side));
}

}  // namespace

std::string draw_photo_picker(TouchUi& ui, PhotoPickerUi& picker, const ThumbnailHook& thumbnail) {
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

    folder_list(ui, picker);
    if (!picker.error.empty()) ui.colored(picker.error, Tone::Danger);
    else if (picker.files.empty()) ui.muted(ui.t("photo.none_in_folder"));
    for (const std::string& name : picker.files) {
        const std::string path = (std::filesystem::path(picker.listed) / name).string();
        thumbnail_box(ui, path, thumbnail);
        ImGui::SameLine();
        if (ui.button(name, "photo:" + name, ui.full_width())) chosen = path;
    }
    return chosen;
}

}  // namespace fc
