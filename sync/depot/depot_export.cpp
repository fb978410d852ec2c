#include "depot_export.h"

#include "checklists/canonical_json.h"
#include "checklists/time_format.h"
#include "checklists/visit.h"
#include "sync/depot/depot_export_answers.h"

#include <cstdio>

namespace fc {

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

namespace {

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

// "appointment=1 arrival=1": beside the flag customer_answers_discarded.
std::string discarded_cell(const ReceivedVisit& v) {
    std::string out;
    for (const DiscardedAnswer& a : v.discarded_answers) {
        if (!out.empty()) out += ' ';
        out += a.question_id + "=" + a.value;
    }
    return out;
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csv_cell(cells[i]);
    }
    return out + "\r\n";
}

std::string share_cell(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", share);
    return buf;
}

std::string p_cell(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", p);
    return buf;
}

std::string optional_ms(const std::optional<std::int64_t>& ms) { return ms ? std::to_string(*ms) : std::string(); }

}  // namespace

std::string export_visits_csv(const std::vector<ReceivedVisit>& visits) {
    std::string out =
        "visit_id,job_id,technician_id,customer_name,address,template_id,template_version,outcome,cause,cause_precheck,"
        "cause_text,survey_status,survey_channel,score_appointment,score_arrival,score_explanation,score_result,survey_comment,"
        "integrity_flags,discarded_answers,serials,photos,tablet_sealed_at,received_at,depot_seq,seal,device,device_key_id,"
        "technician_name,receipt\r\n";
    for (const ReceivedVisit& v : visits) {
        const ExportedAnswers answers = exported_answers(v.record);
        const std::vector<std::string> cells = {
            v.visit_id, v.job_id, v.technician_id, v.customer_name, v.address, v.template_id,
            std::to_string(v.template_version), v.outcome, v.cause_kind, v.cause_precheck, v.cause_text, v.survey_status,
            v.survey_channel, score_for(v, kExportTouchpoints[0]), score_for(v, kExportTouchpoints[1]), score_for(v, kExportTouchpoints[2]),
            score_for(v, kExportTouchpoints[3]), v.survey_comment, flag_codes(v), discarded_cell(v), serials_cell(answers),
            answers.photos ? std::to_string(*answers.photos) : std::string(), utc_iso8601(v.tablet_sealed_ms),
            utc_iso8601(v.received_ms), std::to_string(v.depot_seq), v.seal, v.device, v.device_key_id,
            v.technician_name, receipt_state(v)};
        out += csv_line(cells);
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
        auto discarded = CanonicalJson::object();
        for (const DiscardedAnswer& a : v.discarded_answers) discarded.set(a.question_id, a.value);
        const ExportedAnswers answers = exported_answers(v.record);
        auto serials = CanonicalJson::object();
        for (const auto& [step, serial] : answers.serials) serials.set(step, serial);
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
                      .set("discarded_answers", std::move(discarded))
                      .set("serials", std::move(serials))
                      .set("photos", answers.photos ? CanonicalJson(*answers.photos) : CanonicalJson())
                      .set("tablet_sealed_at", utc_iso8601(v.tablet_sealed_ms))
                      .set("received_at", utc_iso8601(v.received_ms))
                      .set("depot_seq", v.depot_seq)
                      .set("seal", v.seal)
                      .set("device", v.device)
                      .set("device_key_id", v.device_key_id)
                      .set("record_signature", v.record_signature)
                      .set("technician_name", v.technician_name)
                      .set("receipt", receipt_state(v)));
    }
    return CanonicalJson::object().set("visits", std::move(list)).dump();
}

std::vector<SurveySample> survey_samples(const std::vector<ReceivedVisit>& visits) {
    std::vector<SurveySample> out;
    for (const ReceivedVisit& v : visits) {
        SurveySample s;
        s.technician_id = v.technician_id;
        s.filled_in = v.survey_status == "submitted";
        s.discarded = !v.discarded_answers.empty();
        if (!s.filled_in && !s.discarded) continue;
        s.flagged = !v.flags.empty();
        s.all_top = !v.scores.empty();
        for (const SurveyScore& score : v.scores) s.all_top = s.all_top && score.score == kTopScore;
        // From the sealed events, so visits received before this depot version are measured too.
        if (auto record = decode_visit_record(v.record)) s.duration_ms = survey_duration_ms(record->events);
        out.push_back(std::move(s));
    }
    return out;
}

std::string export_technician_stats_csv(const FleetReport& r) {
    std::string out = csv_line({"technician_id", "surveys", "flagged", "flagged_share", "fleet_flagged_share", "flagged_p",
                                "all_top", "all_top_share", "fleet_all_top_share", "all_top_p", "median_survey_ms",
                                "fleet_median_survey_ms", "median_survey_ms_z", "discarded_surveys", "outlier", "why"});
    for (const TechnicianStats& t : r.technicians) {
        const std::string outlier = !t.tested ? "too_few_surveys" : t.outlier_reasons.empty() ? "no" : "yes";
        const std::string why = !t.tested ? "fewer than " + std::to_string(kMinSurveysForOutlier) +
                                                " filled-in surveys: not tested" : t.outlier_reasons;
        out += csv_line({t.technician_id, std::to_string(t.surveys), std::to_string(t.flagged.count), share_cell(t.flagged.share),
                         share_cell(r.fleet.flagged_share), p_cell(t.flagged.p), std::to_string(t.all_top.count),
                         share_cell(t.all_top.share), share_cell(r.fleet.all_top_share), p_cell(t.all_top.p),
                         optional_ms(t.median_duration_ms), optional_ms(r.fleet.median_duration_ms),
                         t.duration_z ? p_cell(*t.duration_z) : std::string(), std::to_string(t.discarded), outlier, why});
    }
    return out;
}

}  // namespace fc
