#pragma once
// Assignment: a visit the back office planned for a technician, with the customer's history.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"

namespace fc {

// HistoryEntry: an earlier visit on the same job, so the customer never tells the story twice.
struct HistoryEntry {
    std::string visit_id;
    std::int64_t date_ms = 0;
    std::string outcome;  // "completed" | "not_possible"
    std::string cause;    // failure cause kind when not possible
    std::string note;     // what the technician or back office wrote

    friend bool operator==(const HistoryEntry&, const HistoryEntry&) = default;
};

struct Assignment {
    std::string visit_id;  // given by the depot; unique
    std::string technician_id;
    std::string customer_name;
    std::string address;
    std::string job_id;    // the customer's job; all attempts on it share this id
    std::string customer_id;  // the customer across jobs (a move, a second installation); "" = unknown
    std::int64_t window_start_ms = 0;
    std::int64_t window_end_ms = 0;
    std::string template_id;
    int template_version = 0;
    std::vector<HistoryEntry> history;
    bool escalation = false;  // set by the depot: two earlier attempts ended "not possible"

    friend bool operator==(const Assignment&, const Assignment&) = default;
};

// The escalation rule (story 2): two visits on this job closed "not possible" → the next is marked.
bool needs_escalation(const std::vector<HistoryEntry>& history);
// Whether this visit is to be handled as an escalation: the depot marked it, or its own history
// (two visits of the job closed not possible) says so. Every screen asks this, not the two parts.
bool escalated(const Assignment& a);

// Canonical JSON of an assignment (the form inside a visit record), and its strict, bounded decoder
// (code "malformed" with the JSON path of the problem).
std::string encode_assignment(const Assignment& a);
Expected<Assignment> decode_assignment(std::string_view json);

}  // namespace fc
