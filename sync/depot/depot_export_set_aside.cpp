// The set-aside export: visits the depot refused, for the planner to put right.
#include "sync/depot/depot_export.h"

#include "checklists/canonical_json.h"
#include "checklists/time_format.h"

namespace fc {
namespace {

std::string time_or_empty(std::int64_t ms) { return ms == 0 ? std::string() : utc_iso8601(ms); }

}  // namespace

std::string export_set_aside_csv(const std::vector<SetAsideReport>& reports) {
    std::string out = "visit_id,technician_id,state,status,error,message,reported_at,resolved_at,seal\r\n";
    for (const SetAsideReport& r : reports) {
        out += csv_cell(r.visit_id) + "," + csv_cell(r.technician_id) + "," + (r.resolved_ms ? "resolved" : "open") + "," +
               std::to_string(r.status) + "," + csv_cell(r.error) + "," + csv_cell(r.message) + "," +
               time_or_empty(r.reported_ms) + "," + time_or_empty(r.resolved_ms) + "," + csv_cell(r.seal) + "\r\n";
    }
    return out;
}

std::string export_set_aside_json(const std::vector<SetAsideReport>& reports) {
    auto list = CanonicalJson::array();
    for (const SetAsideReport& r : reports) {
        list.push(CanonicalJson::object()
                      .set("visit_id", r.visit_id)
                      .set("technician_id", r.technician_id)
                      .set("state", r.resolved_ms ? "resolved" : "open")
                      .set("status", r.status)
                      .set("error", r.error)
                      .set("message", r.message)
                      .set("reported_at", utc_iso8601(r.reported_ms))
                      .set("resolved_at", r.resolved_ms ? CanonicalJson(utc_iso8601(r.resolved_ms)) : CanonicalJson())
                      .set("seal", r.seal));
    }
    return CanonicalJson::object().set("set_aside", std::move(list)).dump();
}

std::string set_aside_line(const SetAsideReport& r) {
    std::string line = "visit " + r.visit_id + " (" + r.technician_id + ") was refused " + utc_iso8601(r.reported_ms) +
                       ": HTTP " + std::to_string(r.status) + " " + r.error + ": " + r.message;
    if (r.resolved_ms) line += " -- resolved: received " + utc_iso8601(r.resolved_ms);
    return line;
}

}  // namespace fc
