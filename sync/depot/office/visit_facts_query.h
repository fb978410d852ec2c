#pragma once
// VisitFacts: what the depot's tables hold of one visit besides its record: the stored columns
// (survey as linked, device, receipt), the assignment the depot holds now, withdrawals, planning
// conflicts and set-aside reports, so the visit page can say a visit was never stored or withdrawn.
#include <optional>
#include <string>
#include <vector>

#include "checklists/expected.h"
#include "sync/depot/depot_store.h"

namespace fc {

struct VisitFacts {
    std::optional<ReceivedVisit> received;  // nullopt: the record never arrived (or was set aside)
    std::optional<Assignment> assignment;   // as the depot holds it now (no history)
    std::vector<Withdrawal> withdrawals;
    std::vector<PlanningConflict> conflicts;
    std::vector<SetAsideReport> set_aside;

    bool known() const { return received || assignment || !withdrawals.empty() || !set_aside.empty(); }
};

// One visit's facts in one state of the file (a handful of primary-key and index lookups).
Expected<VisitFacts> query_visit_facts(DepotStore& store, const std::string& visit_id);

}  // namespace fc
