#include "sync/depot/received_visit_replay.h"

namespace fc {

Expected<std::optional<Visit>> replay_received_visit(DepotStore& store, const std::string& visit_id) {
    auto text = store.visit_record(visit_id);
    if (!text) return text.error();
    if (!*text) return std::optional<Visit>();
    auto record = decode_visit_record(**text);
    if (!record) return make_error(ErrorCode::corrupt, "visit " + visit_id + ": " + record.error().message);
    auto checklist = store.template_for(record->template_id, record->template_version);
    if (!checklist) return checklist.error();
    auto visit = replay_visit(*record, *checklist);
    if (!visit) return make_error(ErrorCode::corrupt, "visit " + visit_id + ": " + visit.error().message);
    return std::optional<Visit>(std::move(visit).value());
}

}  // namespace fc
