#include "pg_depot_db.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

namespace fc {
namespace {

// The depot's one write lock (DepotDb::TxKind::write), per schema: two depots sharing a server in
// separate schemas (the tests' throw-away databases) do not wait for each other.
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(1178814290, hashtext(current_schema()))";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

bool starts_with(const char* s, const char* prefix) { return s && std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

// The highest parameter number in `sql` after postgres_parameters: how many values a run sends.
int parameter_count(const std::string& pg_sql) {
    int most = 0;
    for (std::size_t i = 0; i < pg_sql.size(); ++i) {
        if (pg_sql[i] != '$' || i + 1 >= pg_sql.size() || pg_sql[i + 1] < '0' || pg_sql[i + 1] > '9') continue;
        most = std::max(most, std::atoi(pg_sql.c_str() + i + 1));
    }
    return most;
}

class PgRun final : public StatementRun {
public:
    PgRun(PgDepotDb& db, std::string sql, std::string name)
        : db_(db), sql_(std::move(sql)), pg_sql_(postgres_parameters(sql_)), name_(std::move(name)),
          values_(static_cast<std::size_t>(parameter_count(pg_sql_))) {}
    ~PgRun() override { PQclear(result_); }
    PgRun(const PgRun&) = delete;
    PgRun& operator=(const PgRun&) = delete;

    void bind_int(int index, std::int64_t value) override { set_(index, std::to_string(value)); }
    void bind_text(int index, std::string_view text) override { set_(index, std::string(text)); }
    void bind_null(int index) override { set_(index, std::nullopt); }
    Expected<bool> step() override {
        if (!result_) {
            if (Status s = execute_(); !s) return s.error();
        }
        ++row_;
        return row_ < PQntuples(result_);
    }
    void reset() override {
        PQclear(result_);
        result_ = nullptr;
        row_ = -1;
        for (auto& v : values_) v.reset();
        bad_index_ = 0;
    }
    std::int64_t int64(int column) const override {
        const char* v = value_(column);
        if (!v) return 0;
        if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression, as SQLite's 1 and 0
        if (v[0] == 'f' && v[1] == '\0') return 0;
        return std::strtoll(v, nullptr, 10);
    }
    double real(int column) const override {
        const char* v = value_(column);
        return v ? std::strtod(v, nullptr) : 0.0;
    }
    std::string text(int column) const override {
        const char* v = value_(column);
        return v ? std::string(v, static_cast<std::size_t>(PQgetlength(result_, row_, column))) : std::string();
    }
    bool is_null(int column) const override { return !value_(column); }
    int changes() const override { return result_ ? std::atoi(PQcmdTuples(result_)) : 0; }
    const std::string& sql() const override { return sql_; }

private:
    void set_(int index, std::optional<std::string> value) {
        if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
            if (!bad_index_) bad_index_ = index;
            return;
        }
        values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    }
    const char* value_(int column) const {
        if (!result_ || row_ < 0 || row_ >= PQntuples(result_) || column >= PQnfields(result_)) return nullptr;
        return PQgetisnull(result_, row_, column) ? nullptr : PQgetvalue(result_, row_, column);
    }
    Status prepare_(pg_conn* conn) {
        PGresult* r = PQprepare(conn, name_.c_str(), pg_sql_.c_str(), static_cast<int>(values_.size()), nullptr);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        std::optional<Error> e;
        if (!ok) e = pg_error(conn, PQresultErrorField(r, PG_DIAG_SQLSTATE), PQresultErrorMessage(r), "preparing \"" + sql_ + "\"");
        PQclear(r);
        if (e) return *e;
        prepared_generation_ = db_.generation();
        return {};
    }
    Status execute_() {
        if (bad_index_) {
            return make_error(ErrorCode::sqlite_error, "binding parameter " + std::to_string(bad_index_) + " of \"" + sql_ +
                                                           "\": it has " + std::to_string(values_.size()) + " parameters");
        }
        auto conn = db_.live();
        if (!conn) return conn.error();
        std::vector<const char*> values;
        for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
        std::vector<int> lengths;
        for (const auto& v : values_) lengths.push_back(v ? static_cast<int>(v->size()) : 0);
        const int n = static_cast<int>(values.size());
        if (name_.empty()) {
            result_ = PQexecParams(*conn, pg_sql_.c_str(), n, nullptr, values.data(), lengths.data(), nullptr, 0);
        } else {
            if (prepared_generation_ != db_.generation()) {
                if (Status s = prepare_(*conn); !s) return s;
            }
            result_ = PQexecPrepared(*conn, name_.c_str(), n, values.data(), lengths.data(), nullptr, 0);
        }
        const ExecStatusType status = PQresultStatus(result_);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return {};
        Error e = pg_error(*conn, PQresultErrorField(result_, PG_DIAG_SQLSTATE), PQresultErrorMessage(result_),
                           "running \"" + sql_ + "\"");
        PQclear(result_);
        result_ = nullptr;
        return e;
    }

    PgDepotDb& db_;
    std::string sql_;
    std::string pg_sql_;
    std::string name_;  // "" = run once, unprepared (a nested caller's own copy)
    std::vector<std::optional<std::string>> values_;
    std::uint64_t prepared_generation_ = 0;
    PGresult* result_ = nullptr;
    int row_ = -1;
    int bad_index_ = 0;
};

std::string where_of(pg_conn* conn) {
    return std::string("PostgreSQL database ") + (PQdb(conn) ? PQdb(conn) : "?") + " on " +
           (PQhost(conn) ? PQhost(conn) : "?") + ":" + (PQport(conn) ? PQport(conn) : "?");
}

bool has_input(pg_conn* conn) {
    pollfd p{PQsocket(conn), POLLIN, 0};
    return p.fd >= 0 && ::poll(&p, 1, 0) > 0;
}

// Server notices (an implicit index, "transaction already in progress") are not the depot's to print.
void ignore_notice(void*, const char*) {}

}  // namespace

std::string postgres_parameters(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int most = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            out += c;
            if (c == quote) quote = 0;  // '' inside a literal closes and reopens it: same result
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
            continue;
        }
        if (c != '?') {
            out += c;
            continue;
        }
        std::size_t j = i + 1;
        while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
        const int number = j > i + 1 ? std::atoi(sql.c_str() + i + 1) : most + 1;
        most = std::max(most, number);
        out += "$" + std::to_string(number);
        i = j - 1;
    }
    return out;
}

Error pg_error(pg_conn* conn, const char* sqlstate, const std::string& detail, const std::string& context) {
    std::string words = detail;
    while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
    const std::string where = conn ? where_of(conn) : std::string("PostgreSQL");
    const bool lost = !sqlstate || !*sqlstate || starts_with(sqlstate, "08") || starts_with(sqlstate, "57P") ||
                      std::strcmp(sqlstate, "53300") == 0 || (conn && PQstatus(conn) != CONNECTION_OK);
    if (lost) {
        return make_error(ErrorCode::database_unavailable,
                          "The depot cannot reach its " + where + " while " + context + " (" + words + "); nothing was stored by this call.");
    }
    if (std::strcmp(sqlstate, "53100") == 0) {
        return make_error(ErrorCode::disk_full, "The " + where + " has no disk space left: nothing was stored (" + words + ").");
    }
    if (std::strcmp(sqlstate, "55P03") == 0 || std::strcmp(sqlstate, "57014") == 0 || std::strcmp(sqlstate, "40001") == 0 ||
        std::strcmp(sqlstate, "40P01") == 0) {
        return make_error(ErrorCode::busy, "The " + where + " stayed busy while " + context + " (" + words + "); try again.");
    }
    return make_error(ErrorCode::sqlite_error,
                      "PostgreSQL error " + std::string(sqlstate) + " while " + context + " in the " + where + ": " + words);
}

Expected<std::unique_ptr<PgDepotDb>> PgDepotDb::connect(const std::string& url) {
    // The URL's own settings come last and win: connect_timeout is only a default.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "fieldcheck-depot", url.c_str(), nullptr};
    pg_conn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn) return make_error(ErrorCode::database_unavailable, "libpq could not allocate a connection");
    if (PQstatus(conn) != CONNECTION_OK) {
        Error e = make_error(ErrorCode::database_unavailable,
                             "The depot cannot connect to " + where_of(conn) + ": " + std::string(PQerrorMessage(conn)));
        while (!e.message.empty() && e.message.back() == '\n') e.message.pop_back();
        PQfinish(conn);
        return e;
    }
    std::unique_ptr<PgDepotDb> db(new PgDepotDb(conn, where_of(conn)));
    if (Status s = db->set_up_(); !s) return s.error();
    return db;
}

PgDepotDb::PgDepotDb(pg_conn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}

PgDepotDb::~PgDepotDb() {
    forget_statements();
    PQfinish(conn_);
}

Status PgDepotDb::set_up_() {
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    // Durable before a receipt whatever the server's default; a write lock waited for longer than a
    // minute is a stuck instance, answered busy rather than held forever.
    return exec("SET synchronous_commit = on; SET lock_timeout = '60s'; SET client_min_messages = warning",
                "setting up the connection");
}

Expected<pg_conn*> PgDepotDb::live() {
    // An idle connection whose server went away still says OK until it is read. Only then is there
    // anything to read (a stopping server's goodbye, then the end of the stream): one poll per
    // statement finds out, and the statement goes to a new connection instead of failing.
    if (PQstatus(conn_) == CONNECTION_OK && !tx_open_ && has_input(conn_)) {
        for (int read = 0; read < 2 && PQstatus(conn_) == CONNECTION_OK; ++read) {
            if (PQconsumeInput(conn_) == 0) break;
        }
    }
    if (PQstatus(conn_) == CONNECTION_OK) return conn_;
    // A transaction does not survive its connection: its statements must fail, not go on in a new one.
    if (tx_open_) {
        return make_error(ErrorCode::database_unavailable,
                          "The connection to the " + where_ + " was lost in the middle of a transaction; it was rolled back.");
    }
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string words = PQerrorMessage(conn_);
        while (!words.empty() && words.back() == '\n') words.pop_back();
        return make_error(ErrorCode::database_unavailable, "The depot cannot reach its " + where_ + " (" + words + ").");
    }
    ++generation_;  // the server forgot every prepared statement
    if (Status s = set_up_(); !s) return s.error();
    return conn_;
}

Status PgDepotDb::exec(const std::string& sql, const std::string& what) {
    auto conn = live();
    if (!conn) return conn.error();
    PGresult* r = PQexec(*conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    std::optional<Error> e;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        e = pg_error(*conn, PQresultErrorField(r, PG_DIAG_SQLSTATE), PQresultErrorMessage(r), what);
    }
    PQclear(r);
    if (e) return *e;
    return {};
}

Status PgDepotDb::begin(TxKind kind, const std::string& what) {
    if (Status s = exec(kind == TxKind::write ? kBeginWrite : kBeginRead, "starting " + what); !s) {
        rollback();
        return s;
    }
    tx_open_ = true;
    return {};
}

Status PgDepotDb::commit(const std::string& what) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        tx_open_ = false;
        return make_error(ErrorCode::database_unavailable, "The connection to the " + where_ + " was lost before committing " +
                                                               what + "; it was rolled back.");
    }
    PGresult* r = PQexec(conn_, "COMMIT");
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK && std::strcmp(PQcmdStatus(r), "COMMIT") == 0;
    std::optional<Error> e;
    if (!ok && PQresultStatus(r) == PGRES_COMMAND_OK) {
        e = make_error(ErrorCode::sqlite_error, "committing " + what + " in the " + where_ +
                                                    ": a statement of the transaction had failed, so it was rolled back");
    } else if (!ok) {
        // Lost while committing: the outcome is unknown here; the caller acknowledges nothing, and a
        // retry finds the visit stored (the same receipt) or stores it then.
        e = pg_error(conn_, PQresultErrorField(r, PG_DIAG_SQLSTATE), PQresultErrorMessage(r), "committing " + what);
    }
    PQclear(r);
    tx_open_ = false;
    if (e) return *e;
    return {};
}

void PgDepotDb::rollback() noexcept {
    tx_open_ = false;
    if (PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
}

bool PgDepotDb::in_transaction() const { return tx_open_; }

Expected<std::unique_ptr<StatementRun>> PgDepotDb::compile(const std::string& sql, bool kept) {
    return std::unique_ptr<StatementRun>(std::make_unique<PgRun>(*this, sql, kept ? next_statement_name() : std::string()));
}

}  // namespace fc
