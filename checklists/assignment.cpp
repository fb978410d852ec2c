#include "assignment.h"

#include <algorithm>

namespace fc {

int failed_attempts_since_completion(const std::vector<HistoryEntry>& history, const std::string& job_id) {
    std::vector<const HistoryEntry*> on_job;
    for (const HistoryEntry& h : history) {
        if (h.job_id.empty() || h.job_id == job_id) on_job.push_back(&h);
    }
    // By date, whatever order the entries came in: "since the last completion" is about time.
    std::stable_sort(on_job.begin(), on_job.end(),
                     [](const HistoryEntry* a, const HistoryEntry* b) { return a->date_ms < b->date_ms; });
    int failed = 0;
    for (const HistoryEntry* h : on_job) {
        if (h->outcome == "completed") failed = 0;
        if (h->outcome == "not_possible") ++failed;
    }
    return failed;
}

bool needs_escalation(const Assignment& a) {
    return failed_attempts_since_completion(a.history, a.job_id) >= kFailuresBeforeEscalation;
}

bool escalated(const Assignment& a) { return a.escalation || needs_escalation(a); }

void keep_newest_history(Assignment& a) {
    std::vector<HistoryEntry>& h = a.history;
    std::stable_sort(h.begin(), h.end(), [](const HistoryEntry& x, const HistoryEntry& y) { return x.date_ms < y.date_ms; });
    if (h.size() > kMaxHistoryEntries) h.erase(h.begin(), h.end() - static_cast<std::ptrdiff_t>(kMaxHistoryEntries));
    for (HistoryEntry& e : h) {
        if (e.values.size() > kMaxHistoryValues) e.values.resize(kMaxHistoryValues);
        if (e.todo.size() > kMaxHistoryTodo) e.todo.resize(kMaxHistoryTodo);
    }
    // Oldest first out; rarely more than once (notes are a few lines), so encoding again is cheap.
    while (!h.empty() && encode_assignment(a).size() > kMaxHistoryBytes) h.erase(h.begin());
}

}  // namespace fc
