// DeviceStore: assignments, visits and their events, and the outbox of sealed visits.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "checklists/assignment.h"
#include "sync/store/device_store.h"
#include "sync/store/device_store_rows.h"
#include "sync/storage/sqlite_statement.h"
#include "sync/storage/sqlite_transaction.h"
#include "sync/storage/statement_cache.h"

namespace fc {
namespace {

// The badge a visit with no events shows; Pending until its template is on the tablet.
Expected<PrecheckBadge> initial_badge(sqlite3* db, const Assignment& a, TemplateCache& cache) {
    const auto key = std::make_pair(a.template_id, a.template_version);
    auto it = cache.find(key);
    if (it == cache.end()) {
        auto t = load_template(db, a.template_id, a.template_version);
        if (!t) {
            if (t.error().code == ErrorCode::template_missing) return PrecheckBadge{};
            return t.error();
        }
        it = cache.emplace(key, std::move(*t)).first;
    }
    return Visit(a, it->second).precheck_badge();
}

// The visit's stored row, stepped onto by `select` (its ?1 is the visit id); code "not_found",
// saying `missing`, when the tablet has no such visit.
Expected<SqliteStatement> find_visit(sqlite3* db, const char* select, const std::string& visit_id,
                                     const std::string& missing) {
    auto find = SqliteStatement::prepare(db, select);
    if (!find) return find.error();
    find->bind(1, visit_id);
    auto row = find->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::not_found, missing);
    return std::move(*find);
}

Status check_assignment(const Assignment& a) {
    if (a.visit_id.empty()) return make_error(ErrorCode::invalid_assignment, "An assignment without a visit id was refused");
    if (a.template_id.empty() || a.template_version <= 0) {
        return make_error(ErrorCode::invalid_assignment, "The assignment for visit " + a.visit_id +
                                                    " names no template (id and a version of 1 or more)");
    }
    return {};
}

// A visit with no events follows its assignment exactly: created, or rewritten (even onto a new
// template version), with the badge its prechecks give before anything is answered. It takes the
// record format this build seals.
Status put_unstarted_visit(sqlite3* db, const Assignment& a, const std::string& json, std::int64_t now_ms,
                           TemplateCache& cache) {
    auto badge = initial_badge(db, a, cache);
    if (!badge) return badge.error();
    auto upsert = SqliteStatement::prepare(
        db, "INSERT INTO visits (visit_id, assignment_json, template_id, template_version, phase, outcome, "
            "badge, seal, event_count, updated_ms, record_format) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', 0, ?8, ?9) "
            "ON CONFLICT (visit_id) DO UPDATE SET assignment_json = excluded.assignment_json, "
            "template_id = excluded.template_id, template_version = excluded.template_version, "
            "phase = excluded.phase, outcome = excluded.outcome, event_count = 0, "
            "badge = excluded.badge, updated_ms = excluded.updated_ms, record_format = excluded.record_format");
    if (!upsert) return upsert.error();
    return upsert->bind(1, a.visit_id)
        .bind(2, json)
        .bind(3, a.template_id)
        .bind(4, a.template_version)
        .bind(5, phase_token(VisitPhase::Assigned))
        .bind(6, outcome_token(Outcome::Open))
        .bind(7, badge_token(*badge))
        .bind(8, now_ms)
        .bind(9, kSealedRecordFormat)
        .run();
}

Status update_assignment_json(sqlite3* db, const std::string& visit_id, const std::string& json, std::int64_t now_ms) {
    auto update = SqliteStatement::prepare(db, "UPDATE visits SET assignment_json = ?2, updated_ms = ?3 WHERE visit_id = ?1");
    if (!update) return update.error();
    return update->bind(1, visit_id).bind(2, json).bind(3, now_ms).run();
}

// A visit only the intake has touched follows its assignment like a new one. On the same template
// its confirmations stay as sealed; on another version they are dropped with the old row, and the
// depot's page, which carries every confirmation of the visits in it, seals them on the new one.
Status follow_confirmed_visit(sqlite3* db, const Assignment& a, const std::string& json, bool same_template,
                              std::int64_t now_ms, TemplateCache& cache) {
    if (same_template) return update_assignment_json(db, a.visit_id, json, now_ms);
    auto drop = SqliteStatement::prepare(db, "DELETE FROM events WHERE visit_id = ?1");
    if (!drop) return drop.error();
    if (auto s = drop->bind(1, a.visit_id).run(); !s) return s;
    return put_unstarted_visit(db, a, json, now_ms, cache);
}

}  // namespace

// One assignment inside the caller's transaction. The rules (story 2 and the seal):
// - new visit id: an open visit is created;
// - no events yet, or only the intake's: the row follows the depot (even a new template version);
// - started by the technician: keeps its template version and everything the technician saw, only
//   the history and the escalation mark follow the depot;
// - sealed: nothing changes, since the seal covers the assignment as it was.
// Any assignment for a visit marked withdrawn clears the mark: the visit is this technician's again.
Status store_assignment(sqlite3* db, const Assignment& a, std::int64_t now_ms, TemplateCache& cache) {
    if (auto s = check_assignment(a); !s) return s;
    auto find = SqliteStatement::prepare(
        db, "SELECT assignment_json, event_count, seal, withdrawn, template_id, template_version FROM visits "
            "WHERE visit_id = ?1");
    if (!find) return find.error();
    find->bind(1, a.visit_id);
    auto row = find->step();
    if (!row) return row.error();
    const std::string json = encode_assignment(a);
    if (!*row) return put_unstarted_visit(db, a, json, now_ms, cache);

    const std::string stored_json = find->text(0);
    const std::int64_t event_count = find->int64(1);
    const bool sealed = !find->text(2).empty();
    const bool same_template = find->text(4) == a.template_id && find->int32(5) == a.template_version;
    if (find->int64(3) != 0) {
        auto back = SqliteStatement::prepare(db, "UPDATE visits SET withdrawn = 0, updated_ms = ?2 WHERE visit_id = ?1");
        if (!back) return back.error();
        if (auto s = back->bind(1, a.visit_id).bind(2, now_ms).run(); !s) return s;
    }
    if (sealed || stored_json == json) return {};
    if (event_count == 0) return put_unstarted_visit(db, a, json, now_ms, cache);
    auto started = started_by_technician(db, a.visit_id);
    if (!started) return started.error();
    if (!*started) return follow_confirmed_visit(db, a, json, same_template, now_ms, cache);

    auto stored = decode_assignment(stored_json);
    if (!stored) {
        return make_error(ErrorCode::corrupt, "The stored assignment of visit " + a.visit_id +
                                         " can no longer be read: " + stored.error().message);
    }
    Assignment merged = std::move(*stored);
    merged.history = a.history;
    merged.escalation = a.escalation;
    const std::string merged_json = encode_assignment(merged);
    if (merged_json == stored_json) return {};
    return update_assignment_json(db, a.visit_id, merged_json, now_ms);
}

Expected<bool> started_by_technician(sqlite3* db, const std::string& visit_id) {
    auto stmt = SqliteStatement::prepare(db, "SELECT EXISTS (SELECT 1 FROM events WHERE visit_id = ?1 AND actor <> ?2)");
    if (!stmt) return stmt.error();
    stmt->bind(1, visit_id).bind(2, to_string(Actor::Intake));
    auto row = stmt->step();
    if (!row) return row.error();
    return *row && stmt->int64(0) != 0;
}

namespace {

Expected<VisitEvent> read_event(const SqliteStatement& row, const std::string& visit_id) {
    // Columns: seq, wall_ms, mono_ms, actor, kind, item, old_value, new_value, detail
    VisitEvent e;
    e.seq = row.int64(0);
    e.wall_ms = row.int64(1);
    e.mono_ms = row.int64(2);
    const auto actor = actor_from_string(row.text(3));
    const auto kind = event_kind_from_string(row.text(4));
    if (!actor || !kind) {
        return make_error(ErrorCode::corrupt, "Stored event " + std::to_string(e.seq) + " of visit " + visit_id +
                                         " has an unknown actor \"" + row.text(3) + "\" or kind \"" + row.text(4) +
                                         "\"");
    }
    e.actor = *actor;
    e.kind = *kind;
    e.item = row.text(5);
    // A payload the engine would not have written is refused like an event the rules refuse.
    if (Status s = read_event_text(e, EventText{row.text(6), row.text(7), row.text(8)}); !s) {
        return make_error(ErrorCode::replay_refused, "Stored event " + std::to_string(e.seq) + " (" + to_string(e.kind) +
                                                         ") of visit " + visit_id + " is refused on replay: " +
                                                         s.error().message);
    }
    return e;
}

Expected<OutboxState> outbox_state_of(sqlite3* db, const std::string& visit_id) {
    auto stmt = SqliteStatement::prepare(db, "SELECT state FROM outbox WHERE visit_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, visit_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::not_found, "Visit " + visit_id + " is not in the outbox");
    const auto state = outbox_state_from_token(stmt->text(0));
    if (!state) return make_error(ErrorCode::corrupt, "Outbox row of visit " + visit_id + " has an unknown state");
    return *state;
}

// A receipt is final: a sent visit is never queued or set aside again (it would arrive twice).
Status check_not_sent(sqlite3* db, const std::string& visit_id) {
    auto state = outbox_state_of(db, visit_id);
    if (!state) return state.error();
    if (*state == OutboxState::Sent) {
        return make_error(ErrorCode::already_sent, "Visit " + visit_id + " was already received by the depot");
    }
    return {};
}

// A photo or signature answer names its file by SHA-256; the file must be on this tablet (its row
// commits only after the file is fsynced) before an answer may point at it, or the visit would be
// sealed and sent with a hole the depot can never fill. Checked inside the caller's transaction,
// so the attachment cannot disappear between the check and the insert.
// The files one answer names: its one attachment, or every photo of a photo list (record format 4).
std::vector<std::string> files_named(const std::optional<Answer>& answer) {
    if (!answer) return {};
    if (answer->kind == Answer::Kind::Attachment) return {answer->text};
    if (answer->kind == Answer::Kind::Photos) return answer->hashes;
    return {};
}

Status check_attachments_stored(StatementCache& statements, const Visit& after, const Events& events) {
    for (const VisitEvent& e : events) {
        for (const std::string& hash : files_named(e.new_answer)) {
            auto find = statements.get("SELECT 1 FROM attachments WHERE sha256 = ?1");
            if (!find) return find.error();
            (*find)->bind(1, hash);
            auto row = (*find)->step();
            if (!row) return row.error();
            if (*row) continue;
            // A handover item's attachment is the customer's signature (template format 2).
            const Step* step = after.checklist().find_step(e.item);
            const HandoverItem* item = step ? nullptr : after.checklist().find_handover(e.item);
            const std::string what = item || (step && step->kind == StepKind::Signature) ? "signature" : "photo";
            const std::string name = step   ? "step \"" + step->title + "\" (" + e.item + ")"
                                     : item ? "handover item \"" + item->title + "\" (" + e.item + ")"
                                            : "step " + e.item;
            return make_error(ErrorCode::attachment_missing,
                              "The " + what + " for " + name + " of visit " + after.assignment().visit_id +
                                  " is not stored on this tablet (no file " + hash + "); take it again. Nothing was stored.");
        }
    }
    return {};
}

std::string joined(const std::vector<std::string>& hashes) {
    std::string out;
    for (const std::string& h : hashes) out += (out.empty() ? "" : " ") + h;
    return out;
}

std::vector<std::string> split_hashes(const std::string& joined) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < joined.size();) {
        const std::size_t end = std::min(joined.find(' ', at), joined.size());
        out.push_back(joined.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

// The sealed visit enters the outbox with its record encoded here, once: every upload attempt sends
// these bytes as they are.
Status queue_sealed(StatementCache& statements, const Visit& sealed) {
    auto outbox = statements.get(
        "INSERT INTO outbox (visit_id, seal, state, record, attachments) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!outbox) return outbox.error();
    return (*outbox)->bind(1, sealed.assignment().visit_id)
        .bind(2, sealed.seal())
        .bind(3, to_string(OutboxState::Pending))
        .bind(4, encode_visit_record(sealed))
        .bind(5, joined(sealed.attachment_hashes()))
        .run();
}

}  // namespace

Status DeviceStore::put_assignment(const Assignment& a) {
    auto tx = Transaction::begin(db_, "storing the assignment of visit " + a.visit_id);
    if (!tx) return tx.error();
    TemplateCache cache;
    if (auto s = store_assignment(db_, a, clock_.now().wall_ms, cache); !s) return s;
    return tx->commit();
}

Status DeviceStore::apply_assignment_page(const std::vector<Assignment>& page, const std::string& cursor) {
    DownSyncPage whole;
    whole.assignments = page;
    whole.cursor = cursor;
    auto applied = apply_assignment_page(whole);
    if (!applied) return applied.error();
    return {};
}

Expected<std::vector<VisitSummary>> DeviceStore::list_visits() {
    auto stmt = SqliteStatement::prepare(
        db_, "SELECT visit_id, assignment_json, phase, outcome, badge, seal, withdrawn FROM visits");
    if (!stmt) return stmt.error();
    std::vector<VisitSummary> out;
    while (stmt->next_row()) {
        const std::string visit_id = stmt->text(0);
        auto a = decode_assignment(stmt->text(1));
        const auto phase = phase_from_token(stmt->text(2));
        const auto outcome = outcome_from_token(stmt->text(3));
        const auto badge = badge_from_token(stmt->text(4));
        if (!a || !phase || !outcome || !badge) {
            return make_error(ErrorCode::corrupt, "The stored row of visit " + visit_id + " can no longer be read" +
                                             (a ? std::string() : ": " + a.error().message));
        }
        out.push_back(
            VisitSummary{std::move(*a), *phase, *outcome, *badge, !stmt->text(5).empty(), stmt->int64(6) != 0});
    }
    if (Status read = stmt->done(); !read) return read.error();
    for (VisitSummary& s : out) {
        if (!badge_needs_replay(s.badge)) continue;
        // A row from before badges named their precheck: the replayed visit gives the badge; when it
        // cannot be replayed the stored state is still shown.
        if (auto v = load_visit(s.assignment.visit_id)) s.badge = v->precheck_badge();
    }
    // The day's list in the order the technician drives it.
    std::sort(out.begin(), out.end(), [](const VisitSummary& x, const VisitSummary& y) {
        return std::tie(x.assignment.window_start_ms, x.assignment.visit_id) <
               std::tie(y.assignment.window_start_ms, y.assignment.visit_id);
    });
    return out;
}

Expected<Visit> DeviceStore::load_visit(const std::string& visit_id) {
    // One snapshot: a background sync committing between the two SELECTs cannot tear the visit.
    auto tx = Transaction::begin_read(db_, "loading visit " + visit_id);
    if (!tx) return tx.error();
    auto visit = replay_stored_visit(db_, visit_id);
    if (!visit) return visit.error();
    if (auto s = tx->commit(); !s) return s.error();
    return visit;
}

Expected<Visit> replay_stored_visit(sqlite3* db, const std::string& visit_id) {
    auto find = find_visit(db,
                           "SELECT assignment_json, template_id, template_version, seal, event_count, record_format "
                           "FROM visits WHERE visit_id = ?1",
                           visit_id, "Visit " + visit_id + " is not on this tablet");
    if (!find) return find.error();
    auto a = decode_assignment(find->text(0));
    if (!a) {
        return make_error(ErrorCode::corrupt, "The stored assignment of visit " + visit_id +
                                         " can no longer be read: " + a.error().message);
    }
    const std::string template_id = find->text(1);
    const int template_version = find->int32(2);
    const std::string stored_seal = find->text(3);
    const std::int64_t event_count = find->int64(4);
    // Events were walked under the stored format; a visit without any is walked under this build's.
    const int format = event_count == 0 ? kSealedRecordFormat : find->int32(5);

    auto checklist = load_template(db, template_id, template_version);
    if (!checklist) return checklist.error();
    Visit visit(std::move(*a), std::move(*checklist), format);

    auto events = SqliteStatement::prepare(
        db, "SELECT seq, wall_ms, mono_ms, actor, kind, item, old_value, new_value, detail "
             "FROM events WHERE visit_id = ?1 ORDER BY seq");
    if (!events) return events.error();
    events->bind(1, visit_id);
    std::int64_t replayed = 0;
    while (events->next_row()) {
        auto e = read_event(*events, visit_id);
        if (!e) return e.error();
        // Why replay through the rules: the stored events are the only truth; a visit that the
        // engine would not accept must not be shown as if it were fine.
        if (auto s = visit.apply(*e); !s) {
            return make_error(ErrorCode::replay_refused, "Stored event " + std::to_string(e->seq) + " (" + to_string(e->kind) +
                                                    ") of visit " + visit_id + " is refused on replay: " +
                                                    s.error().message);
        }
        ++replayed;
    }
    if (Status read = events->done(); !read) return read.error();
    if (replayed != event_count) {
        return make_error(ErrorCode::corrupt, "Visit " + visit_id + " should have " + std::to_string(event_count) +
                                         " stored events but has " + std::to_string(replayed));
    }
    if (stored_seal != visit.seal()) {
        return make_error(ErrorCode::seal_mismatch, "Visit " + visit_id + ": the stored seal (" +
                                               (stored_seal.empty() ? std::string("none") : stored_seal) +
                                               ") differs from the seal of its replayed events (" +
                                               (visit.sealed() ? visit.seal() : std::string("none")) +
                                               "); its record was changed after it was sealed.");
    }
    return visit;
}

namespace {

// The events to store must continue the stored ones, number for number, and be the tail of the
// visit given: a visit that was changed in between is refused rather than stored half.
Status check_events_follow(const Visit& after, const Events& events, std::int64_t stored_count) {
    const std::string& visit_id = after.assignment().visit_id;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const std::int64_t expected = stored_count + 1 + static_cast<std::int64_t>(i);
        if (events[i].seq != expected) {
            return make_error(ErrorCode::seq_gap, "Visit " + visit_id + " has " + std::to_string(stored_count) +
                                             " stored events, so the next must be number " + std::to_string(expected) +
                                             ", not " + std::to_string(events[i].seq) + ". Nothing was stored.");
        }
    }
    const Events& all = after.events();
    if (all.size() != static_cast<std::size_t>(stored_count) + events.size() ||
        !std::equal(events.begin(), events.end(), all.end() - static_cast<std::ptrdiff_t>(events.size()))) {
        return make_error(ErrorCode::invalid_events, "Visit " + visit_id +
                                                ": the visit given does not end with the events to store. "
                                                "Nothing was stored.");
    }
    return {};
}

Status insert_events(StatementCache& statements, const std::string& visit_id, const Events& events) {
    auto found = statements.get(
        "INSERT INTO events (visit_id, seq, wall_ms, mono_ms, actor, kind, item, old_value, new_value, detail) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!found) return found.error();
    SqliteStatement& insert = **found;
    for (const auto& e : events) {
        const EventText text = event_text(e);
        insert.bind(1, visit_id)
            .bind(2, e.seq)
            .bind(3, e.wall_ms)
            .bind(4, e.mono_ms)
            .bind(5, to_string(e.actor))
            .bind(6, to_string(e.kind))
            .bind(7, e.item)
            .bind(8, text.old_value)
            .bind(9, text.new_value)
            .bind(10, text.detail);
        if (auto s = insert.run(); !s) return s;
        insert.reset();
    }
    return {};
}

// The visit's stored row must take these events: not sealed, on the same template version, walked
// under the format its stored events were (the first event fixes it).
Status check_visit_takes_events(const Visit& after, const SqliteStatement& row) {
    // Columns: template_id, template_version, event_count, seal, record_format
    const std::string& visit_id = after.assignment().visit_id;
    const std::string template_id = row.text(0);
    const int template_version = row.int32(1);
    if (!row.text(3).empty()) {
        return make_error(ErrorCode::sealed, "Visit " + visit_id + " is sealed; no change to it can be stored");
    }
    if (after.checklist().id != template_id || after.checklist().version != template_version) {
        return make_error(ErrorCode::template_mismatch, "Visit " + visit_id + " is stored on template \"" + template_id +
                                                   "\" version " + std::to_string(template_version) +
                                                   " but the changes were made on version " +
                                                   std::to_string(after.checklist().version) +
                                                   "; reopen the visit. Nothing was stored.");
    }
    if (row.int64(2) > 0 && row.int32(4) != after.format()) {
        return make_error(ErrorCode::invalid_events, "Visit " + visit_id + " is walked under record format " +
                                                         std::to_string(row.int32(4)) + ", not " +
                                                         std::to_string(after.format()) + "; reopen the visit. "
                                                         "Nothing was stored.");
    }
    return {};
}

}  // namespace

// Every statement from `statements`: an answer compiles no SQL once its statements are warm.
Status store_visit_events(StatementCache& statements, const Visit& after, const Events& events, std::int64_t now) {
    const std::string& visit_id = after.assignment().visit_id;
    std::int64_t stored_count = 0;
    {
        auto find = statements.get(
            "SELECT template_id, template_version, event_count, seal, record_format FROM visits WHERE visit_id = ?1");
        if (!find) return find.error();
        (*find)->bind(1, visit_id);
        auto row = (*find)->step();
        if (!row) return row.error();
        if (!*row) return make_error(ErrorCode::not_found, "Visit " + visit_id + " is not on this tablet; nothing was stored");
        stored_count = (*find)->int64(2);
        if (auto s = check_visit_takes_events(after, **find); !s) return s;
    }
    if (auto s = check_events_follow(after, events, stored_count); !s) return s;

    if (auto s = check_attachments_stored(statements, after, events); !s) return s;

    if (auto s = insert_events(statements, visit_id, events); !s) return s;

    const Events& all = after.events();
    auto update = statements.get(
        "UPDATE visits SET phase = ?2, outcome = ?3, badge = ?4, event_count = ?5, updated_ms = ?6, "
        "record_format = ?7 WHERE visit_id = ?1");
    if (!update) return update.error();
    (*update)->bind(1, visit_id)
        .bind(2, phase_token(after.phase()))
        .bind(3, outcome_token(after.outcome()))
        .bind(4, badge_token(after.precheck_badge()))
        .bind(5, static_cast<std::int64_t>(all.size()))
        .bind(6, now)
        .bind(7, after.format());
    if (auto s = (*update)->run(); !s) return s;

    if (after.sealed()) {
        // The seal covers the assignment as this visit saw it; storing exactly that one keeps the
        // replay's seal equal even if the depot updated the history while the visit was open.
        auto seal = statements.get("UPDATE visits SET seal = ?2, assignment_json = ?3 WHERE visit_id = ?1");
        if (!seal) return seal.error();
        if (auto s = (*seal)->bind(1, visit_id).bind(2, after.seal()).bind(3, encode_assignment(after.assignment())).run();
            !s) {
            return s;
        }
        if (auto s = queue_sealed(statements, after); !s) return s;
    }
    return {};
}

StatementCache& DeviceStore::statements_() {
    if (!statement_cache_) statement_cache_ = std::make_unique<StatementCache>(db_);
    return *statement_cache_;
}

std::int64_t DeviceStore::statements_compiled() { return statements_().compiled(); }

Status DeviceStore::append_events(const Visit& after, const Events& events) {
    if (events.empty()) return {};
    const std::string& visit_id = after.assignment().visit_id;
    auto tx = Transaction::begin(statements_(), "storing " + std::to_string(events.size()) + " change(s) of visit " + visit_id);
    if (!tx) return tx.error();
    if (auto s = store_visit_events(statements_(), after, events, clock_.now().wall_ms); !s) return s;
    return tx->commit();
}

// --- outbox ---

Expected<std::vector<OutboxItem>> DeviceStore::outbox() {
    auto stmt = SqliteStatement::prepare(
        db_, "SELECT visit_id, seal, state, attempts, next_attempt_ms, last_error, receipt, sent_ms, "
             "last_error_code, last_error_ms FROM outbox ORDER BY rowid");
    if (!stmt) return stmt.error();
    std::vector<OutboxItem> out;
    while (stmt->next_row()) {
        const auto state = outbox_state_from_token(stmt->text(2));
        if (!state) return make_error(ErrorCode::corrupt, "Outbox row of visit " + stmt->text(0) + " has an unknown state");
        out.push_back(OutboxItem{stmt->text(0), stmt->text(1), *state, stmt->int32(3), stmt->int64(4), stmt->text(5),
                                 stmt->text(6), stmt->int64(7), stmt->text(8), stmt->int64(9)});
    }
    if (Status read = stmt->done(); !read) return read.error();
    return out;
}

Expected<SealedRecord> DeviceStore::sealed_record(const std::string& visit_id) {
    {
        auto tx = Transaction::begin_read(db_, "reading the sealed record of visit " + visit_id);
        if (!tx) return tx.error();
        auto find = find_visit(db_,
                               "SELECT o.seal, o.record, o.attachments, v.seal FROM outbox AS o JOIN visits AS v "
                               "USING (visit_id) WHERE o.visit_id = ?1",
                               visit_id, "Visit " + visit_id + " is not in the outbox");
        if (!find) return find.error();
        // The visit's own seal: the caller compares it with the one the outbox item was queued with.
        SealedRecord r{find->text(3), find->text(1), split_hashes(find->text(2))};
        if (auto s = tx->commit(); !s) return s.error();
        if (!r.bytes.empty() && r.seal == find->text(0)) return r;
    }
    // Sealed before records were kept: replayed and encoded this once.
    auto visit = load_visit(visit_id);
    if (!visit) return visit.error();
    SealedRecord r{visit->seal(), encode_visit_record(*visit), visit->attachment_hashes()};
    auto tx = Transaction::begin(db_, "keeping the sealed record of visit " + visit_id);
    if (!tx) return tx.error();
    auto keep = SqliteStatement::prepare(
        db_, "UPDATE outbox SET record = ?2, attachments = ?3 WHERE visit_id = ?1 AND seal = ?4 AND record = ''");
    if (!keep) return keep.error();
    if (auto s = keep->bind(1, visit_id).bind(2, r.bytes).bind(3, joined(r.attachments)).bind(4, r.seal).run(); !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) return s.error();
    return r;
}

Status DeviceStore::mark_sent(const std::string& visit_id, const std::string& receipt, std::int64_t now_ms) {
    auto tx = Transaction::begin(db_, "marking visit " + visit_id + " as sent");
    if (!tx) return tx.error();
    auto state = outbox_state_of(db_, visit_id);
    if (!state) return state.error();
    auto update = SqliteStatement::prepare(
        db_, "UPDATE outbox SET state = 'sent', receipt = ?2, sent_ms = ?3, last_error = '', last_error_code = '', "
             "last_error_ms = 0 WHERE visit_id = ?1");
    if (!update) return update.error();
    if (auto s = update->bind(1, visit_id).bind(2, receipt).bind(3, now_ms).run(); !s) return s;
    return tx->commit();
}

Status DeviceStore::mark_retry(const std::string& visit_id, const Error& error, std::int64_t next_attempt_ms) {
    return keep_outbox_problem_(visit_id, false, error.message, to_string(error.code), next_attempt_ms);
}

Status DeviceStore::set_aside(const std::string& visit_id, const Error& reason) {
    return keep_outbox_problem_(visit_id, true, reason.message, to_string(reason.code), 0);
}

// A sentence without a code is worded on screen as it was before schema 5: the sentence itself.
Status DeviceStore::mark_retry(const std::string& visit_id, const std::string& error, std::int64_t next_attempt_ms) {
    return keep_outbox_problem_(visit_id, false, error, "", next_attempt_ms);
}

Status DeviceStore::set_aside(const std::string& visit_id, const std::string& reason) {
    return keep_outbox_problem_(visit_id, true, reason, "", 0);
}

Status DeviceStore::note_depot_unreached(const Error& error) {
    auto tx = Transaction::begin(db_, "noting that the depot did not answer");
    if (!tx) return tx.error();
    auto update = SqliteStatement::prepare(
        db_, "UPDATE outbox SET last_error = ?1, last_error_code = ?2, last_error_ms = ?3 WHERE state = 'pending'");
    if (!update) return update.error();
    if (auto s = update->bind(1, error.message).bind(2, to_string(error.code)).bind(3, clock_.now().wall_ms).run(); !s) return s;
    return tx->commit();
}

Status DeviceStore::keep_outbox_problem_(const std::string& visit_id, bool aside, const std::string& message,
                                         const std::string& code, std::int64_t next_attempt_ms) {
    auto tx = Transaction::begin(db_, aside ? "setting visit " + visit_id + " aside" : "scheduling another attempt for visit " + visit_id);
    if (!tx) return tx.error();
    if (auto s = check_not_sent(db_, visit_id); !s) return s;
    // A set-aside visit keeps its next attempt time (none matters); a pending one gets its own.
    auto update = SqliteStatement::prepare(
        db_, "UPDATE outbox SET state = ?6, attempts = attempts + 1, last_error = ?2, "
             "next_attempt_ms = CASE WHEN ?6 = 'pending' THEN ?3 ELSE next_attempt_ms END, "
             "last_error_code = ?4, last_error_ms = ?5 WHERE visit_id = ?1");
    if (!update) return update.error();
    if (auto s = update->bind(1, visit_id).bind(2, message).bind(3, next_attempt_ms).bind(4, code).bind(5, clock_.now().wall_ms)
                     .bind(6, std::string_view(aside ? "set_aside" : "pending")).run();
        !s) {
        return s;
    }
    return tx->commit();
}

}  // namespace fc
