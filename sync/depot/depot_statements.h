#pragma once
// StatementRun: one database backend's prepared statement (SQLite or PostgreSQL);
// DepotStatement: one of them lent to a caller by its connection (db/depot_db.h), reset when given back.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checklists/expected.h"

namespace fc {

// What a backend implements; DepotStatement gives callers one API over both. Parameters are
// numbered from 1 (`?1` or `?` in the SQL text; PostgreSQL's connection rewrites them to `$n`).
class StatementRun {
public:
    virtual ~StatementRun() = default;
    virtual void bind_int(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_null(int index) = 0;
    // true: a row is there to read; false: the statement ran to its end.
    virtual Expected<bool> step() = 0;
    // Ends the run and clears the bindings.
    virtual void reset() = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool is_null(int column) const = 0;
    virtual int changes() const = 0;  // rows the last run inserted, updated or deleted
    virtual const std::string& sql() const = 0;
};

// Why lent and not copied: the depot's hot statements (every lookup and insert of an ingest) are
// prepared once per connection and reset, bindings cleared, when their caller is done. A statement
// still lent out (a caller that nests the same query) is prepared afresh for the second caller and
// dropped after, so two callers never share one.
class DepotStatement {
public:
    DepotStatement(StatementRun* run, bool* lent) : run_(run), lent_(lent) {}
    explicit DepotStatement(std::unique_ptr<StatementRun> own) : run_(own.get()), own_(std::move(own)) {}
    DepotStatement(DepotStatement&& other) noexcept;
    DepotStatement& operator=(DepotStatement&&) = delete;
    DepotStatement(const DepotStatement&) = delete;
    DepotStatement& operator=(const DepotStatement&) = delete;
    ~DepotStatement();

    DepotStatement& bind(int index, std::int64_t value) {
        run_->bind_int(index, value);
        return *this;
    }
    DepotStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    DepotStatement& bind(int index, bool value) = delete;  // say 0 or 1: both backends store integers
    DepotStatement& bind(int index, std::string_view text) {
        run_->bind_text(index, text);
        return *this;
    }
    DepotStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    DepotStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    DepotStatement& bind_null(int index) {
        run_->bind_null(index);
        return *this;
    }
    Expected<bool> step() { return run_->step(); }
    // The row loop:
    //     while (q.next_row()) { ...q.text(0)... }
    //     if (Status s = q.done(); !s) return s.error();
    // next_row() is false at the end and on a failed step; done() tells the two apart.
    [[nodiscard]] bool next_row();
    [[nodiscard]] Status done();
    // Steps a statement that returns no rows (INSERT/UPDATE/DELETE).
    Status run();
    void reset();
    std::int64_t int64(int column) const { return run_->int64(column); }
    int int32(int column) const { return static_cast<int>(run_->int64(column)); }
    double real(int column) const { return run_->real(column); }
    std::string text(int column) const { return run_->text(column); }
    bool is_null(int column) const { return run_->is_null(column); }
    int changes() const { return run_->changes(); }

private:
    StatementRun* run_ = nullptr;
    bool* lent_ = nullptr;               // the connection's flag for a kept statement; nullptr when owned
    std::unique_ptr<StatementRun> own_;  // a second caller's own copy, dropped with this handle
    std::optional<Error> row_failure_;
    bool rows_ended_ = false;
};

// The one value an INSERT or UPDATE ... RETURNING gave (a new row's id, the next sequence number),
// the statement run to its end: SQLite makes RETURNING rows final only then.
Expected<std::int64_t> returned_id(DepotStatement& st);

}  // namespace fc
