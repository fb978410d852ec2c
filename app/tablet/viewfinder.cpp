#include "app/tablet/viewfinder.h"

#include <utility>

namespace fc {
Error camera_error(const CameraProblem& problem, const std::string& subject) {
    const std::string detail = problem.detail.empty() ? std::string() : ": " + problem.detail;
    switch (problem.failure) {
        case CameraFailure::Missing:
            return make_error(ErrorCode::camera_missing, "no camera at " + subject + detail).with("subject", subject);
        case CameraFailure::Busy:
            return make_error(ErrorCode::camera_busy, "the camera " + subject + " is busy" + detail).with("subject", subject);
        case CameraFailure::Ended:
            return make_error(ErrorCode::camera_ended, "the camera " + subject + " stopped" + detail).with("subject", subject);
        case CameraFailure::None:
        case CameraFailure::NoModule:
        case CameraFailure::Failed: break;
    }
    return make_error(ErrorCode::camera_failed, "the camera " + subject + " could not be started" + detail).with("subject", subject);
}

std::string trim_scanned(std::string text) {
    const auto blank = [](char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.back())) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && blank(text[start])) ++start;
    return text.substr(start);
}

bool Viewfinder::open(ViewfinderUse use, const std::string& owner, std::optional<CameraSource> source) {
    if (camera_ && use_ == use && owner_ == owner) return true;
    close();
    problem_.reset();
    use_ = use;
    owner_ = owner;
    const std::optional<CameraSource> chosen = source ? source : hooks_.source;
    source_spec_ = chosen ? chosen->spec() : std::string("-");
    if (!chosen || !hooks_.open) {
        problem_ = camera_error({CameraFailure::Missing, "no camera configured"}, source_spec_);
        return false;
    }
    OpenedCamera opened = hooks_.open(*chosen);
    if (!opened.camera) {
        fail_(opened.problem.failure == CameraFailure::None ? CameraProblem{CameraFailure::Failed, "no camera"} : opened.problem);
        return false;
    }
    camera_ = std::move(opened.camera);
    return true;
}

void Viewfinder::close() {
    camera_.reset();
    held_ = false;
    frame_.reset();
    last_scanned_ = 0;
}

void Viewfinder::fail_(const CameraProblem& p) {
    problem_ = camera_error(p, source_spec_);
    close();
}

bool Viewfinder::poll() {
    if (!camera_ || held_) return false;
    auto next = camera_->frame_after(frames_seen());
    if (next) {
        frame_ = std::move(next);
        return true;
    }
    const CameraProblem p = camera_->problem();
    if (p.failure != CameraFailure::None) fail_(p);
    return false;
}

std::optional<std::string> Viewfinder::take() {
    if (!camera_) return std::nullopt;
    auto jpeg = camera_->take_jpeg();
    // No frame yet is not a failure: the shutter simply took nothing.
    if (!jpeg) {
        const CameraProblem p = camera_->problem();
        if (p.failure != CameraFailure::None) fail_(p);
    }
    return jpeg;
}

std::optional<std::string> Viewfinder::scan_if_due() {
    if (!camera_ || frames_seen() < last_scanned_ + kScanEvery) return std::nullopt;
    last_scanned_ = frames_seen();
    for (const ScannedCode& code : camera_->scan()) {
        std::string text = trim_scanned(code.text);
        if (text.empty()) continue;
        close();
        return text;
    }
    return std::nullopt;
}

}  // namespace fc
