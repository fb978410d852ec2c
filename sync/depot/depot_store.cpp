#include "depot_store.h"

#include <system_error>

#include "checklists/canonical_json.h"
#include "checklists/sha256.h"
#include "checklists/template_parser.h"
#include "sync/depot/depot_rollups.h"
#include "sync/depot/depot_schema.h"
#include "sync/depot/db/pg_depot_db.h"
#include "sync/depot/db/pg_schema.h"
#include "sync/depot/db/sqlite_depot_db.h"
#include "sync/depot/depot_store_error.h"
#include "sync/wire/device_token.h"
#include "sync/storage/durable_file.h"
#include "sync/wire/wire_fields.h"
#include "sync/wire/wire_ids.h"

namespace fc {

Error depot_error(Error e, const std::filesystem::path& db_path) {
    if (e.code == ErrorCode::disk_full) {
        e.message = "The depot's disk is full: nothing was stored. Free space on the disk holding " + db_path.string() + ".";
    } else if (e.code == ErrorCode::corrupt) {
        e.message = "The depot database " + db_path.string() + " is damaged; it was left as it is. (" + e.message + ")";
    }
    return e;
}

// Shared with depot_store_phone_surveys.cpp (depot_store_error.h): one stored form of scores.
std::string scores_to_json(const std::vector<SurveyScore>& scores) {
    auto list = CanonicalJson::array();
    for (const auto& s : scores) {
        list.push(CanonicalJson::object().set("question", s.question_id).set("touchpoint", s.touchpoint).set("score", s.score));
    }
    return list.dump();
}

namespace {

std::string flags_to_json(const std::vector<SurveyFlag>& flags) {
    auto list = CanonicalJson::array();
    for (const auto& f : flags) list.push(CanonicalJson::object().set("code", f.code).set("message", f.message));
    return list.dump();
}

}  // namespace

namespace {

// The phone's answers (columns 24, 25 of received_visits' query) stand for the survey of a visit
// closed "on_phone", whichever of the two arrived first; the channel says where a survey came from.
template <class Row>
Status link_phone_survey(ReceivedVisit& v, const Row& row) {
    if (v.survey_status == "submitted") v.survey_channel = "tablet";
    else if (v.survey_status == "on_phone") v.survey_channel = "phone_qr";
    else v.survey_channel = "none";
    if (row.is_null(24)) return {};
    // The depot's mailed link answers a survey the tablet closed unanswered (or left on the phone).
    if (row.text(29) == "mailed_link") v.survey_channel = "mailed_link";
    auto scores = scores_from_json(row.text(24));
    if (!scores) return scores.error();
    v.scores = std::move(scores).value();
    v.survey_comment = row.text(25);
    return {};
}

}  // namespace

// The columns were written by this store; a decode failure means the file was edited by hand.
Expected<std::vector<SurveyScore>> scores_from_json(const std::string& text) {
    auto doc = parse_bounded_json(text, 1 << 20, 8);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return make_error(ErrorCode::corrupt, "a visit's stored survey scores are not a list");
    std::vector<SurveyScore> out;
    for (const auto& item : doc->GetArray()) {
        WireFields f(item, "stored survey score");
        SurveyScore s{f.text("question"), f.text("touchpoint"), static_cast<int>(f.integer("score"))};
        if (!f.ok()) return f.error();
        out.push_back(std::move(s));
    }
    return out;
}

namespace {

Expected<std::vector<SurveyFlag>> flags_from_json(const std::string& text) {
    auto doc = parse_bounded_json(text, 1 << 20, 8);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return make_error(ErrorCode::corrupt, "a visit's stored integrity flags are not a list");
    std::vector<SurveyFlag> out;
    for (const auto& item : doc->GetArray()) {
        WireFields f(item, "stored integrity flag");
        SurveyFlag s{f.text("code"), f.text("message")};
        if (!f.ok()) return f.error();
        out.push_back(std::move(s));
    }
    return out;
}

std::string discarded_to_json(const std::vector<DiscardedAnswer>& answers) {
    auto list = CanonicalJson::array();
    for (const auto& a : answers) list.push(CanonicalJson::object().set("question", a.question_id).set("value", a.value));
    return list.dump();
}

Expected<std::vector<DiscardedAnswer>> discarded_from_json(const std::string& text) {
    auto doc = parse_bounded_json(text, 1 << 20, 8);
    if (!doc) return doc.error();
    if (!doc->IsArray()) return make_error(ErrorCode::corrupt, "a visit's stored discarded answers are not a list");
    std::vector<DiscardedAnswer> out;
    for (const auto& item : doc->GetArray()) {
        WireFields f(item, "stored discarded answer");
        DiscardedAnswer a{f.text("question"), f.text("value")};
        if (!f.ok()) return f.error();
        out.push_back(std::move(a));
    }
    return out;
}

// The customer id is not among them: linking jobs to their customer is allowed at any time (see
// put_assignments).
bool same_assignment_fields(const Assignment& a, const Assignment& b) {
    return a.technician_id == b.technician_id && a.customer_name == b.customer_name && a.address == b.address &&
           a.job_id == b.job_id && a.window_start_ms == b.window_start_ms && a.window_end_ms == b.window_end_ms &&
           a.template_id == b.template_id && a.template_version == b.template_version &&
           a.technician_name == b.technician_name;
}

// Half of what a tablet reads (kMaxAssignmentPageBytes), leaving room for the confirmations.
constexpr std::size_t kAssignmentPageBudgetBytes = kMaxAssignmentPageBytes / 2;

constexpr const char* kAssignmentColumns =
    "visit_id, technician_id, customer_name, address, job_id, window_start_ms, window_end_ms, template_id, "
    "template_version, customer_id, technician_name";

template <class Row>
Assignment read_assignment_row(const Row& st) {
    Assignment a;
    a.visit_id = st.text(0);
    a.technician_id = st.text(1);
    a.customer_name = st.text(2);
    a.address = st.text(3);
    a.job_id = st.text(4);
    a.window_start_ms = st.int64(5);
    a.window_end_ms = st.int64(6);
    a.template_id = st.text(7);
    a.template_version = st.int32(8);
    a.customer_id = st.text(9);
    a.technician_name = st.text(10);
    return a;
}

// "instance-seq": the instance id makes a cursor from another (or a re-created) depot start over.
Expected<bool> template_stored(DepotDb& db, const Assignment& a) {
    auto tpl = db.prepare("SELECT 1 FROM templates WHERE id = ? AND version = ?");
    if (!tpl) return tpl.error();
    tpl->bind(1, a.template_id).bind(2, a.template_version);
    return tpl->step();
}

// The customer's e-mail address is not the assignment's (it never reaches a tablet): a row changed
// keeps it. Why two texts: SQLite lets an outer UPSERT's conflict rule override the OR IGNORE of the
// revision trigger it fires (a second identical revision would fail), so SQLite keeps its REPLACE.
Status write_assignment_row(DepotDb& db, const Assignment& a, std::int64_t seq, std::int64_t now_ms) {
    const std::string sql =
        db.dialect() == SqlDialect::sqlite
            ? std::string("INSERT OR REPLACE INTO assignments(") + kAssignmentColumns +
                  ", seq, changed_ms, customer_email) VALUES(?1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "coalesce((SELECT customer_email FROM assignments WHERE visit_id = ?1), ''))"
            : std::string("INSERT INTO assignments(") + kAssignmentColumns +
                  ", seq, changed_ms) VALUES(?1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(visit_id) DO UPDATE SET "
                  "technician_id = excluded.technician_id, customer_name = excluded.customer_name, "
                  "address = excluded.address, job_id = excluded.job_id, window_start_ms = excluded.window_start_ms, "
                  "window_end_ms = excluded.window_end_ms, template_id = excluded.template_id, "
                  "template_version = excluded.template_version, customer_id = excluded.customer_id, "
                  "technician_name = excluded.technician_name, seq = excluded.seq, changed_ms = excluded.changed_ms";
    auto up = db.prepare(sql);
    if (!up) return up.error();
    up->bind(1, a.visit_id).bind(2, a.technician_id).bind(3, a.customer_name).bind(4, a.address).bind(5, a.job_id);
    up->bind(6, a.window_start_ms).bind(7, a.window_end_ms).bind(8, a.template_id).bind(9, a.template_version);
    up->bind(10, a.customer_id).bind(11, a.technician_name).bind(12, seq).bind(13, now_ms);
    return up->run();
}

std::string make_cursor(const std::string& instance, std::int64_t seq) { return instance + "-" + std::to_string(seq); }

std::int64_t cursor_seq(const std::string& instance, const std::string& cursor) {
    const auto dash = cursor.rfind('-');
    if (dash == std::string::npos || cursor.substr(0, dash) != instance) return 0;
    return parse_wire_number(std::string_view(cursor).substr(dash + 1)).value_or(0);
}

}  // namespace

DepotStore::DepotStore(std::unique_ptr<DepotDb> db, DepotLocation where, std::string instance_id)
    : db_(std::move(db)), location_(std::move(where)), dir_(location_.dir), instance_id_(std::move(instance_id)) {}

DepotStore::~DepotStore() {
    readers_.clear();
    db_.reset();
}

Expected<std::unique_ptr<DepotStore>> DepotStore::open(const std::filesystem::path& dir) { return open(DepotLocation{dir, ""}); }

Expected<std::unique_ptr<DepotStore>> DepotStore::open(const DepotLocation& where) {
    if (auto s = create_private_directory(where.dir); !s) return s.error();
    // The database first: a directory holding a file the depot refuses must stay as it was, so
    // attachments/ is only created once the database is known to be this depot's.
    std::unique_ptr<DepotDb> db;
    if (where.db_url.empty()) {
        auto file = open_depot_database(where.dir / "depot.db");
        if (!file) return file.error();
        db = std::make_unique<SqliteDepotDb>(file.value(), (where.dir / "depot.db").string());
    } else {
        auto server = PgDepotDb::connect(where.db_url);
        if (!server) return server.error();
        if (auto s = migrate_pg_schema(*server.value()); !s) return s.error();
        db = std::move(server).value();
    }
    auto instance = depot_instance_id(*db);
    if (!instance) return instance.error();
    if (auto s = create_private_directory(where.dir / "attachments"); !s) return s.error();
    return std::unique_ptr<DepotStore>(new DepotStore(std::move(db), where, instance.value()));
}

Expected<std::unique_ptr<DepotStore>> DepotStore::open_existing(const std::filesystem::path& dir) {
    return open_existing(DepotLocation{dir, ""});
}

Expected<std::unique_ptr<DepotStore>> DepotStore::open_existing(const DepotLocation& where) {
    if (!where.db_url.empty()) {
        auto server = PgDepotDb::connect(where.db_url);
        if (!server) return server.error();
        auto made = pg_schema_version(*server.value());
        if (!made) return made.error();
        if (made.value() == 0) {
            return make_error(ErrorCode::no_depot, "there is no depot in the " + server.value()->where() +
                                                       " (none of its tables); check --db, or create the depot with "
                                                       "`fieldcheck-depot serve` or `template import`");
        }
        return open(where);
    }
    std::error_code ec;
    if (!std::filesystem::exists(where.dir / "depot.db", ec)) {
        return make_error(ErrorCode::no_depot, "there is no depot in " + where.dir.string() +
                                          " (no depot.db there); check --data, or create the depot with "
                                          "`fieldcheck-depot serve` or `template import`");
    }
    return open(where);
}

// --- tokens ---

Expected<NewDepotToken> DepotStore::create_token(const std::string& technician_id, const std::string& device,
                                                 std::int64_t now_ms) {
    if (!is_wire_id(technician_id)) {
        return make_error(ErrorCode::bad_technician, "a technician id is 1 to 64 letters, digits, '-' or '_'");
    }
    if (!is_device_label(device)) {
        return make_error(ErrorCode::bad_device, "a device name is 1 to 64 bytes of text without control characters");
    }
    auto token = generate_device_token();
    if (!token) return token.error();
    std::lock_guard lock(mutex_);
    auto st = cached_("INSERT INTO tokens(token_hash, technician_id, device, created_ms) VALUES(?, ?, ?, ?) RETURNING id");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, device_token_hash(token.value())).bind(2, technician_id).bind(3, device).bind(4, now_ms);
    auto id = returned_id(*st);
    if (!id) return depot_error(id.error(), dir_);
    return NewDepotToken{id.value(), std::move(token).value()};
}

Expected<std::vector<DepotTokenInfo>> DepotStore::list_tokens() {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT id, technician_id, device, created_ms, coalesce(revoked_ms, 0) FROM tokens ORDER BY id");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<DepotTokenInfo> out;
    while (st->next_row()) {
        out.push_back({st->int64(0), st->text(1), st->text(2), st->int64(3), st->int64(4)});
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Status DepotStore::revoke_token(std::int64_t id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "revoking a token and its keys");
    if (!tx) return depot_error(tx.error(), dir_);
    auto st = cached_("UPDATE tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, now_ms).bind(2, id);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    const bool revoked_now = st->changes() == 1;
    // A key registered with this token goes with it: the stolen tablet's signatures stop too.
    auto keys = cached_("UPDATE device_keys SET revoked_ms = ? WHERE token_id = ? AND revoked_ms IS NULL");
    if (!keys) return depot_error(keys.error(), dir_);
    keys->bind(1, now_ms).bind(2, id);
    if (auto s = keys->run(); !s) return depot_error(s.error(), dir_);
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    if (revoked_now) return {};
    auto exists = cached_("SELECT 1 FROM tokens WHERE id = ?");
    if (!exists) return depot_error(exists.error(), dir_);
    exists->bind(1, id);
    auto row = exists->step();
    if (!row) return depot_error(row.error(), dir_);
    if (row.value()) return {};  // already revoked: revoking again changes nothing
    return make_error(ErrorCode::no_such_token, "there is no token with id " + std::to_string(id) + " (see `token list`)");
}

Expected<std::int64_t> DepotStore::token_id(const std::string& token) {
    if (!is_device_token(token)) return make_error(ErrorCode::no_such_token, "a device token is 64 hex digits");
    const std::string hash = device_token_hash(token);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT id FROM tokens WHERE token_hash = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, hash);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return make_error(ErrorCode::no_such_token, "this depot never issued that token (see `token list`)");
    return st->int64(0);
}

Expected<std::optional<std::string>> DepotStore::technician_for_token(const std::string& token) {
    if (DepotStore* r = reader_()) return r->technician_for_token(token);
    if (!is_device_token(token)) return std::optional<std::string>();
    const std::string hash = device_token_hash(token);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT token_hash, technician_id, revoked_ms IS NOT NULL FROM tokens WHERE token_hash = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, hash);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<std::string>();
    if (!constant_time_equal(st->text(0), hash) || st->int64(2) != 0) return std::optional<std::string>();
    return std::optional<std::string>(st->text(1));
}

// --- templates ---

Expected<bool> DepotStore::import_template(const ChecklistTemplate& t, std::int64_t now_ms) {
    if (!is_wire_id(t.id) || t.version <= 0) {
        return make_error(ErrorCode::bad_template, "template id '" + t.id + "' or version " + std::to_string(t.version) +
                                              " cannot be served: ids are 1 to 64 letters, digits, '-' or '_'");
    }
    const std::string json = template_to_json(t);
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "importing template " + t.id);
    if (!tx) return depot_error(tx.error(), dir_);
    auto existing = cached_("SELECT json FROM templates WHERE id = ? AND version = ?");
    if (!existing) return depot_error(existing.error(), dir_);
    existing->bind(1, t.id).bind(2, t.version);
    auto row = existing->step();
    if (!row) return depot_error(row.error(), dir_);
    if (row.value()) {
        if (existing->text(0) == json) return false;
        return make_error(ErrorCode::template_conflict, "template " + t.id + " version " + std::to_string(t.version) +
                                                   " is already on the depot with other content; templates never "
                                                   "change per version: give the new content version " +
                                                   std::to_string(t.version + 1) + " or higher");
    }
    auto insert = cached_("INSERT INTO templates(id, version, title, language, json, sha256, imported_ms) VALUES(?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return depot_error(insert.error(), dir_);
    insert->bind(1, t.id).bind(2, t.version).bind(3, t.title).bind(4, t.language).bind(5, json).bind(6, sha256_hex(json)).bind(7, now_ms);
    if (auto s = insert->run(); !s) return depot_error(s.error(), dir_);
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return true;
}

Expected<std::vector<TemplateListing>> DepotStore::list_templates() {
    if (DepotStore* r = reader_()) return r->list_templates();
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT id, version, title, language, sha256 FROM templates ORDER BY id, version");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<TemplateListing> out;
    while (st->next_row()) {
        out.push_back({st->text(0), st->int32(1), st->text(2), st->text(3), st->text(4)});
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Expected<std::optional<std::string>> DepotStore::template_json(const std::string& id, int version) {
    if (DepotStore* r = reader_()) return r->template_json(id, version);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT json FROM templates WHERE id = ? AND version = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, id).bind(2, version);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Expected<std::shared_ptr<const ChecklistTemplate>> DepotStore::template_for(const std::string& id, int version) {
    {
        std::lock_guard lock(template_mutex_);
        if (auto it = template_cache_.find({id, version}); it != template_cache_.end()) return it->second;
    }
    auto json = template_json(id, version);
    if (!json) return json.error();
    if (!json.value()) {
        return make_error(ErrorCode::unknown_template, "template " + id + " version " + std::to_string(version) +
                                                  " is not on this depot");
    }
    TemplateParseResult parsed = parse_template(*json.value());
    if (!parsed.checklist) {
        return make_error(ErrorCode::corrupt, "the depot's stored template " + id + " version " + std::to_string(version) +
                                         " no longer parses: " +
                                         (parsed.problems.empty() ? std::string("unknown problem") : parsed.problems[0].message));
    }
    auto shared = std::make_shared<const ChecklistTemplate>(std::move(*parsed.checklist));
    std::lock_guard lock(template_mutex_);
    template_cache_.emplace(std::make_pair(id, version), shared);
    return shared;
}

Expected<std::optional<int>> DepotStore::latest_template_version(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT max(version) FROM templates WHERE id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value() || st->is_null(0)) return std::optional<int>();
    return std::optional<int>(st->int32(0));
}

// --- assignments ---

Expected<std::int64_t> DepotStore::next_seq_() {
    auto st = cached_("UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value");
    if (!st) return st.error();
    return returned_id(*st);
}

Expected<AssignResult> DepotStore::put_assignments(const std::vector<Assignment>& assignments, std::int64_t now_ms,
                                                   const std::vector<PrecheckConfirmation>& confirmations,
                                                   const std::map<std::string, std::string>& customer_emails) {
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, "storing assignments");
    if (!tx) return depot_error(tx.error(), dir_);
    AssignResult result;
    for (const Assignment& a : assignments) {
        const std::string where = "assignment " + a.visit_id;
        auto has_tpl = template_stored(*db_, a);
        if (!has_tpl) return depot_error(has_tpl.error(), dir_);
        if (!has_tpl.value()) {
            return make_error(ErrorCode::unknown_template, where + " names template " + a.template_id + " version " +
                                                      std::to_string(a.template_version) +
                                                      ", which is not on the depot; import it first");
        }
        auto existing = cached_(std::string("SELECT ") + kAssignmentColumns + " FROM assignments WHERE visit_id = ?");
        if (!existing) return depot_error(existing.error(), dir_);
        existing->bind(1, a.visit_id);
        auto row = existing->step();
        if (!row) return depot_error(row.error(), dir_);
        bool write = true;
        if (row.value()) {
            const Assignment old = read_assignment_row(existing.value());
            if (same_assignment_fields(old, a) && old.customer_id == a.customer_id) {
                write = false;
                ++result.unchanged;
            } else if (same_assignment_fields(old, a)) {
                // A job linked to its customer later, also after its visit was received: only the
                // history gains by it. An open visit is sent again, with its customer's history, and
                // so are the customer's other open visits, whose history now holds this job's.
                auto received = received_(a.visit_id);
                if (!received) return depot_error(received.error(), dir_);
                write = !received.value();
                if (!write) {
                    if (auto s = set_customer_id_(a); !s) return depot_error(s.error(), dir_);
                }
                if (auto s = bump_open_assignments_(a.job_id, a.customer_id, a.visit_id, now_ms); !s) {
                    return depot_error(s.error(), dir_);
                }
                ++result.changed;
            } else if (old.technician_id != a.technician_id) {
                return make_error(ErrorCode::reassigned, where + " belongs to technician " + old.technician_id +
                                                    "; a sheet does not move a visit to another technician "
                                                    "(use `fieldcheck-depot reassign`)");
            } else {
                // Neither received nor cancelled (already_received, visit_cancelled).
                if (auto open = open_visit_owner_(a.visit_id, false); !open) return depot_error(open.error(), dir_);
                ++result.changed;
            }
        } else {
            ++result.created;
        }
        if (write) {
            auto seq = next_seq_();
            if (!seq) return depot_error(seq.error(), dir_);
            if (auto s = write_assignment_row(*db_, a, seq.value(), now_ms); !s) return depot_error(s.error(), dir_);
        }
        for (HistoryEntry h : a.history) {
            if (h.job_id.empty()) h.job_id = a.job_id;
            if (auto s = write_history_(h, a.customer_id, false); !s) return depot_error(s.error(), dir_);
        }
    }
    for (const PrecheckConfirmation& c : confirmations) {
        auto fresh = confirm_precheck_(c, now_ms);
        if (!fresh) return fresh.error();
        result.confirmed += fresh.value() ? 1 : 0;
    }
    if (auto s = set_customer_emails_(customer_emails); !s) return depot_error(s.error(), dir_);
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return result;
}

Expected<std::optional<Assignment>> DepotStore::assignment(const std::string& visit_id) {
    if (DepotStore* r = reader_()) return r->assignment(visit_id);
    std::lock_guard lock(mutex_);
    auto st = cached_(std::string("SELECT ") + kAssignmentColumns + " FROM assignments WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<Assignment>();
    Assignment a = read_assignment_row(st.value());
    if (Status s = add_history_(a); !s) return depot_error(s.error(), dir_);
    return std::optional<Assignment>(std::move(a));
}

Expected<AssignmentPage> DepotStore::assignments_since(const std::string& technician_id, const std::string& cursor,
                                                       int limit) {
    if (DepotStore* r = reader_()) return r->assignments_since(technician_id, cursor, limit);
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin_read(*db_, "reading assignments");
    if (!tx) return depot_error(tx.error(), dir_);
    std::int64_t since = cursor_seq(instance_id_, cursor);
    // A cursor ahead of the sequence comes from this depot's file before it was restored from a
    // backup: the numbers it has already seen are being handed out again, so start over (applying
    // a page twice is harmless on the tablet; missing one is not).
    auto current = cached_("SELECT value FROM sequence WHERE id = 1");
    if (!current) return depot_error(current.error(), dir_);
    auto current_row = current->step();
    if (!current_row) return depot_error(current_row.error(), dir_);
    if (current_row.value() && since > current->int64(0)) since = 0;
    // Assignments and withdrawals share the one sequence: the page takes both in sequence order, so
    // the cursor never skips a cancellation that came between two assignments.
    AssignmentPage page;
    auto rows = page_rows_(technician_id, since, limit, page);
    if (!rows) return depot_error(rows.error(), dir_);
    auto st = cached_(std::string("SELECT ") + kAssignmentColumns + " FROM assignments WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    std::int64_t last = since;
    std::size_t bytes = 0;
    for (const PageRow& r : rows.value()) {
        if (!r.withdrawn) {
            st->reset();
            st->bind(1, r.visit_id);
            auto row = st->step();
            if (!row) return depot_error(row.error(), dir_);
            if (!row.value()) continue;
            Assignment a = read_assignment_row(st.value());
            if (Status s = add_history_(a); !s) return depot_error(s.error(), dir_);
            // Each history may be long (the customer's across jobs): the page ends before it grows
            // past what a tablet reads, and the rest follows on the next (more = true).
            bytes += encode_assignment(a).size();
            if (bytes > kAssignmentPageBudgetBytes && !page.assignments.empty()) {
                page.more = true;
                break;
            }
            page.assignments.push_back(std::move(a));
        } else {
            page.withdrawn.push_back(r.visit_id);
        }
        last = r.seq;
    }
    if (Status s = add_planning_to_page_(page); !s) return depot_error(s.error(), dir_);
    page.cursor = make_cursor(instance_id_, last);
    return page;
}

Expected<CustomerStory> DepotStore::customer_story(const StoryQuery& query) {
    if (query.customer_id.empty() == query.job_id.empty()) {
        return make_error(ErrorCode::usage, "name either a customer or a job, not both and not neither");
    }
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin_read(*db_, "reading a customer's history");
    if (!tx) return depot_error(tx.error(), dir_);
    auto story = customer_story_(query);
    if (!story) return depot_error(story.error(), dir_);
    return story;
}

// --- attachments ---

Expected<bool> DepotStore::has_attachment(const std::string& sha256) {
    if (DepotStore* r = reader_()) return r->has_attachment(sha256);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT 1 FROM attachments WHERE sha256 = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, sha256);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    return row.value();
}

Expected<bool> DepotStore::record_attachment(const std::string& sha256, std::int64_t size, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto st = cached_("INSERT INTO attachments(sha256, size, received_ms) VALUES(?, ?, ?) ON CONFLICT DO NOTHING");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, sha256).bind(2, size).bind(3, now_ms);
    if (auto s = st->run(); !s) return depot_error(s.error(), dir_);
    return st->changes() == 1;
}

// --- visits ---

Expected<std::optional<DepotStore::VisitHead>> DepotStore::visit_head(const std::string& visit_id) {
    if (DepotStore* r = reader_()) return r->visit_head(visit_id);
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT technician_id, seal, received_ms, depot_seq FROM visits WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<VisitHead>();
    VisitHead head{st->text(0), st->text(1), DepotReceipt{visit_id, st->text(1), st->int64(2), st->int64(3), {}, {}}};
    return std::optional<VisitHead>(std::move(head));
}

Expected<StoredVisit> DepotStore::store_visit(ReceivedVisit v, std::int64_t now_ms) {
    std::vector<VisitToStore> one;
    one.push_back({std::move(v), now_ms});
    auto stored = store_visits(one);
    if (!stored) return stored.error();
    return std::move(stored->front());
}

Expected<std::vector<Expected<StoredVisit>>> DepotStore::store_visits(std::vector<VisitToStore>& batch) {
    std::lock_guard lock(mutex_);
    auto tx = DepotTransaction::begin(*db_, batch.size() == 1 ? "storing visit " + batch.front().visit.visit_id
                                                        : "storing " + std::to_string(batch.size()) + " visits");
    if (!tx) return depot_error(tx.error(), dir_);
    std::vector<Expected<StoredVisit>> out;
    out.reserve(batch.size());
    for (VisitToStore& item : batch) {
        // Why a savepoint per visit: one visit's failure must not take the others of its batch down.
        if (auto s = db_->exec("SAVEPOINT visit", "storing visit " + item.visit.visit_id); !s) return depot_error(s.error(), dir_);
        auto stored = store_visit_(item.visit, item.now_ms);
        // SQLite ends the whole transaction itself after some errors (a full disk, an I/O error):
        // then nothing of the batch is stored, and no visit of it may be acknowledged.
        if (!db_->in_transaction()) return depot_error(stored ? make_error(ErrorCode::sqlite_error, "the transaction ended early") : stored.error(), dir_);
        const char* end = stored ? "RELEASE visit" : "ROLLBACK TO visit; RELEASE visit";
        if (auto s = db_->exec(end, "storing visit " + item.visit.visit_id); !s) return depot_error(s.error(), dir_);
        out.push_back(stored ? std::move(stored) : Expected<StoredVisit>(depot_error(stored.error(), dir_)));
    }
    if (auto s = tx->commit(); !s) return depot_error(s.error(), dir_);
    return out;
}

Expected<StoredVisit> DepotStore::store_visit_(ReceivedVisit& v, std::int64_t now_ms) {
    // Checked again inside the write transaction: two uploads of one visit may race, or sit in one batch.
    auto existing = cached_("SELECT seal, received_ms, depot_seq FROM visits WHERE visit_id = ?");
    if (!existing) return existing.error();
    existing->bind(1, v.visit_id);
    auto row = existing->step();
    if (!row) return row.error();
    if (row.value()) {
        DepotReceipt first{v.visit_id, existing->text(0), existing->int64(1), existing->int64(2), {}, {}};
        const auto outcome = first.seal == v.seal ? StoreVisitOutcome::Replay : StoreVisitOutcome::Conflict;
        return std::make_pair(outcome, first);
    }
    auto seq = next_seq_();
    if (!seq) return seq.error();
    auto ins = cached_("INSERT INTO visits(visit_id, technician_id, job_id, template_id, template_version, seal, record, outcome, "
             "cause_kind, cause_precheck, cause_text, survey_status, scores, survey_comment, flags, tablet_sealed_ms, "
             "received_ms, depot_seq, device_key_id, record_signature, discarded_answers, receipt_hash, receipt_code) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, v.visit_id).bind(2, v.technician_id).bind(3, v.job_id).bind(4, v.template_id).bind(5, v.template_version);
    ins->bind(6, v.seal).bind(7, v.record).bind(8, v.outcome).bind(9, v.cause_kind).bind(10, v.cause_precheck);
    ins->bind(11, v.cause_text).bind(12, v.survey_status).bind(13, scores_to_json(v.scores)).bind(14, v.survey_comment);
    ins->bind(15, flags_to_json(v.flags)).bind(16, v.tablet_sealed_ms).bind(17, now_ms).bind(18, seq.value());
    ins->bind(19, v.device_key_id).bind(20, v.record_signature).bind(21, discarded_to_json(v.discarded_answers));
    ins->bind(22, v.receipt_hash).bind(23, v.receipt_code);
    if (auto s = ins->run(); !s) return s.error();

    // The customer is the depot's own planning, not what the record says (format 1 names none).
    auto customer = customer_of_visit_(v.visit_id);
    if (!customer) return customer.error();
    HistoryEntry h = std::move(v.history);
    h.visit_id = v.visit_id;
    h.job_id = v.job_id;
    h.date_ms = v.tablet_sealed_ms;
    h.outcome = v.outcome;
    h.cause = v.cause_kind;
    if (h.note.empty() && !v.cause_kind.empty()) h.note = v.cause_text;
    if (auto s = write_history_(h, customer.value(), true); !s) return s.error();
    if (auto s = bump_open_assignments_(v.job_id, customer.value(), v.visit_id, now_ms); !s) {
        return s.error();
    }
    if (v.withdrawn) {
        if (Status s = record_conflict_(v, now_ms); !s) return s.error();
    }
    if (Status s = queue_receipt_mail_(v, now_ms); !s) return s.error();
    if (Status s = roll_up_visit(*db_, v); !s) return s.error();
    return std::make_pair(StoreVisitOutcome::Created, DepotReceipt{v.visit_id, v.seal, now_ms, seq.value(), {}, {}});
}

Expected<std::vector<ReceivedVisit>> DepotStore::received_visits() {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT v.visit_id, v.technician_id, v.job_id, v.template_id, v.template_version, v.seal, v.record, "
             "v.outcome, v.cause_kind, v.cause_precheck, v.cause_text, v.survey_status, v.scores, v.survey_comment, "
             "v.flags, v.tablet_sealed_ms, v.received_ms, v.depot_seq, coalesce(a.customer_name, ''), "
             "coalesce(a.address, ''), coalesce(v.device_key_id, ''), coalesce(v.record_signature, ''), "
             "coalesce(k.device, ''), v.discarded_answers, p.scores, coalesce(p.comment, ''), "
             "coalesce(a.technician_name, ''), v.receipt_hash, v.receipt_code, coalesce(p.channel, ''), "
             "m.visit_id, m.state, m.last_reply FROM visits v "
             "LEFT JOIN assignments a ON a.visit_id = v.visit_id "
             "LEFT JOIN device_keys k ON k.key_id = v.device_key_id "
             "LEFT JOIN phone_surveys p ON p.visit_id = v.visit_id "
             "AND (v.survey_status = 'on_phone' OR (p.channel = 'mailed_link' AND v.survey_status <> 'submitted')) "
             "LEFT JOIN mail_outbox m ON m.visit_id = v.visit_id "
             "ORDER BY v.depot_seq");
    if (!st) return depot_error(st.error(), dir_);
    std::vector<ReceivedVisit> out;
    while (st->next_row()) {
        ReceivedVisit v;
        v.visit_id = st->text(0);
        v.technician_id = st->text(1);
        v.job_id = st->text(2);
        v.template_id = st->text(3);
        v.template_version = st->int32(4);
        v.seal = st->text(5);
        v.record = st->text(6);
        v.outcome = st->text(7);
        v.cause_kind = st->text(8);
        v.cause_precheck = st->text(9);
        v.cause_text = st->text(10);
        v.survey_status = st->text(11);
        auto scores = scores_from_json(st->text(12));
        if (!scores) return scores.error();
        v.scores = std::move(scores).value();
        v.survey_comment = st->text(13);
        auto flags = flags_from_json(st->text(14));
        if (!flags) return flags.error();
        v.flags = std::move(flags).value();
        v.tablet_sealed_ms = st->int64(15);
        v.received_ms = st->int64(16);
        v.depot_seq = st->int64(17);
        v.customer_name = st->text(18);
        v.address = st->text(19);
        v.device_key_id = st->text(20);
        v.record_signature = st->text(21);
        v.device = st->text(22);
        auto discarded = discarded_from_json(st->text(23));
        if (!discarded) return discarded.error();
        v.discarded_answers = std::move(discarded).value();
        v.technician_name = st->text(26);
        v.receipt_hash = st->text(27);
        v.receipt_code = st->text(28);
        if (Status linked = link_phone_survey(v, st.value()); !linked) return linked.error();
        if (!st->is_null(30)) {
            ReceiptMail mail;
            mail.state = st->text(31);
            mail.last_reply = st->text(32);
            v.receipt_mail = receipt_mail_summary(mail);
        }
        out.push_back(std::move(v));
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

Expected<std::int64_t> DepotStore::visit_count() {
    std::lock_guard lock(mutex_);
    auto st = cached_("SELECT count(*) FROM visits");
    if (!st) return depot_error(st.error(), dir_);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    return st->int64(0);
}

Expected<std::string> DepotStore::integrity_check() {
    std::lock_guard lock(mutex_);
    if (db_->dialect() == SqlDialect::postgresql) {
        // The server checks its own pages (data checksums) when they are read: every stored visit,
        // record and attachment row read end to end finds a damaged one.
        auto all = cached_("SELECT (SELECT count(*) FROM visits WHERE length(record) >= 0) + "
                           "(SELECT count(*) FROM attachments WHERE length(sha256) = 64) + (SELECT count(*) FROM assignments)");
        if (!all) return depot_error(all.error(), dir_);
        auto row = all->step();
        if (!row) return depot_error(row.error(), dir_);
        return std::string("ok");
    }
    auto st = cached_("PRAGMA integrity_check");
    if (!st) return depot_error(st.error(), dir_);
    std::string out;
    while (st->next_row()) {
        if (!out.empty()) out += "; ";
        out += st->text(0);
    }
    if (Status read = st->done(); !read) return depot_error(read.error(), dir_);
    return out;
}

}  // namespace fc
