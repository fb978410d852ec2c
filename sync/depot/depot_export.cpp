#include "depot_export.h"

#include "checklists/canonical_json.h"
#include "checklists/time_format.h"

namespace fc {
namespace {

std::string csv_cell(const std::string& s) {
    std::string value = s;
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r')) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string score_for(const ReceivedVisit& v, const char* touchpoint) {
    for (const SurveyScore& s : v.scores) {
        if (s.touchpoint == touchpoint) return std::to_string(s.score);
    }
    return {};
}

std::string flag_codes(const ReceivedVisit& v) {
    std::string out;
    for (const SurveyFlag& f : v.flags) {
        if (!out.empty()) out += ' ';
        out += f.code;
    }
    return out;
}

}  // namespace

std::string export_visits_csv(const std::vector<ReceivedVisit>& visits) {
    std::string out =
        "visit_id,job_id,technician_id,customer_name,address,template_id,template_version,outcome,cause,cause_precheck,"
        "cause_text,survey_status,survey_channel,score_appointment,score_arrival,score_explanation,score_result,survey_comment,"
        "integrity_flags,tablet_sealed_at,received_at,depot_seq,seal\r\n";
    for (const ReceivedVisit& v : visits) {
        const std::vector<std::string> cells = {
            v.visit_id, v.job_id, v.technician_id, v.customer_name, v.address, v.template_id,
            std::to_string(v.template_version), v.outcome, v.cause_kind, v.cause_precheck, v.cause_text, v.survey_status,
            v.survey_channel, score_for(v, kExportTouchpoints[0]), score_for(v, kExportTouchpoints[1]), score_for(v, kExportTouchpoints[2]),
            score_for(v, kExportTouchpoints[3]), v.survey_comment, flag_codes(v), utc_iso8601(v.tablet_sealed_ms),
            utc_iso8601(v.received_ms), std::to_string(v.depot_seq), v.seal};
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += ',';
            out += csv_cell(cells[i]);
        }
        out += "\r\n";
    }
    return out;
}

std::string export_visits_json(const std::vector<ReceivedVisit>& visits) {
    auto list = CanonicalJson::array();
    for (const ReceivedVisit& v : visits) {
        auto scores = CanonicalJson::object();
        for (const SurveyScore& s : v.scores) scores.set(s.touchpoint.empty() ? s.question_id : s.touchpoint, s.score);
        auto flags = CanonicalJson::array();
        for (const SurveyFlag& f : v.flags) flags.push(CanonicalJson::object().set("code", f.code).set("message", f.message));
        auto cause = CanonicalJson();
        if (!v.cause_kind.empty()) {
            cause = CanonicalJson::object().set("kind", v.cause_kind).set("precheck", v.cause_precheck).set("text", v.cause_text);
        }
        list.push(CanonicalJson::object()
                      .set("visit_id", v.visit_id)
                      .set("job_id", v.job_id)
                      .set("technician_id", v.technician_id)
                      .set("customer_name", v.customer_name)
                      .set("address", v.address)
                      .set("template", CanonicalJson::object().set("id", v.template_id).set("version", v.template_version))
                      .set("outcome", v.outcome)
                      .set("cause", std::move(cause))
                      .set("survey_status", v.survey_status)
                      .set("survey_channel", v.survey_channel)
                      .set("scores", std::move(scores))
                      .set("survey_comment", v.survey_comment)
                      .set("integrity_flags", std::move(flags))
                      .set("tablet_sealed_at", utc_iso8601(v.tablet_sealed_ms))
                      .set("received_at", utc_iso8601(v.received_ms))
                      .set("depot_seq", v.depot_seq)
                      .set("seal", v.seal));
    }
    return CanonicalJson::object().set("visits", std::move(list)).dump();
}

}  // namespace fc
