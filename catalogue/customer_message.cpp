#include "catalogue/customer_message.h"

#include "catalogue/catalogue.h"
#include "checklists/checklist_template.h"

namespace fc {
namespace {

std::string precheck_title(const FailureCause& cause, const ChecklistTemplate& t) {
    if (const Precheck* p = t.find_precheck(cause.precheck_id)) return p->title;
    return cause.precheck_id;  // a cause from an older template version: the id is still the truth
}

}  // namespace

Lang customer_lang(const ChecklistTemplate& t) { return lang_from_code(t.language).value_or(Lang::En); }

std::string customer_message(const FailureCause& cause, const ChecklistTemplate& t) {
    // The key is the engine's own name of the kind, so a new kind without words fails the tests.
    return text(customer_lang(t), std::string("customer.cause.") + to_string(cause.kind),
                {{"precheck", precheck_title(cause, t)}, {"reason", cause.text}});
}

std::string customer_message(const Visit& visit) {
    const ChecklistTemplate& t = visit.checklist();
    if (visit.outcome() == Outcome::NotPossible && visit.cause()) return customer_message(*visit.cause(), t);
    if (visit.outcome() != Outcome::Completed) return {};
    // A completed visit's message repeats the customer's own to-do list in writing (story 4), so
    // nothing the technician explained depends on the customer's memory.
    const Lang lang = customer_lang(t);
    std::string message = text(lang, "customer.completed", {{"template", t.title}});
    const std::vector<std::string> todo = visit.customer_todo();
    if (!todo.empty()) {
        message += " " + text(lang, "customer.todo_lead");
        for (const std::string& line : todo) message += "\n- " + line;
    }
    return message;
}

}  // namespace fc
