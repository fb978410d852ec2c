#include "device_store_rows.h"

#include <utility>

#include "checklists/template_parser.h"
#include "checklists/assignment.h"
#include "sync/storage/sqlite_statement.h"

namespace fc {
namespace {

template <typename E, std::size_t N>
std::optional<E> from_token(const std::pair<E, const char*> (&table)[N], const std::string& s) {
    for (const auto& [value, token] : table) {
        if (s == token) return value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
const char* to_token(const std::pair<E, const char*> (&table)[N], E value) {
    for (const auto& [v, token] : table) {
        if (v == value) return token;
    }
    return table[0].second;
}

constexpr std::pair<VisitPhase, const char*> kPhases[] = {
    {VisitPhase::Assigned, "assigned"},   {VisitPhase::Prechecks, "prechecks"},
    {VisitPhase::Steps, "steps"},         {VisitPhase::Handover, "handover"},
    {VisitPhase::CustomerSurvey, "customer_survey"}, {VisitPhase::Closed, "closed"},
};
constexpr std::pair<Outcome, const char*> kOutcomes[] = {
    {Outcome::Open, "open"}, {Outcome::Completed, "completed"}, {Outcome::NotPossible, "not_possible"},
};
constexpr std::pair<PrecheckBadge::State, const char*> kBadges[] = {
    {PrecheckBadge::State::Pending, "pending"},
    {PrecheckBadge::State::AllMet, "all_met"},
    {PrecheckBadge::State::CheckOnArrival, "check_on_arrival"},
    {PrecheckBadge::State::NotYetConfirmed, "blocking_pending"},
    {PrecheckBadge::State::NotMet, "blocking_not_met"},
};
constexpr std::pair<OutboxState, const char*> kOutboxStates[] = {
    {OutboxState::Pending, "pending"}, {OutboxState::Sent, "sent"}, {OutboxState::SetAside, "set_aside"},
};

}  // namespace

const char* phase_token(VisitPhase p) { return to_token(kPhases, p); }
std::optional<VisitPhase> phase_from_token(const std::string& s) { return from_token(kPhases, s); }
const char* outcome_token(Outcome o) { return to_token(kOutcomes, o); }
std::optional<Outcome> outcome_from_token(const std::string& s) { return from_token(kOutcomes, s); }
std::string badge_token(const PrecheckBadge& b) {
    std::string token = to_token(kBadges, b.state);
    if (!b.precheck_id.empty()) token += ":" + b.precheck_id;
    return token;
}

std::optional<PrecheckBadge> badge_from_token(const std::string& s) {
    const auto colon = s.find(':');
    const auto state = from_token(kBadges, s.substr(0, colon));
    if (!state) return std::nullopt;
    if (colon == std::string::npos) return PrecheckBadge{*state, {}};
    // Precheck ids never hold a ':' (template ids are a-z, 0-9, '-', '_').
    PrecheckBadge b{*state, s.substr(colon + 1)};
    if (b.precheck_id.empty() || !PrecheckBadge::names_precheck(b.state)) return std::nullopt;
    return b;
}

bool badge_needs_replay(const PrecheckBadge& b) {
    return PrecheckBadge::names_precheck(b.state) && b.precheck_id.empty();
}

std::optional<OutboxState> outbox_state_from_token(const std::string& s) { return from_token(kOutboxStates, s); }

Expected<std::shared_ptr<const ChecklistTemplate>> parse_stored_template(const std::string& id, int version,
                                                                         const std::string& json) {
    auto parsed = parse_template(json);
    if (!parsed.problems.empty() || !parsed.checklist) {
        const std::string why = parsed.problems.empty()
                                    ? std::string("no template")
                                    : parsed.problems.front().path + ": " + parsed.problems.front().message;
        return make_error(ErrorCode::corrupt, "The stored template \"" + id + "\" version " + std::to_string(version) +
                                         " can no longer be read (" + why + ")");
    }
    return std::shared_ptr<const ChecklistTemplate>(std::make_shared<ChecklistTemplate>(std::move(*parsed.checklist)));
}

Expected<std::shared_ptr<const ChecklistTemplate>> load_template(sqlite3* db, const std::string& id, int version) {
    auto stmt = SqliteStatement::prepare(db, "SELECT json FROM templates WHERE id = ?1 AND version = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, version);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) {
        return make_error(ErrorCode::template_missing, "Template \"" + id + "\" version " + std::to_string(version) +
                                           " is not on this tablet yet; sync with the depot to fetch it.");
    }
    return parse_stored_template(id, version, stmt->text(0));
}

Status refresh_unstarted_badges(sqlite3* db, const std::shared_ptr<const ChecklistTemplate>& t) {
    auto select = SqliteStatement::prepare(
        db, "SELECT visit_id, assignment_json FROM visits "
            "WHERE template_id = ?1 AND template_version = ?2 AND event_count = 0");
    if (!select) return select.error();
    select->bind(1, t->id).bind(2, t->version);
    std::vector<std::pair<std::string, PrecheckBadge>> badges;
    while (select->next_row()) {
        auto a = decode_assignment(select->text(1));
        if (!a) {
            return make_error(ErrorCode::corrupt, "The stored assignment of visit " + select->text(0) +
                                             " can no longer be read: " + a.error().message);
        }
        badges.emplace_back(select->text(0), Visit(std::move(*a), t).precheck_badge());
    }
    if (Status read = select->done(); !read) return read.error();
    auto update = SqliteStatement::prepare(db, "UPDATE visits SET badge = ?2 WHERE visit_id = ?1");
    if (!update) return update.error();
    for (const auto& [visit_id, badge] : badges) {
        if (auto s = update->bind(1, visit_id).bind(2, badge_token(badge)).run(); !s) return s;
        update->reset();
    }
    return {};
}

}  // namespace fc
