// TabletModel's photo verbs: several photos per step (record format 4), one in older visits.
#include <algorithm>

#include "app/tablet/tablet_model.h"
#include "checklists/sha256.h"

namespace fc {
namespace {

const Step* find_step(const ChecklistTemplate& t, const std::string& id) {
    for (const Step& s : t.steps) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

// Record format 4 is the first to hold a list of photos; an older visit's records must stay readable
// by the depots and tablets that know only its format.
constexpr int kPhotoListFormat = 4;

}  // namespace

std::vector<std::string> TabletModel::photos_of(const std::string& step_id) const {
    if (!visit_) return {};
    const auto a = visit_->step_answer(step_id);
    if (!a) return {};
    if (a->kind == Answer::Kind::Photos) return a->hashes;
    if (a->kind == Answer::Kind::Attachment) return {a->text};
    return {};
}

Status TabletModel::add_photo(const std::string& step_id, const std::string& bytes, const std::string& media_type) {
    if (!visit_) return make_error(ErrorCode::no_visit, "no visit is open");
    const Step* step = find_step(visit_->checklist(), step_id);
    const bool list = visit_->format() >= kPhotoListFormat;
    std::vector<std::string> hashes = list ? photos_of(step_id) : std::vector<std::string>{};
    const std::size_t most = step ? static_cast<std::size_t>(std::max(1, step->photos_max)) : 1;
    if (list && hashes.size() >= most) {
        return make_error(ErrorCode::photos_too_many, "the step " + step_id + " has all the photos it can take")
            .with("step", step_id);
    }
    // Practice keeps nothing: the answer carries the hash, the file is never written.
    std::string hash = sha256_hex(bytes);
    if (!practice_) {
        auto stored = store_->put_attachment(bytes, media_type);
        if (!stored) return stored.error();
        hash = *stored;
    }
    if (!list) return answer_step(step_id, Answer::attachment(hash));
    hashes.push_back(hash);
    return answer_step(step_id, Answer::photos(std::move(hashes)));
}

Status TabletModel::remove_photo(const std::string& step_id, const std::string& sha256) {
    std::vector<std::string> hashes = photos_of(step_id);
    const auto it = std::find(hashes.begin(), hashes.end(), sha256);
    if (it == hashes.end()) {
        return make_error(ErrorCode::unknown_item, "the step " + step_id + " has no photo " + sha256).with("step", step_id);
    }
    hashes.erase(it);
    // The stored file stays: the events before this one still name it, and the outbox sends it.
    if (hashes.empty()) return clear_step(step_id);
    return answer_step(step_id, Answer::photos(std::move(hashes)));
}

}  // namespace fc
