#pragma once
// The depot's check of what a sealed record says about its assignment against the revisions of that
// assignment the depot held (issue 11, findings 2 and 3): a record is only received as the visit,
// customer, address, window and template version it was really given.
#include <optional>
#include <vector>

#include "checklists/assignment.h"
#include "checklists/expected.h"
#include "checklists/visit.h"

namespace fc {

// nullopt when the record's sealed assignment (and the template it was walked on) equals one of
// `revisions` held for the record's technician; otherwise `assignment_mismatch` with param "field"
// naming the first field that differs from the newest such revision (or the newest of all, when
// none was ever this technician's), its message giving the depot's value and the record's.
std::optional<Error> check_sealed_assignment(const VisitRecord& record, const std::vector<Assignment>& revisions);

}  // namespace fc
