// The DepotStore's part of the customer's receipt: the code ingest found for a received visit, the
// customer's e-mail address from the planning sheet, and a received visit's record to re-render from.
#include "sync/depot/depot_store.h"
#include "sync/depot/depot_store_error.h"

namespace fc {

std::string receipt_state(const ReceivedVisit& v) {
    if (v.receipt_hash.empty()) return "none";
    return v.receipt_code.empty() ? "code unknown" : "verified code";
}

Status DepotStore::set_customer_emails_(const std::map<std::string, std::string>& customer_emails) {
    if (customer_emails.empty()) return {};
    auto st = db_->prepare("UPDATE assignments SET customer_email = ? WHERE visit_id = ?");
    if (!st) return st.error();
    for (const auto& [visit_id, address] : customer_emails) {
        st->reset();
        st->bind(1, address).bind(2, visit_id);
        if (auto s = st->run(); !s) return s;
    }
    return {};
}

Expected<std::optional<std::string>> DepotStore::visit_receipt_code(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT receipt_code FROM visits WHERE visit_id = ? AND receipt_code <> ''");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Expected<std::string> DepotStore::customer_email(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT customer_email FROM assignments WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    return row.value() ? st->text(0) : std::string();
}

Expected<std::optional<std::string>> DepotStore::visit_record(const std::string& visit_id) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare("SELECT record FROM visits WHERE visit_id = ?");
    if (!st) return depot_error(st.error(), dir_);
    st->bind(1, visit_id);
    auto row = st->step();
    if (!row) return depot_error(row.error(), dir_);
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

}  // namespace fc
