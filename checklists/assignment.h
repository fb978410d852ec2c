#pragma once
// Assignment: a visit the back office planned for a technician, with the customer's history.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"

namespace fc {

// HistoryValue: one answer the template marks for the next visit ("history": true on a measure or
// choice step): the step's title and what was recorded, a measure with its unit ("-18.5 dBm").
struct HistoryValue {
    std::string title;
    std::string value;

    friend bool operator==(const HistoryValue&, const HistoryValue&) = default;
};

// HistoryEntry: an earlier visit for the same customer, so the customer never tells the story twice.
struct HistoryEntry {
    std::string visit_id;
    std::int64_t date_ms = 0;
    std::string outcome;  // "completed" | "not_possible"
    std::string cause;    // failure cause kind when not possible
    std::string note;     // what the helpdesk should know: the cause's words and the texts the template marks
    // Carried from record format 2 on (format-1 records have none of these). The `{}` lets the
    // entries written before them keep their five-field initialisers.
    std::string job_id{};                // the job it was on; "" = the assignment's own job
    std::vector<HistoryValue> values{};  // the measured values that matter, in step order
    std::vector<std::string> todo{};     // the customer's to-do list the visit handed over

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
    std::vector<HistoryEntry> history;  // the customer's earlier visits, oldest first
    bool escalation = false;  // set by the depot: two attempts on this job failed since its last completion
    // The technician's name as the planning sheet gives it (record format 5 on; "" = not given), for
    // the customer's receipt. Last, so positional initialisers stay valid.
    std::string technician_name{};

    friend bool operator==(const Assignment&, const Assignment&) = default;
};

// The first record format whose assignment carries customer_id and the history's job, values and
// to-do lists; format-1 records are written and read without them, byte for byte as they were.
inline constexpr int kCustomerHistoryFormat = 2;
// How much history one assignment carries: the newest entries; the depot keeps them all.
inline constexpr std::size_t kMaxHistoryEntries = 30;
inline constexpr std::size_t kMaxHistoryValues = 40;  // per entry
inline constexpr std::size_t kMaxHistoryTodo = 40;    // per entry
// Far below the decoder's bound, so the history never makes an assignment a tablet must refuse,
// and a visit record keeps room for its events.
inline constexpr std::size_t kMaxHistoryBytes = 256 * 1024;

// The escalation rule (story 2), per job: the visits on `job_id` closed "not possible" since that
// job's last completed visit (an entry without a job is on the assignment's own job).
int failed_attempts_since_completion(const std::vector<HistoryEntry>& history, const std::string& job_id);
// Two such failures on a job → its next visit is marked. The one threshold the depot's figures
// and the screens' words count against.
inline constexpr int kFailuresBeforeEscalation = 2;
bool needs_escalation(const Assignment& a);
// Whether this visit is to be handled as an escalation: the depot marked it, or its own history
// says so. Every screen asks this, not the two parts.
bool escalated(const Assignment& a);

// Orders the history by date and keeps the newest entries a tablet accepts: at most
// kMaxHistoryEntries, values and to-do lists cut to their bounds, the encoded assignment within
// kMaxHistoryBytes. Decide the escalation mark before: it is about the whole history.
void keep_newest_history(Assignment& a);

// Canonical JSON of an assignment in its newest form (the tablet's store, the wire), and its
// strict, bounded decoder (code "malformed" with the JSON path of the problem). Inside a visit
// record the record's format decides the form (visit_json.h).
std::string encode_assignment(const Assignment& a);
Expected<Assignment> decode_assignment(std::string_view json);

}  // namespace fc
