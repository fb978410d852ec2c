#include "catalogue/customer_message.h"

#include "catalogue/catalogue.h"
#include "checklists/checklist_template.h"

namespace fc {
namespace {

// The sentence that says which precheck was not met: the author's words for the customer, else a
// neutral one for its moment. A cause from an older template version whose precheck is gone still
// gets a sentence; its id is for the back office.
std::string precheck_sentence(Lang lang, const FailureCause& cause, const ChecklistTemplate& t) {
    const Precheck* p = t.find_precheck(cause.precheck_id);
    if (!p) return text(lang, "customer.precheck.unknown");
    if (!p->customer_text.empty()) return p->customer_text;
    return text(lang, p->moment == PrecheckMoment::BeforeDeparture ? "customer.precheck.before_departure"
                                                                      : "customer.precheck.on_arrival");
}

// One sentence per combination of what is known, so no sentence has a hole where a name or a number
// would be and none invents one.
std::string whom_to_call(Lang lang, const CompanyContact& c) {
    const Params params{{"company", c.company}, {"helpdesk", c.helpdesk}};
    if (!c.company.empty() && !c.helpdesk.empty()) return text(lang, "customer.call.company_helpdesk", params);
    if (!c.company.empty()) return text(lang, "customer.call.company", params);
    if (!c.helpdesk.empty()) return text(lang, "customer.call.helpdesk", params);
    return text(lang, "customer.call.unknown");
}

}  // namespace

std::string CustomerMessage::text() const {
    std::string out = what;
    if (!next.empty()) out += (out.empty() ? "" : " ") + next;
    if (!whom.empty()) out += (out.empty() ? "" : "\n\n") + whom;
    return out;
}

Lang customer_lang(const ChecklistTemplate& t) { return lang_from_code(t.language).value_or(Lang::En); }

CompanyContact customer_contact(const ChecklistTemplate& t, const CompanyContact& depot_settings) {
    CompanyContact c = depot_settings;
    if (!t.contact.company.empty()) c.company = t.contact.company;
    if (!t.contact.helpdesk.empty()) c.helpdesk = t.contact.helpdesk;
    return c;
}

CustomerMessage customer_message(const FailureCause& cause, const ChecklistTemplate& t,
                                 const CompanyContact& depot_settings) {
    const Lang lang = customer_lang(t);
    // The keys are the engine's own name of the kind, so a new kind without words fails the tests.
    const std::string kind = to_string(cause.kind);
    const Params params{{"precheck", cause.kind == FailureCause::Kind::PrecheckNotMet ? precheck_sentence(lang, cause, t)
                                                                                      : std::string()},
                        {"reason", cause.text}};
    return CustomerMessage{text(lang, "customer.cause." + kind, params), text(lang, "customer.next." + kind, params),
                           whom_to_call(lang, customer_contact(t, depot_settings))};
}

CustomerMessage customer_message(const Visit& visit, const CompanyContact& depot_settings) {
    const ChecklistTemplate& t = visit.checklist();
    if (visit.outcome() == Outcome::NotPossible && visit.cause()) {
        return customer_message(*visit.cause(), t, depot_settings);
    }
    if (visit.outcome() != Outcome::Completed) return {};
    // A completed visit's message repeats the customer's own to-do list in writing (story 003), so
    // nothing the technician explained depends on the customer's memory.
    const Lang lang = customer_lang(t);
    CustomerMessage message;
    message.what = text(lang, "customer.completed", {{"template", t.title}});
    const std::vector<std::string> todo = visit.customer_todo();
    if (!todo.empty()) {
        message.next = text(lang, "customer.todo_lead");
        for (const std::string& line : todo) message.next += "\n- " + line;
    }
    message.whom = whom_to_call(lang, customer_contact(t, depot_settings));
    return message;
}

}  // namespace fc
