#pragma once
// StatsDepot: a real depot on 127.0.0.1 that visits reach the way tablets send them (walked through
// the engine, sealed, PUT over HTTP), for the statistics pages' tests; and a recount of the weekly
// roll-ups from the visits themselves (received_visits, the store's own reading), which the
// roll-ups kept by every change must always equal.
#include <sqlite3.h>

#include <array>
#include <initializer_list>
#include <map>
#include <string>
#include <tuple>

#include "sync/depot/depot_export.h"
#include "sync/depot/office/office_format.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/survey_code.h"
#include "tests/sync/depot/depot_test_support.h"
#include "tests/sync/depot/office_browser.h"
#include "tests/sync/depot/visit_walker.h"

namespace fc::test {

// The table cells a stats page draws for `values`, as the page's HTML has them.
inline std::string number_cells(std::initializer_list<const char*> values) {
    std::string out;
    for (const char* v : values) out += std::string("<td class=\"num\">") + v + "</td>";
    return out;
}

// The walker's visits are sealed on 14 Nov 2023 (ISO week 2023-W46): the pages are asked for that week.
inline constexpr const char* kWalkerWeek = "from=2023-11-13&to=2023-11-19";
inline constexpr std::int64_t kIntakeMs = 1'699'990'000'000;  // before the walker's visits begin

struct StatsDepot {
    RunningDepot depot;
    std::shared_ptr<const ChecklistTemplate> fiber = repo_template(kTemplateName);
    std::map<std::string, std::string> tokens;
    int sent = 0;

    explicit StatsDepot(DepotServerOptions options = {}, std::filesystem::path at = {}, Clock* clock = nullptr)
        : depot(std::move(options), std::move(at), clock) {
        depot.add_template(*fiber);
    }

    // Plans a visit for `technician`, walks it with `plan`, sends its files and record; returns its id.
    // `confirmed`: the intake confirmed the template's first blocking precheck before departure.
    std::string send(const std::string& technician, WalkPlan plan = {}, std::shared_ptr<const ChecklistTemplate> t = nullptr,
                     bool confirmed = false) {
        if (!t) t = fiber;
        const std::string id = "v-" + std::to_string(++sent);
        const Assignment a = plan_visit(id, technician, *t);
        if (confirmed) {
            auto c = depot.store->confirm_precheck({id, "patch-confirmed", "intake", kIntakeMs}, 1'700'000'000'000);
            if (!c) throw std::runtime_error(c.error().message);
        }
        plan.salt = id;
        put(sealed_visit(a, t, plan), id, technician);
        return id;
    }

    Assignment plan_visit(const std::string& id, const std::string& technician, const ChecklistTemplate& t) {
        const Assignment a = make_assignment(id, technician, t, "job-" + id);
        depot.assign({a});
        return a;
    }

    void put(const SealedVisit& s, const std::string& id, const std::string& technician) {
        if (!tokens.count(technician)) tokens[technician] = depot.token_for(technician);
        auto c = depot.client(tokens.at(technician));
        for (const auto& [sha, bytes] : s.files) c->Put(("/api/v1/attachments/" + sha).c_str(), bytes, "application/octet-stream");
        auto r = c->Put(("/api/v1/visits/" + id).c_str(), s.record, "application/json");
        if (!r || r->status != 201) throw std::runtime_error("visit " + id + " not received: " + (r ? r->body : "no answer"));
    }
};

// A browser logged in as `role` (account "quality-1" etc.), in `lang`.
inline OfficeBrowser logged_in(RunningDepot& depot, OfficeRole role, Lang lang = Lang::En) {
    const std::string name = std::string(role_name(role)) + "-" + lang_code(lang);
    add_office_user(depot, name, role, "correct horse battery", lang);
    OfficeBrowser b(depot);
    if (!b.login(name)) throw std::runtime_error("login failed for " + name);
    return b;
}

// Rows of a roll-up table, as the test compares them.
using ScoreKey = std::tuple<std::string, std::string, int, std::string, int>;  // tech, template, week, touchpoint, flagged
using ScoreCube = std::map<ScoreKey, std::array<long long, 5>>;
using CauseKey = std::tuple<int, std::string, std::string, std::string, int>;  // week, template, kind, precheck, confirmed
using CauseTable = std::map<CauseKey, long long>;

// The cube recounted from the visits as the store reads them (phone answers linked).
inline ScoreCube recount_scores(DepotStore& store) {
    ScoreCube cube;
    const std::vector<ReceivedVisit> visits = store.received_visits().value();
    for (const ReceivedVisit& v : visits) {
        const int week = iso_week_key(v.tablet_sealed_ms);
        const int flagged = v.flags.empty() ? 0 : 1;
        for (const SurveyScore& s : v.scores) {
            if (s.score < 1 || s.score > 5) continue;
            for (const auto& [tech, tmpl] : {std::pair{v.technician_id, v.template_id}, std::pair{v.technician_id, std::string()},
                                             std::pair{std::string(), v.template_id}, std::pair{std::string(), std::string()}}) {
                cube[{tech, tmpl, week, s.touchpoint, flagged}][static_cast<std::size_t>(s.score - 1)] += 1;
            }
        }
    }
    return cube;
}

inline CauseTable recount_causes(DepotStore& store) {
    CauseTable out;
    const std::vector<ReceivedVisit> visits = store.received_visits().value();
    for (const ReceivedVisit& v : visits) {
        int confirmed = 0;
        const std::vector<PrecheckConfirmation> confirmations = store.confirmations(v.visit_id).value();
        for (const PrecheckConfirmation& c : confirmations) {
            confirmed = confirmed || (!v.cause_precheck.empty() && c.precheck_id == v.cause_precheck);
        }
        out[{iso_week_key(v.tablet_sealed_ms), v.template_id, v.cause_kind, v.cause_precheck, confirmed}] += 1;
    }
    return out;
}

// The roll-ups as stored; rows summed back to zero (a phone survey replacing scores) are left out.
inline ScoreCube stored_scores(DepotStore& store) {
    return store.with_db([](DepotDb& db, const std::filesystem::path&) {
        ScoreCube cube;
        auto st = db.prepare("SELECT technician_id, template_id, week, touchpoint, flagged, n1, n2, n3, n4, n5 FROM score_weeks");
        if (!st) throw std::runtime_error(st.error().message);
        while (st->next_row()) {
            std::array<long long, 5> n{};
            for (int i = 0; i < 5; ++i) n[static_cast<std::size_t>(i)] = st->int64(5 + i);
            if (n == std::array<long long, 5>{}) continue;
            cube[{st->text(0), st->text(1), st->int32(2), st->text(3), st->int32(4)}] = n;
        }
        if (Status s = st->done(); !s) throw std::runtime_error(s.error().message);
        return cube;
    });
}

inline CauseTable stored_causes(DepotStore& store) {
    return store.with_db([](DepotDb& db, const std::filesystem::path&) {
        CauseTable out;
        auto st = db.prepare("SELECT week, template_id, cause_kind, cause_precheck, confirmed, n FROM cause_weeks");
        if (!st) throw std::runtime_error(st.error().message);
        while (st->next_row()) {
            if (st->int64(5) == 0) continue;
            out[{st->int32(0), st->text(1), st->text(2), st->text(3), st->int32(4)}] = st->int64(5);
        }
        if (Status s = st->done(); !s) throw std::runtime_error(s.error().message);
        return out;
    });
}

// Per technician: (filled in, flagged, all top, discarded, sum of measured durations), from export's
// own samples and from the survey_samples roll-up.
using SampleSums = std::map<std::string, std::array<long long, 5>>;

inline SampleSums recount_samples(DepotStore& store) {
    SampleSums out;
    for (const SurveySample& s : survey_samples(store.received_visits().value())) {
        auto& a = out[s.technician_id];
        a[0] += s.filled_in;
        a[1] += s.flagged;
        a[2] += s.all_top;
        a[3] += s.discarded;
        a[4] += s.duration_ms.value_or(0);
    }
    return out;
}

inline SampleSums stored_samples(DepotStore& store) {
    return store.with_db([](DepotDb& db, const std::filesystem::path&) {
        SampleSums out;
        auto st = db.prepare("SELECT technician_id, filled_in, flagged, all_top, discarded, coalesce(duration_ms, 0) "
                             "FROM survey_samples WHERE filled_in = 1 OR discarded = 1");
        if (!st) throw std::runtime_error(st.error().message);
        while (st->next_row()) {
            auto& a = out[st->text(0)];
            for (int i = 0; i < 5; ++i) a[static_cast<std::size_t>(i)] += st->int64(1 + i);
        }
        if (Status s = st->done(); !s) throw std::runtime_error(s.error().message);
        return out;
    });
}

}  // namespace fc::test
