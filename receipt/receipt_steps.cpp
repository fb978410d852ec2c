#include "receipt/receipt_steps.h"

#include <charconv>

#include "catalogue/catalogue.h"

namespace fc::receipt_words {
namespace {

std::string measure_text(const Step& step, const Answer& answer, Lang lang) {
    const bool in_range = answer.number >= step.min && answer.number <= step.max;
    return text(lang, in_range ? "customer.receipt.value.measure_in" : "customer.receipt.value.measure_out",
                {{"value", number_text(answer.number, lang)},
                 {"unit", step.unit},
                 {"min", number_text(step.min, lang)},
                 {"max", number_text(step.max, lang)}});
}

std::string choice_text(const Step& step, const Answer& answer) {
    for (const ChoiceOption& option : step.options) {
        if (option.id == answer.text) return option.label;
    }
    return answer.text;  // an option of an older template version: its id is all there is
}

std::string photos_text(std::size_t n, Lang lang) {
    if (n == 1) return text(lang, "customer.receipt.value.photo");
    return text(lang, "customer.receipt.value.photos", {{"n", std::to_string(n)}});
}

// What the customer reads for one answer; the kinds a step cannot hold (precheck and survey answers)
// are never asked for.
std::string answer_text(const Step& step, const Answer& answer, Lang lang) {
    switch (answer.kind) {
        case Answer::Kind::Confirmed:
        case Answer::Kind::Done: return text(lang, "customer.receipt.value.done");
        case Answer::Kind::NotApplicable:
            return text(lang, "customer.receipt.value.not_applicable", {{"reason", answer.text}});
        case Answer::Kind::Number: return measure_text(step, answer, lang);
        case Answer::Kind::Choice: return choice_text(step, answer);
        case Answer::Kind::Text:
        case Answer::Kind::Serial: return answer.text;
        case Answer::Kind::Attachment:
            return step.kind == StepKind::Signature ? text(lang, "customer.receipt.value.signed") : photos_text(1, lang);
        case Answer::Kind::Photos: return photos_text(answer.hashes.size(), lang);
        case Answer::Kind::Met:
        case Answer::Kind::NotMet:
        case Answer::Kind::Score: return {};
    }
    return {};
}

}  // namespace

std::string number_text(double value, Lang lang) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    std::string out = ec == std::errc() ? std::string(buf, end) : std::string("?");
    if (lang == Lang::Nl) {
        for (char& c : out) {
            if (c == '.') c = ',';
        }
    }
    return out;
}

std::vector<ReceiptField> done_fields(const Visit& visit, Lang lang) {
    std::vector<ReceiptField> fields;
    const ChecklistTemplate& t = visit.checklist();
    for (const int index : visit.shown_steps()) {
        const Step& step = t.steps[static_cast<std::size_t>(index)];
        const std::optional<Answer> answer = visit.step_answer(step.id);
        if (!answer) continue;
        std::string value = answer_text(step, *answer, lang);
        if (!value.empty()) fields.push_back({step.title, std::move(value)});
    }
    return fields;
}

}  // namespace fc::receipt_words
