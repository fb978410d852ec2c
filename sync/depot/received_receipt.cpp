#include "received_receipt.h"

#include "receipt/receipt_pdf.h"
#include "sync/depot/received_visit_replay.h"

namespace fc {

Expected<std::optional<std::string>> received_receipt_pdf(DepotStore& store, const std::string& visit_id) {
    auto code = store.visit_receipt_code(visit_id);
    if (!code) return code.error();
    if (!*code || (*code)->empty()) return std::optional<std::string>();
    auto visit = replay_received_visit(store, visit_id);
    if (!visit) return visit.error();
    if (!*visit) return std::optional<std::string>();
    auto receipt = make_receipt(**visit, **code);
    if (!receipt) return receipt.error();
    auto pdf = receipt_pdf(*receipt, Paper::A4);
    if (!pdf) return pdf.error();
    return std::optional<std::string>(std::move(pdf).value());
}

}  // namespace fc
