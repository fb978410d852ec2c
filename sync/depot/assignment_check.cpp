#include "sync/depot/assignment_check.h"

#include <functional>
#include <string>

#include "checklists/time_format.h"

namespace fc {
namespace {

// One compared field: its wire name and how each side reads as text for the message.
struct SealedField {
    const char* name;
    std::function<std::string(const VisitRecord&)> in_record;
    std::function<std::string(const Assignment&)> in_revision;
};

std::string window_time(std::int64_t ms) { return utc_iso8601(ms); }

// In the order a planner reads an assignment. The template a record was walked on is compared as
// well as the one its assignment names: both are sealed, and finding 3 is a record walked on
// another version than the one assigned.
const std::vector<SealedField>& sealed_fields() {
    static const std::vector<SealedField> fields = {
        {"visit_id", [](const VisitRecord& r) { return r.assignment.visit_id; }, [](const Assignment& a) { return a.visit_id; }},
        {"technician_id", [](const VisitRecord& r) { return r.assignment.technician_id; },
         [](const Assignment& a) { return a.technician_id; }},
        {"job_id", [](const VisitRecord& r) { return r.assignment.job_id; }, [](const Assignment& a) { return a.job_id; }},
        {"customer_name", [](const VisitRecord& r) { return r.assignment.customer_name; },
         [](const Assignment& a) { return a.customer_name; }},
        {"address", [](const VisitRecord& r) { return r.assignment.address; }, [](const Assignment& a) { return a.address; }},
        {"window_start", [](const VisitRecord& r) { return window_time(r.assignment.window_start_ms); },
         [](const Assignment& a) { return window_time(a.window_start_ms); }},
        {"window_end", [](const VisitRecord& r) { return window_time(r.assignment.window_end_ms); },
         [](const Assignment& a) { return window_time(a.window_end_ms); }},
        {"template_id", [](const VisitRecord& r) { return r.assignment.template_id; },
         [](const Assignment& a) { return a.template_id; }},
        {"template_version", [](const VisitRecord& r) { return std::to_string(r.assignment.template_version); },
         [](const Assignment& a) { return std::to_string(a.template_version); }},
        {"template_id", [](const VisitRecord& r) { return r.template_id; }, [](const Assignment& a) { return a.template_id; }},
        {"template_version", [](const VisitRecord& r) { return std::to_string(r.template_version); },
         [](const Assignment& a) { return std::to_string(a.template_version); }},
    };
    return fields;
}

// Format-1 records carry no customer id (assignment.h, kCustomerHistoryFormat): for them it is not
// compared. For later formats it is: the planner may link a customer at any time, but the link the
// tablet sealed must be one the depot made (an earlier revision holds the unlinked '').
const SealedField kCustomerId{"customer_id", [](const VisitRecord& r) { return r.assignment.customer_id; },
                              [](const Assignment& a) { return a.customer_id; }};

const SealedField* first_difference(const VisitRecord& record, const Assignment& revision) {
    for (const SealedField& f : sealed_fields()) {
        if (f.in_record(record) != f.in_revision(revision)) return &f;
    }
    if (record.format >= kCustomerHistoryFormat && kCustomerId.in_record(record) != kCustomerId.in_revision(revision)) {
        return &kCustomerId;
    }
    return nullptr;
}

}  // namespace

std::optional<Error> check_sealed_assignment(const VisitRecord& record, const std::vector<Assignment>& revisions) {
    const std::string& visit_id = record.assignment.visit_id;
    if (revisions.empty()) {
        return make_error(ErrorCode::unknown_assignment, "visit " + visit_id + " was never assigned by this depot");
    }
    const Assignment* compared = &revisions.front();
    for (const Assignment& revision : revisions) {
        if (!first_difference(record, revision)) return std::nullopt;
    }
    // The newest revision this technician was given says most to the planner reading the refusal.
    for (const Assignment& revision : revisions) {
        if (revision.technician_id == record.assignment.technician_id) {
            compared = &revision;
            break;
        }
    }
    const SealedField* field = first_difference(record, *compared);
    return make_error(ErrorCode::assignment_mismatch,
                      "visit " + visit_id + " does not match what the depot assigned: " + field->name + " is '" +
                          field->in_revision(*compared) + "' at the depot but '" + field->in_record(record) +
                          "' in the record")
        .with("field", field->name);
}

}  // namespace fc
