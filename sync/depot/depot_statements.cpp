#include "depot_statements.h"

#include <utility>

namespace fc {

DepotStatement::DepotStatement(DepotStatement&& other) noexcept
    : run_(std::exchange(other.run_, nullptr)),
      lent_(std::exchange(other.lent_, nullptr)),
      own_(std::move(other.own_)),
      row_failure_(std::exchange(other.row_failure_, std::nullopt)),
      rows_ended_(other.rows_ended_) {}

DepotStatement::~DepotStatement() {
    if (!run_ || own_) return;
    // Reset ends the statement's read (a kept SQLite statement mid-row would hold its snapshot).
    run_->reset();
    if (lent_) *lent_ = false;
}

bool DepotStatement::next_row() {
    if (rows_ended_) return false;
    auto row = step();
    if (!row) row_failure_ = row.error();
    rows_ended_ = !row || !*row;
    return !rows_ended_;
}

Status DepotStatement::done() {
    if (!row_failure_) return {};
    Error e = std::move(*row_failure_);
    row_failure_.reset();
    return e;
}

Status DepotStatement::run() {
    auto r = step();
    if (!r) return r.error();
    if (*r) return make_error(ErrorCode::sqlite_error, "\"" + run_->sql() + "\" returned rows where none were expected");
    return {};
}

void DepotStatement::reset() {
    run_->reset();
    row_failure_.reset();
    rows_ended_ = false;
}

Expected<std::int64_t> returned_id(DepotStatement& st) {
    auto row = st.step();
    if (!row) return row.error();
    if (!row.value()) return make_error(ErrorCode::corrupt, "a statement that returns a row returned none");
    const std::int64_t value = st.int64(0);
    if (auto done = st.step(); !done) return done.error();
    return value;
}

}  // namespace fc
