#pragma once
// The back office's list of received visits: VisitFilter (what the GET parameters ask for),
// VisitListRow (one line of the list), VisitListPage (one page of them and how many match), and
// the choices the filter's selects offer. Read through DepotStore::with_db, newest seal first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

inline constexpr int kVisitsPerPage = 50;

// VisitFilter: every field empty/unset = no filter on it. Dates are the tablet's seal time; `to_ms`
// is exclusive (the day after the last day asked for).
struct VisitFilter {
    std::optional<std::int64_t> from_ms;
    std::optional<std::int64_t> to_ms;
    std::string technician_id;
    std::string template_id;
    std::string outcome;         // "completed" | "not_possible"
    std::string cause_kind;      // a FailureCause kind's name
    std::string cause_precheck;  // the precheck a precheck_not_met cause names
    std::string flag;            // a SurveyFlag code (survey area only)
    std::string channel;         // "tablet" | "phone_qr" | "mailed_link" | "none"
};

// VisitListRow: what a list line shows and links to.
struct VisitListRow {
    std::string visit_id;
    std::int64_t sealed_ms = 0;
    std::string customer_id;
    std::string customer_name;
    std::string address;
    std::string job_id;
    std::string technician_id;
    std::string technician_name;
    std::string template_id;
    int template_version = 0;
    std::string outcome;
    std::string cause_kind;
    std::string cause_precheck;
    std::string channel;
    std::optional<double> mean_score;  // the survey's smileys (the phone's when it answered); none unanswered
    std::vector<std::string> flags;    // SurveyFlag codes
};

struct VisitListPage {
    std::vector<VisitListRow> rows;
    std::int64_t total = 0;  // visits matching the filter
};

// One page (`page` from 0) of the visits matching `filter`, newest seal first.
Expected<VisitListPage> query_visit_list(DepotStore& store, const VisitFilter& filter, int page);

// VisitChoice: one option of a filter's select: the value sent and what the person reads.
struct VisitChoice {
    std::string value;
    std::string label;
};
// The technicians who sent visits (with their planning-sheet names) and the templates the depot holds.
Expected<std::vector<VisitChoice>> technician_choices(DepotStore& store);
Expected<std::vector<VisitChoice>> template_choices(DepotStore& store);

}  // namespace fc
