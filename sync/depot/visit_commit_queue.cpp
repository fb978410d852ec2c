#include "visit_commit_queue.h"

#include <utility>
#include <vector>

namespace fc {

Expected<StoredVisit> VisitCommitQueue::store(ReceivedVisit visit, std::int64_t now_ms) {
    Waiting mine{{std::move(visit), now_ms}, std::nullopt};
    std::unique_lock lock(mutex_);
    waiting_.push_back(&mine);
    while (!mine.answer) {
        if (!committing_) {
            commit_waiting_(lock);
        } else {
            answered_.wait(lock);
        }
    }
    return std::move(*mine.answer);
}

// Called with the lock held and nobody committing; takes everything waiting (this thread's own
// visit among it), commits it with the lock released, and answers each.
void VisitCommitQueue::commit_waiting_(std::unique_lock<std::mutex>& lock) {
    committing_ = true;
    std::vector<Waiting*> taken(waiting_.begin(), waiting_.end());
    waiting_.clear();
    lock.unlock();
    std::vector<VisitToStore> batch;
    batch.reserve(taken.size());
    for (Waiting* w : taken) batch.push_back(std::move(w->visit));
    auto stored = store_.store_visits(batch);
    lock.lock();
    for (std::size_t i = 0; i < taken.size(); ++i) {
        if (!stored) {
            taken[i]->answer = Expected<StoredVisit>(stored.error());
        } else if (i < stored->size()) {
            taken[i]->answer = std::move((*stored)[i]);
        } else {
            taken[i]->answer = Expected<StoredVisit>(make_error(ErrorCode::sqlite_error, "the store gave no answer for this visit"));
        }
    }
    ++commits_;
    if (taken.size() > largest_batch_) largest_batch_ = taken.size();
    committing_ = false;
    answered_.notify_all();
}

std::int64_t VisitCommitQueue::commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
}

std::size_t VisitCommitQueue::largest_batch() const {
    std::lock_guard lock(mutex_);
    return largest_batch_;
}

std::size_t VisitCommitQueue::waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_.size();
}

}  // namespace fc
