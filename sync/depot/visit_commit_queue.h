#pragma once
// VisitCommitQueue: group commit for checked visits: request threads hand theirs in, one of them
// commits everything waiting in one transaction through VisitBatchStore, and each gets its own answer.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "sync/depot/depot_store.h"

namespace fc {

// Why no committer thread and no timer: the first request to find nobody committing commits at
// once (a lone visit waits for nothing); requests that arrive while a commit runs queue up, and
// when it returns one of them commits all of them together. So the batch is exactly what queued
// during the previous commit, and a visit's answer is handed out only after the commit holding it
// returned: a failed commit fails every visit in it, and none is acknowledged.
class VisitCommitQueue {
public:
    explicit VisitCommitQueue(VisitBatchStore& store) : store_(store) {}
    VisitCommitQueue(const VisitCommitQueue&) = delete;
    VisitCommitQueue& operator=(const VisitCommitQueue&) = delete;

    // Blocks until the commit holding `visit` returned; thread-safe.
    Expected<StoredVisit> store(ReceivedVisit visit, std::int64_t now_ms);

    // Counters for tests and the bench: how many commits ran, the most visits one held, and how
    // many visits wait for the next commit now.
    std::int64_t commits() const;
    std::size_t largest_batch() const;
    std::size_t waiting() const;

private:
    struct Waiting {
        VisitToStore visit;
        std::optional<Expected<StoredVisit>> answer;
    };
    void commit_waiting_(std::unique_lock<std::mutex>& lock);

    VisitBatchStore& store_;
    mutable std::mutex mutex_;
    std::condition_variable answered_;
    std::deque<Waiting*> waiting_;  // each lives on its request's stack until answered
    bool committing_ = false;
    std::int64_t commits_ = 0;
    std::size_t largest_batch_ = 0;
};

}  // namespace fc
