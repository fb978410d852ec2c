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

}  // namespace

std::vector<std::string> TabletModel::photos_of(const std::string& step_id) const {
    if (!visit_) return {};
    const auto a = visit_->step_answer(step_id);
    if (a && a->kind == Answer::Kind::Photos) return a->hashes;
    if (a && a->kind == Answer::Kind::Attachment) return {a->text};
    const auto pending = pending_photos_.find(step_id);
    return pending == pending_photos_.end() ? std::vector<std::string>{} : pending->second;
}

// The engine takes a list only within photos_min..photos_max: fewer photos wait here, kept on disk
// by hash, until there are enough to be the answer.
Status TabletModel::answer_photos_(const std::string& step_id, std::vector<std::string> hashes) {
    const Step* step = find_step(visit_->checklist(), step_id);
    const std::size_t least = step ? static_cast<std::size_t>(std::max(1, step->photos_min)) : 1;
    if (hashes.size() < least) {
        if (visit_->step_answer(step_id)) {
            // A required step's answer cannot be cleared: it keeps its photos until one is added.
            if (step && step->required) {
                return make_error(ErrorCode::photos_too_few, "the step " + step_id + " needs at least " + std::to_string(least) +
                                                                 " photos; take another before deleting one")
                    .with("step", step_id);
            }
            if (Status s = clear_step(step_id); !s) return s;
        }
        pending_photos_[step_id] = std::move(hashes);
        return {};
    }
    pending_photos_.erase(step_id);
    return answer_step(step_id, Answer::photos(std::move(hashes)));
}

Status TabletModel::add_photo(const std::string& step_id, const std::string& bytes, const std::string& media_type) {
    if (!visit_) return make_error(ErrorCode::no_visit, "no visit is open");
    const Step* step = find_step(visit_->checklist(), step_id);
    const bool list = visit_->format() >= kFirstPhotoListFormat;
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
    // The same picture twice is one photo (the engine takes distinct hashes only).
    if (std::find(hashes.begin(), hashes.end(), hash) == hashes.end()) hashes.push_back(hash);
    return answer_photos_(step_id, std::move(hashes));
}

Status TabletModel::remove_photo(const std::string& step_id, const std::string& sha256) {
    if (!visit_) return make_error(ErrorCode::no_visit, "no visit is open");
    std::vector<std::string> hashes = photos_of(step_id);
    const auto it = std::find(hashes.begin(), hashes.end(), sha256);
    if (it == hashes.end()) {
        return make_error(ErrorCode::unknown_item, "the step " + step_id + " has no photo " + sha256).with("step", step_id);
    }
    hashes.erase(it);
    // The stored file stays: the events before this one still name it, and the outbox sends it.
    if (visit_->format() < kFirstPhotoListFormat) return clear_step(step_id);
    return answer_photos_(step_id, std::move(hashes));
}

}  // namespace fc
