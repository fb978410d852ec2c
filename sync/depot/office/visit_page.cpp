// GET /visits/{id}: one visit as the depot received it, replayed from its stored record: the
// assignment, every answer with its photos, the handover, the true cause and the customer's
// message, the survey and its flags (survey area only), the audit trail, the seal, the receipt and
// the device that signed it. A visit set aside, withdrawn or not yet received says so.
#include "catalogue/catalogue.h"
#include "catalogue/customer_message.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/visit_facts_query.h"
#include "sync/depot/office/visit_page_parts.h"
#include "sync/depot/office/visit_page_view.h"
#include "sync/depot/office/visit_words.h"
#include "sync/depot/received_visit_replay.h"

namespace fc {
namespace {

void add_assignment(Lang lang, const Assignment& a, PageData& d) {
    d.set("customer", a.customer_name);
    // Mustache takes "" for true: keys of sections are set only when there is something.
    if (const std::string path = customer_path(a.customer_id, a.job_id); !path.empty()) d.set("customer_path", path);
    d.set("address", a.address);
    d.set("job", a.job_id);
    d.set("window", office_date_time(lang, a.window_start_ms) + " – " + office_date_time(lang, a.window_end_ms));
    d.set("technician", a.technician_name.empty() ? a.technician_id : a.technician_name + " (" + a.technician_id + ")");
    d.set("template", a.template_id + " v" + std::to_string(a.template_version));
}

void add_planning_notes(Lang lang, const VisitFacts& f, PageData& d) {
    PageData notes{PageData::type::list};
    const auto note = [&](std::string words) { notes.push_back(PageData(std::move(words))); };
    if (!f.received && f.set_aside.empty()) note(text(lang, "office.visit.not_received"));
    for (const SetAsideReport& r : f.set_aside) {
        note(text(lang, r.resolved_ms ? "office.visit.set_aside_resolved" : "office.visit.set_aside",
                  {{"when", office_date_time(lang, r.reported_ms)}, {"error", r.error}, {"message", r.message}}));
    }
    for (const Withdrawal& w : f.withdrawals) {
        note(text(lang, "office.visit.withdrawn", {{"technician", w.technician_id},
                                                   {"kind", text(lang, "office.visit.withdrawal." + w.kind)},
                                                   {"why", w.why},
                                                   {"when", office_date_time(lang, w.withdrawn_ms)}}));
    }
    for (const PlanningConflict& c : f.conflicts) note(text(lang, "office.visit.conflict", {{"detail", c.detail}}));
    d.set("notes", notes);
}

void add_seal_and_receipt(Lang lang, const ReceivedVisit& r, PageData& d) {
    d.set("seal", r.seal);
    d.set("sealed", office_date_time(lang, r.tablet_sealed_ms));
    d.set("received", office_date_time(lang, r.received_ms));
    const std::string state = receipt_state(r);
    d.set("receipt", text(lang, state == "none" ? "office.visit.receipt.none"
                                : state == "verified code" ? "office.visit.receipt.verified"
                                                           : "office.visit.receipt.unknown"));
    if (!r.receipt_code.empty()) {
        d.set("receipt_path", "/r/" + httplib::detail::encode_query_param(r.visit_id) + "/" + r.receipt_code);
    }
    d.set("device", r.device_key_id.empty() ? text(lang, "office.visit.bearer_token")
                                            : text(lang, "office.visit.device_key", {{"device", r.device}, {"key", r.device_key_id}}));
}

void add_outcome(const OfficeContext& ctx, const Visit& v, const ReceivedVisit& r, PageData& d) {
    const Lang lang = ctx.lang();
    d.set("outcome", outcome_words(lang, r.outcome));
    if (v.cause()) {
        std::string cause = cause_words(lang, to_string(v.cause()->kind));
        if (const Precheck* p = v.checklist().find_precheck(v.cause()->precheck_id)) cause += ": " + p->title;
        d.set("cause", cause);
        if (!v.cause()->text.empty()) d.set("cause_text", v.cause()->text);
    }
    auto contact = ctx.depot.store.contact();
    const CompanyContact settings = contact && *contact ? **contact : CompanyContact{};
    if (const std::string message = customer_message(v, settings).text(); !message.empty()) d.set("customer_message", message);
}

// The page of a received visit; `f.received` is set.
Status fill_received(const OfficeContext& ctx, const VisitFacts& f, PageData& d) {
    auto replayed = replay_received_visit(ctx.depot.store, f.received->visit_id);
    if (!replayed) return replayed.error();
    if (!*replayed) return make_error(ErrorCode::not_found, "the visit is no longer stored");
    const Visit& v = **replayed;
    const Lang lang = ctx.lang();
    add_assignment(lang, v.assignment(), d);
    d.set("template", v.checklist().title + " (" + v.checklist().id + " v" + std::to_string(v.checklist().version) + ")");
    add_outcome(ctx, v, *f.received, d);
    add_answers(lang, v, d);
    const bool survey = ctx.may(OfficeArea::Survey);
    if (survey) add_survey(lang, v, *f.received, d);
    add_audit(lang, v, survey, d);
    add_seal_and_receipt(lang, *f.received, d);
    d.set("is_received", PageData(true));
    return {};
}

}  // namespace

void visit_page_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const std::string id = req.matches[1];
    auto facts = query_visit_facts(ctx.depot.store, id);
    if (!facts) return send_office_error(ctx, res, facts.error());
    if (!facts->known()) return send_office_error(ctx, res, make_error(ErrorCode::not_found, "no visit has this id"));
    PageData d;
    d.set("page", "/visits");
    set_visit_page_labels(lang, d);
    d.set("visit_id", id);
    add_planning_notes(lang, *facts, d);
    if (facts->received) {
        if (Status s = fill_received(ctx, *facts, d); !s) return send_office_error(ctx, res, s.error());
    } else if (facts->assignment) {
        add_assignment(lang, *facts->assignment, d);
    }
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.visit.title", {{"id", id}}), kVisitPageView, d));
}

}  // namespace fc
