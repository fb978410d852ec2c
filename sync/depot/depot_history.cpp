// The customer's history on the depot (story 2): written from every received visit, read for every
// assignment a tablet fetches and for the back office's `history` query. History belongs to the
// customer across jobs; escalation stays per job.
#include <algorithm>
#include <map>

#include "checklists/canonical_json.h"
#include "sync/depot/depot_store.h"
#include "sync/wire/wire_fields.h"

namespace fc {
namespace {

// The rows of one job and, when a customer is named, of every job that customer had: rows written
// with the customer's id, and rows of any job whose assignment names the customer (written before
// the job was linked to its customer, or before the depot knew customers at all). Every test of the
// customer repeats the partial indexes' "customer_id <> ''", so SQLite uses them (no table scan).
constexpr const char* kHistoryWhere =
    "visit_id <> ?3 AND (job_id = ?1 OR (customer_id = ?2 AND customer_id <> '') OR "
    "job_id IN (SELECT job_id FROM assignments WHERE customer_id = ?2 AND customer_id <> ''))";

std::string values_to_json(const std::vector<HistoryValue>& values) {
    auto list = CanonicalJson::array();
    for (const HistoryValue& v : values) list.push(CanonicalJson::object().set("title", v.title).set("value", v.value));
    return list.dump();
}

std::string todo_to_json(const std::vector<std::string>& todo) {
    auto list = CanonicalJson::array();
    for (const std::string& t : todo) list.push(t);
    return list.dump();
}

// The columns were written by this store; a decode failure means the file was edited by hand.
Status values_from_json(const std::string& text, std::vector<HistoryValue>& out) {
    auto doc = parse_bounded_json(text, 1 << 20, 4);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return make_error(ErrorCode::corrupt, "a history entry's stored values are not a list");
    for (const auto& item : doc->GetArray()) {
        WireFields f(item, "stored history value");
        HistoryValue v{f.text("title"), f.text("value")};
        if (!f.ok()) return f.error();
        out.push_back(std::move(v));
    }
    return {};
}

Status todo_from_json(const std::string& text, std::vector<std::string>& out) {
    auto doc = parse_bounded_json(text, 1 << 20, 2);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return make_error(ErrorCode::corrupt, "a history entry's stored to-do list is not a list");
    for (const auto& item : doc->GetArray()) {
        if (!item.IsString()) return make_error(ErrorCode::corrupt, "a history entry's stored to-do item is not text");
        out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return {};
}

// The customer's name and id as the newest assignment of the customer (or the job) has them.
Status read_who(DepotDb& db, const StoryQuery& q, CustomerStory& story) {
    auto st = db.prepare("SELECT customer_id, customer_name FROM assignments WHERE (?1 <> '' AND customer_id = ?1) OR "
            "(?1 = '' AND job_id = ?2) ORDER BY window_start_ms DESC, seq DESC LIMIT 1");
    if (!st) return st.error();
    st->bind(1, q.customer_id).bind(2, q.job_id);
    auto row = st->step();
    if (!row) return row.error();
    story.customer_id = q.customer_id;
    if (!row.value()) return {};
    if (story.customer_id.empty()) story.customer_id = st->text(0);
    story.customer_name = st->text(1);
    return {};
}

Expected<std::map<std::string, std::string>> addresses_of_received(DepotDb& db, const std::vector<HistoryEntry>& entries) {
    std::map<std::string, std::string> out;
    auto st = db.prepare("SELECT address FROM assignments WHERE visit_id = ?");
    if (!st) return st.error();
    for (const HistoryEntry& h : entries) {
        st->reset();
        st->bind(1, h.visit_id);
        auto row = st->step();
        if (!row) return row.error();
        if (row.value()) out[h.visit_id] = st->text(0);
    }
    return out;
}

// Every job of the story whose failures since its last completion call for escalation.
std::vector<JobEscalation> escalations_of(const std::vector<HistoryEntry>& history) {
    std::vector<std::string> jobs;
    for (const HistoryEntry& h : history) {
        if (std::find(jobs.begin(), jobs.end(), h.job_id) == jobs.end()) jobs.push_back(h.job_id);
    }
    std::vector<JobEscalation> out;
    for (const std::string& job : jobs) {
        const int failed = failed_attempts_since_completion(history, job);
        if (failed >= kFailuresBeforeEscalation) out.push_back({job, failed});
    }
    return out;
}

}  // namespace

Expected<std::vector<HistoryEntry>> DepotStore::history_(const std::string& job_id, const std::string& customer_id,
                                                         const std::string& except_visit_id) {
    auto st = cached_(std::string("SELECT visit_id, date_ms, outcome, cause, note, job_id, measured, todo FROM history WHERE ") +
                 kHistoryWhere + " ORDER BY date_ms, visit_id");
    if (!st) return st.error();
    st->bind(1, job_id).bind(2, customer_id).bind(3, except_visit_id);
    std::vector<HistoryEntry> out;
    while (st->next_row()) {
        HistoryEntry h{st->text(0), st->int64(1), st->text(2), st->text(3), st->text(4), st->text(5)};
        if (Status s = values_from_json(st->text(6), h.values); !s) return s.error();
        if (Status s = todo_from_json(st->text(7), h.todo); !s) return s.error();
        out.push_back(std::move(h));
    }
    if (Status read = st->done(); !read) return read.error();
    return out;
}

Status DepotStore::add_history_(Assignment& a) {
    auto history = history_(a.job_id, a.customer_id, a.visit_id);
    if (!history) return history.error();
    a.history = std::move(history).value();
    // On the whole history, before it is cut to what a tablet accepts.
    a.escalation = needs_escalation(a);
    keep_newest_history(a);
    return {};
}

// A received visit replaces what was imported under its id; an imported entry never replaces one.
Status DepotStore::write_history_(const HistoryEntry& h, const std::string& customer_id, bool received) {
    auto st = cached_(std::string("INSERT INTO history(job_id, visit_id, date_ms, outcome, cause, note, source, customer_id, "
                                  "measured, todo) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(job_id, visit_id) ") +
                      (received ? "DO UPDATE SET date_ms = excluded.date_ms, outcome = excluded.outcome, cause = excluded.cause, "
                                  "note = excluded.note, source = excluded.source, customer_id = excluded.customer_id, "
                                  "measured = excluded.measured, todo = excluded.todo"
                                : "DO NOTHING"));
    if (!st) return st.error();
    st->bind(1, h.job_id).bind(2, h.visit_id).bind(3, h.date_ms).bind(4, h.outcome).bind(5, h.cause).bind(6, h.note);
    st->bind(7, received ? "received" : "imported").bind(8, customer_id).bind(9, values_to_json(h.values));
    st->bind(10, todo_to_json(h.todo));
    return st->run();
}

Status DepotStore::bump_open_assignments_(const std::string& job_id, const std::string& customer_id,
                                          const std::string& except_visit_id, std::int64_t now_ms) {
    auto open = cached_("SELECT visit_id FROM assignments WHERE visit_id <> ?3 AND visit_id NOT IN (SELECT visit_id FROM visits) "
             "AND (job_id = ?1 OR (customer_id = ?2 AND customer_id <> '')) ORDER BY seq");
    if (!open) return open.error();
    open->bind(1, job_id).bind(2, customer_id).bind(3, except_visit_id);
    std::vector<std::string> to_bump;
    while (open->next_row()) to_bump.push_back(open->text(0));
    if (Status read = open->done(); !read) return read;
    for (const std::string& id : to_bump) {
        if (Status s = bump_assignment_(id, now_ms); !s) return s;
    }
    return {};
}

Status DepotStore::set_customer_id_(const Assignment& a) {
    for (const char* sql : {"UPDATE assignments SET customer_id = ?2 WHERE visit_id = ?1",
                            "UPDATE history SET customer_id = ?2 WHERE visit_id = ?1"}) {
        auto st = cached_(sql);
        if (!st) return st.error();
        st->bind(1, a.visit_id).bind(2, a.customer_id);
        if (Status s = st->run(); !s) return s;
    }
    return {};
}

Expected<std::string> DepotStore::customer_of_visit_(const std::string& visit_id) {
    auto st = cached_("SELECT customer_id FROM assignments WHERE visit_id = ?");
    if (!st) return st.error();
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return row.error();
    return row.value() ? st->text(0) : std::string();
}

Expected<std::vector<PlannedVisit>> DepotStore::planned_visits_(const std::string& job_id, const std::string& customer_id) {
    auto st = cached_("SELECT visit_id, job_id, technician_id, address, window_start_ms, customer_id FROM assignments "
             "WHERE visit_id NOT IN (SELECT visit_id FROM visits) AND (job_id = ?1 OR (customer_id = ?2 AND customer_id <> '')) "
             "AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.visit_id = assignments.visit_id AND w.kind = 'cancelled') "
             "ORDER BY window_start_ms, visit_id");
    if (!st) return st.error();
    st->bind(1, job_id).bind(2, customer_id);
    std::vector<PlannedVisit> out;
    std::vector<std::string> customers;
    while (st->next_row()) {
        out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->int64(4), false});
        customers.push_back(st->text(5));
    }
    if (Status read = st->done(); !read) return read.error();
    for (std::size_t i = 0; i < out.size(); ++i) {
        Assignment a;
        a.visit_id = out[i].visit_id;
        a.job_id = out[i].job_id;
        a.customer_id = customers[i];
        if (Status s = add_history_(a); !s) return s.error();
        out[i].escalation = a.escalation;
    }
    return out;
}

Expected<CustomerStory> DepotStore::customer_story_(const StoryQuery& query) {
    CustomerStory story;
    if (Status s = read_who(*db_, query, story); !s) return s.error();
    auto history = history_(query.job_id, story.customer_id, "");
    if (!history) return history.error();
    auto addresses = addresses_of_received(*db_, history.value());
    if (!addresses) return addresses.error();
    for (HistoryEntry& h : history.value()) {
        const auto address = addresses->find(h.visit_id);
        story.visits.push_back({h, address == addresses->end() ? std::string() : address->second});
    }
    story.escalations = escalations_of(history.value());
    auto planned = planned_visits_(query.job_id, story.customer_id);
    if (!planned) return planned.error();
    story.planned = std::move(planned).value();
    return story;
}

}  // namespace fc
