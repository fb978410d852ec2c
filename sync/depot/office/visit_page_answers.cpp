// The visit page's answers: prechecks, steps in template order with photos and measured ranges,
// the handover with signatures, and the to-do list the customer was handed.
#include <cmath>

#include <httplib.h>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/visit_page_parts.h"

namespace fc {
namespace {

// As few decimals as show the value exactly (up to 3): a meter's 4.25 is not rounded to 4.3.
std::string measured_words(Lang lang, double value, const std::string& unit) {
    int decimals = 0;
    while (decimals < 3 && std::fabs(value * std::pow(10.0, decimals) - std::round(value * std::pow(10.0, decimals))) > 1e-9) {
        ++decimals;
    }
    return office_number(lang, value, decimals, unit);
}

std::string choice_label(const Step* step, const std::string& option) {
    if (step) {
        for (const ChoiceOption& o : step->options) {
            if (o.id == option) return o.label;
        }
    }
    return option;
}

PageData files_of(const std::string& visit_id, const Answer& a) {
    PageData files{PageData::type::list};
    std::vector<std::string> hashes = a.hashes;
    if (a.kind == Answer::Kind::Attachment) hashes.push_back(a.text);
    for (const std::string& sha : hashes) {
        PageData f;
        f.set("href", visit_file_path(visit_id, sha));
        f.set("sha", sha);
        files.push_back(f);
    }
    return files;
}

PageData step_data(Lang lang, const Visit& v, const Step& step, const Answer& a) {
    PageData s;
    s.set("title", step.title);
    s.set("id", step.id);
    s.set("answer", answer_words(lang, a, &step));
    s.set("files", files_of(v.assignment().visit_id, a));
    if (step.kind == StepKind::Measure) {
        s.set("range", text(lang, "office.visit.range_between", {{"min", measured_words(lang, step.min, "")},
                                                          {"max", measured_words(lang, step.max, step.unit)}}));
        const bool inside = a.kind == Answer::Kind::Number && a.number >= step.min && a.number <= step.max;
        s.set("in_range", PageData(inside && a.kind == Answer::Kind::Number));
        s.set("out_of_range", PageData(!inside && a.kind == Answer::Kind::Number));
        s.set("in_range_words", text(lang, "office.visit.in_range"));
        s.set("out_of_range_words", text(lang, "office.visit.out_of_range"));
    }
    return s;
}

PageData prechecks_of(Lang lang, const Visit& v) {
    PageData list{PageData::type::list};
    for (const Precheck& p : v.checklist().prechecks) {
        const auto a = v.precheck_answer(p.id);
        if (!a) continue;
        PageData item;
        item.set("title", p.title);
        item.set("answer", answer_words(lang, *a, nullptr));
        if (const auto by = v.intake_confirmation(p.id)) {
            item.set("confirmed_by", text(lang, "office.visit.confirmed_by",
                                          {{"by", by->by}, {"when", office_date_time(lang, by->at_ms)}}));
        }
        list.push_back(item);
    }
    return list;
}

PageData handover_of(Lang lang, const Visit& v) {
    PageData list{PageData::type::list};
    for (const HandoverItem& h : v.checklist().handover) {
        const auto signature = v.handover_answer(h.id);
        if (!signature && !v.handover_confirmed(h.id)) continue;
        PageData item;
        item.set("title", h.title);
        item.set("answer", text(lang, signature ? "office.visit.signed" : "office.visit.confirmed"));
        item.set("files", signature ? files_of(v.assignment().visit_id, *signature) : PageData(PageData::type::list));
        list.push_back(item);
    }
    return list;
}

}  // namespace

std::string visit_file_path(const std::string& visit_id, const std::string& sha256) {
    return "/visits/" + httplib::detail::encode_query_param(visit_id) + "/files/" + httplib::detail::encode_query_param(sha256);
}

std::string answer_words(Lang lang, const Answer& a, const Step* step) {
    switch (a.kind) {
        case Answer::Kind::Met: return text(lang, "office.visit.answer.met");
        case Answer::Kind::NotMet:
            return a.text.empty() ? text(lang, "office.visit.answer.not_met")
                                  : text(lang, "office.visit.answer.not_met_note", {{"note", a.text}});
        case Answer::Kind::Confirmed: return text(lang, "office.visit.confirmed");
        case Answer::Kind::Done: return text(lang, "office.visit.answer.done");
        case Answer::Kind::NotApplicable: return text(lang, "office.visit.answer.not_applicable", {{"reason", a.text}});
        case Answer::Kind::Number: {
            const std::string value = measured_words(lang, a.number, step ? step->unit : "");
            return a.text.empty() ? value : value + " — " + a.text;
        }
        case Answer::Kind::Choice: return choice_label(step, a.text);
        case Answer::Kind::Text:
        case Answer::Kind::Serial: return a.text;
        case Answer::Kind::Attachment: return text(lang, "office.visit.answer.files", {{"count", "1"}});
        case Answer::Kind::Score: return std::to_string(static_cast<int>(a.number)) + " / 5";
        case Answer::Kind::Photos:
            return text(lang, "office.visit.answer.files", {{"count", std::to_string(a.hashes.size())}});
    }
    return {};
}

void add_answers(Lang lang, const Visit& v, PageData& d) {
    d.set("prechecks", prechecks_of(lang, v));
    PageData steps{PageData::type::list};
    for (const Step& step : v.checklist().steps) {
        const auto a = v.step_answer(step.id);
        if (a) steps.push_back(step_data(lang, v, step, *a));
    }
    d.set("steps", steps);
    d.set("handover", handover_of(lang, v));
    PageData todo{PageData::type::list};
    for (const std::string& t : v.customer_todo()) todo.push_back(PageData(t));
    d.set("todo", todo);
    d.set("any_todo", PageData(!v.customer_todo().empty()));
}

}  // namespace fc
