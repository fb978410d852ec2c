#include "receipt/receipt.h"

#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
#include "checklists/sha256.h"
#include "checklists/time_format.h"
#include "receipt/receipt_steps.h"

namespace fc {
namespace {

// Local wall time of the seal's tablet, "YYYY-MM-DDTHH:MM:SSZ" shifted by the sealed offset: the
// receipt never reads this machine's time zone, so the depot prints the same date and times.
std::string sealed_local(std::int64_t wall_ms, int utc_offset_minutes) {
    return utc_iso8601_seconds(wall_ms + std::int64_t{utc_offset_minutes} * 60'000);
}

// The visit starts when the technician opened it on site; a visit closed before that (a customer
// who was not there) starts at its first event.
std::int64_t start_ms(const Visit& v) {
    for (const VisitEvent& e : v.events()) {
        if (e.kind == EventKind::Opened) return e.wall_ms;
    }
    return v.events().front().wall_ms;
}

std::string technician_name(const Visit& v, const ReceiptFacts& facts) {
    if (!facts.technician.empty()) return facts.technician;
    if (!v.assignment().technician_name.empty()) return v.assignment().technician_name;
    return v.assignment().technician_id;
}

std::vector<ReceiptField> visit_facts(const Visit& v, const ReceiptFacts& facts, const CompanyContact& contact,
                                      Lang lang) {
    const auto label = [lang](const char* key) { return text(lang, std::string("customer.receipt.") + key); };
    const std::string start = sealed_local(start_ms(v), facts.utc_offset_minutes);
    const std::string end = sealed_local(v.events().back().wall_ms, facts.utc_offset_minutes);
    std::vector<ReceiptField> out;
    if (!contact.company.empty()) out.push_back({label("company"), contact.company});
    if (!contact.helpdesk.empty()) out.push_back({label("helpdesk"), contact.helpdesk});
    out.push_back({label("visit"), v.assignment().visit_id});
    if (!v.assignment().job_id.empty()) out.push_back({label("job"), v.assignment().job_id});
    out.push_back({label("date"), start.substr(0, 10)});
    out.push_back({label("times"), text(lang, "customer.receipt.time_span",
                                         {{"start", start.substr(11, 5)}, {"end", end.substr(11, 5)}})});
    out.push_back({label("technician"), technician_name(v, facts)});
    out.push_back({label("customer"), v.assignment().customer_name});
    out.push_back({label("address"), v.assignment().address});
    return out;
}

std::vector<std::string> handed_over(const Visit& v) {
    std::vector<std::string> lines;
    for (const HandoverItem& item : v.checklist().handover) {
        if (v.handover_confirmed(item.id)) lines.push_back(item.title);
    }
    return lines;
}

// The sections in the order the page prints them; an empty one is left out, not printed bare.
std::vector<ReceiptSection> sections(const Visit& v, const CompanyContact& contact, Lang lang) {
    const auto heading = [lang](const char* key) { return text(lang, std::string("customer.receipt.section.") + key); };
    std::vector<ReceiptSection> out;
    // One wording for screens, export and receipt: the message the customer is told.
    const CustomerMessage message = customer_message(v, contact);
    ReceiptSection outcome{heading("outcome"), {}, {message.what}};
    if (v.outcome() == Outcome::NotPossible && !message.next.empty()) outcome.lines.push_back(message.next);
    if (!message.whom.empty()) outcome.lines.push_back(message.whom);
    out.push_back(std::move(outcome));
    ReceiptSection done{heading("done"), receipt_words::done_fields(v, lang), {}};
    if (!done.fields.empty()) out.push_back(std::move(done));
    ReceiptSection handover{heading("handover"), {}, handed_over(v), "\u2713"};
    if (!handover.lines.empty()) out.push_back(std::move(handover));
    ReceiptSection todo{heading("todo"), {}, v.customer_todo(), "\u2610"};
    if (!todo.lines.empty()) out.push_back(std::move(todo));
    return out;
}

Status check_sealed_receipt(const Visit& v, std::string_view code) {
    if (!v.sealed()) return make_error(ErrorCode::not_sealed, "a receipt is made of a sealed visit only");
    if (!v.receipt()) {
        return make_error(ErrorCode::not_found, "the visit was sealed without a receipt").with("visit", v.assignment().visit_id);
    }
    if (sha256_hex(code) != v.receipt()->code_hash) {
        return make_error(ErrorCode::hash_mismatch, "the receipt code does not match the sealed hash")
            .with("visit", v.assignment().visit_id);
    }
    return {};
}

}  // namespace

std::string short_seal(std::string_view seal) {
    // Twelve hex digits in groups of four: enough to tell two receipts apart by eye, one word on paper.
    std::string out;
    for (std::size_t i = 0; i < 12 && i < seal.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += seal[i];
    }
    return out;
}

Expected<Receipt> make_receipt(const Visit& sealed, std::string_view code, ReceiptUse use) {
    if (Status ok = check_sealed_receipt(sealed, code); !ok) return ok.error();
    const ReceiptFacts& facts = *sealed.receipt();
    const ChecklistTemplate& t = sealed.checklist();
    const Lang lang = customer_lang(t);
    // The template names its own company or helpdesk where it sets one, as in every customer message.
    const CompanyContact contact = customer_contact(t, CompanyContact{facts.company, facts.helpdesk});
    Receipt r;
    r.lang = lang;
    r.practice = use == ReceiptUse::Practice;
    r.title = text(lang, "customer.receipt.title", {{"template", t.title}});
    if (r.practice) r.practice_mark = text(lang, "customer.receipt.practice");
    r.facts = visit_facts(sealed, facts, contact, lang);
    r.sections = sections(sealed, contact, lang);
    r.privacy = text(lang, "customer.receipt.privacy");
    r.seal = {text(lang, "customer.receipt.seal"), short_seal(sealed.seal())};
    if (!facts.link_base.empty()) {
        r.link = facts.link_base + "/r/" + sealed.assignment().visit_id + "/" + std::string(code);
        r.link_text = text(lang, "customer.receipt.link");
    }
    r.sealed_ms = sealed.events().back().wall_ms;
    r.utc_offset_minutes = facts.utc_offset_minutes;
    return r;
}

}  // namespace fc
