// The DepotStore's part of the customer's own phone: the devices' survey keys and the answers phones sent.
#include "sync/depot/depot_rollups.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/signing_key.h"

namespace fc {

Status DepotStore::put_survey_key(const std::string& technician_id, const std::string& device, const std::string& key,
                                  std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto st = cached_("INSERT INTO survey_keys(technician_id, device, survey_key, created_ms) "
                                            "VALUES(?, ?, ?, ?) ON CONFLICT(technician_id, survey_key) DO NOTHING");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, technician_id).bind(2, device).bind(3, base64_encode(key)).bind(4, now_ms);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return {};
}

Expected<std::vector<std::string>> DepotStore::survey_keys(const std::string& technician_id) {
    if (DepotStore* r = reader_()) return r->survey_keys(technician_id);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT survey_key FROM survey_keys WHERE technician_id = ? ORDER BY created_ms");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, technician_id);
    std::vector<std::string> keys;
    while (st->next_row()) {
        auto key = base64_decode(st->text(0));
        if (!key) return make_error(ErrorCode::corrupt, "a survey key of technician " + technician_id + " is stored damaged");
        keys.push_back(std::move(key).value());
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return keys;
}

Expected<bool> DepotStore::store_phone_survey(const PhoneSurvey& p) {
    std::lock_guard lock(mutex_);
    // One transaction with the roll-ups: the phone's answers may replace the visit's counted scores.
    auto tx = DepotTransaction::begin(*db_, "storing the phone survey of " + p.visit_id);
    if (!tx) return depot_error(tx.error(), dir_);
    if (Status s = roll_up_scores(*db_, p.visit_id, -1); !s) return depot_error(s.error(), dir_);
    auto st = cached_("INSERT INTO phone_surveys(visit_id, code, scores, comment, language, "
                                            "submitted_ms, channel) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(visit_id) DO NOTHING");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, p.visit_id).bind(2, p.code).bind(3, scores_to_json(p.scores)).bind(4, p.comment).bind(5, p.language);
    st->bind(6, p.submitted_ms).bind(7, p.channel);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    const bool stored = st->changes() == 1;
    if (Status s = roll_up_scores(*db_, p.visit_id, 1); !s) return depot_error(s.error(), dir_);
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return stored;
}

Expected<std::optional<PhoneSurvey>> DepotStore::phone_survey(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT visit_id, code, scores, comment, language, submitted_ms, channel "
                                            "FROM phone_surveys WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<PhoneSurvey>();
    auto scores = scores_from_json(st->text(2));
    if (!scores) return scores.error();
    return std::optional<PhoneSurvey>(
        PhoneSurvey{st->text(0), st->text(1), std::move(scores).value(), st->text(3), st->text(4), st->int64(5), st->text(6)});
}

Expected<std::optional<std::string>> DepotStore::received_survey_status(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT survey_status FROM visits WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

}  // namespace fc
