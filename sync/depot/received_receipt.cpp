#include "received_receipt.h"

#include "receipt/receipt_pdf.h"

namespace fc {

Expected<std::optional<std::string>> received_receipt_pdf(DepotStore& store, const std::string& visit_id) {
    auto code = store.visit_receipt_code(visit_id);
    if (!code) return code.error();
    if (!*code || (*code)->empty()) return std::optional<std::string>();
    auto text = store.visit_record(visit_id);
    if (!text) return text.error();
    if (!*text) return std::optional<std::string>();
    auto record = decode_visit_record(**text);
    if (!record) return make_error(ErrorCode::corrupt, "visit " + visit_id + ": " + record.error().message);
    auto checklist = store.template_for(record->template_id, record->template_version);
    if (!checklist) return checklist.error();
    auto visit = replay_visit(*record, *checklist);
    if (!visit) return make_error(ErrorCode::corrupt, "visit " + visit_id + ": " + visit.error().message);
    auto receipt = make_receipt(*visit, **code);
    if (!receipt) return receipt.error();
    auto pdf = receipt_pdf(*receipt, Paper::A4);
    if (!pdf) return pdf.error();
    return std::optional<std::string>(std::move(pdf).value());
}

}  // namespace fc
