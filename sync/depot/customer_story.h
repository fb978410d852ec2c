#pragma once
// CustomerStory: one customer's whole story as the back office reads it (story 2); the `history`
// command and the back office's page print the same query (DepotStore::customer_story).
#include <cstdint>
#include <string>
#include <vector>

#include "checklists/assignment.h"

namespace fc {

// StoryQuery: whose story: a customer, or the customer of a job (only the job's own history when
// the job has no customer id). Exactly one is set.
struct StoryQuery {
    std::string customer_id;
    std::string job_id;
};

// StoryVisit: an earlier visit (received, or imported with a planning sheet) and where it was.
struct StoryVisit {
    HistoryEntry entry;     // with its job
    std::string address;    // "" when the depot never had its assignment (imported history)
};

// PlannedVisit: assigned and not yet received; `escalation` as its tablet shows it.
struct PlannedVisit {
    std::string visit_id;
    std::string job_id;
    std::string technician_id;
    std::string address;
    std::int64_t window_start_ms = 0;
    bool escalation = false;
};

// JobEscalation: a job whose next visit must be escalated: failures since its last completion.
struct JobEscalation {
    std::string job_id;
    int failed_since_completion = 0;
};

struct CustomerStory {
    std::string customer_id;    // "" when asked by a job that has none
    std::string customer_name;  // as the newest assignment names them; "" when none is known
    std::vector<StoryVisit> visits;      // oldest first
    std::vector<PlannedVisit> planned;   // by window
    std::vector<JobEscalation> escalations;

    bool empty() const { return visits.empty() && planned.empty(); }
};

}  // namespace fc
