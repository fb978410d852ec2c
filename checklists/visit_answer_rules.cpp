// Which answer fits which precheck, step or survey question, and the tokens show_if compares.
#include <algorithm>
#include <cmath>

#include "canonical_json.h"
#include "serial_number.h"
#include "sha256.h"
#include "visit_internal.h"

namespace fc::visit_detail {
namespace {

const char* kind_label(StepKind k) {
    switch (k) {
        case StepKind::Instruction: return "an instruction step: it takes a confirmation";
        case StepKind::Check: return "a check: it takes done, or not applicable with a reason";
        case StepKind::Measure: return "a measurement: it takes a number";
        case StepKind::Choice: return "a choice: it takes one of its options";
        case StepKind::Text: return "a text step: it takes text";
        case StepKind::Photo: return "a photo step: it takes a photo";
        case StepKind::Signature: return "a signature step: it takes a signature";
        case StepKind::Serial: return "a serial number step: it takes a serial number";
    }
    return "a step";
}

Status text_fits(const std::string& text, const std::string& where) {
    if (text.size() > kMaxAnswerTextBytes) {
        return make_error(ErrorCode::text_too_long, where + ": the text is " + std::to_string(text.size()) +
                                               " bytes; at most " + std::to_string(kMaxAnswerTextBytes) +
                                               " are kept");
    }
    if (!is_valid_utf8(text)) return make_error(ErrorCode::not_utf8, where + ": the text is not valid UTF-8");
    return {};
}

Error extra_fields(const std::string& where) {
    return make_error(ErrorCode::invalid_answer, where + ": this answer carries a number or text it cannot have");
}

std::string range_text(const Step& s) {
    std::string out;
    CanonicalJson(s.min).write(out);
    out += " to ";
    CanonicalJson(s.max).write(out);
    if (!s.unit.empty()) out += " " + s.unit;
    return out;
}

// Record format 4: the photos of one step, in the order taken, each a distinct SHA-256, as many as
// the template asks (photos_min..photos_max).
Status photos_fit(const Step& s, const Answer& a, const std::string& where) {
    if (!a.text.empty()) return extra_fields(where);
    const auto count = static_cast<int>(a.hashes.size());
    const std::string asked = s.photos_min == s.photos_max
                                  ? std::to_string(s.photos_min)
                                  : std::to_string(s.photos_min) + " to " + std::to_string(s.photos_max);
    if (count < s.photos_min) {
        return make_error(ErrorCode::photos_too_few, where + " takes " + asked + " photos; it has " + std::to_string(count))
            .with("subject", s.title)
            .with("min", std::to_string(s.photos_min));
    }
    if (count > s.photos_max) {
        return make_error(ErrorCode::photos_too_many, where + " takes " + asked + " photos; it has " + std::to_string(count))
            .with("subject", s.title)
            .with("max", std::to_string(s.photos_max));
    }
    for (std::size_t i = 0; i < a.hashes.size(); ++i) {
        if (!is_sha256_hex(a.hashes[i])) {
            return make_error(ErrorCode::not_a_hash, where + ": a photo is named by its SHA-256 (64 lowercase hex digits)");
        }
        if (std::find(a.hashes.begin(), a.hashes.begin() + static_cast<std::ptrdiff_t>(i), a.hashes[i]) !=
            a.hashes.begin() + static_cast<std::ptrdiff_t>(i)) {
            return make_error(ErrorCode::invalid_answer, where + ": the same photo is listed twice")
                .with("subject", s.title);
        }
    }
    return {};
}

Status attachment_fits(const Answer& a, const std::string& where) {
    if (!is_sha256_hex(a.text)) {
        return make_error(ErrorCode::not_a_hash, where + ": an attachment is named by its SHA-256 (64 lowercase hex digits)");
    }
    return {};
}

}  // namespace

bool is_blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

std::string quoted(const std::string& s) { return "\u201C" + s + "\u201D"; }

std::string answer_token(const Step& step, const Answer& a) {
    switch (a.kind) {
        case Answer::Kind::Confirmed: return "confirmed";
        case Answer::Kind::Done: return "done";
        case Answer::Kind::NotApplicable: return "not_applicable";
        case Answer::Kind::Number: return a.number >= step.min && a.number <= step.max ? "in_range" : "out_of_range";
        case Answer::Kind::Choice: return a.text;
        case Answer::Kind::Text:
        case Answer::Kind::Attachment:
        case Answer::Kind::Photos:
        case Answer::Kind::Serial: return "answered";
        case Answer::Kind::Met:
        case Answer::Kind::NotMet:
        case Answer::Kind::Score: return {};  // not step answers: they never decide a show_if
    }
    return {};
}

Status answer_representable(const Answer& a) {
    if (!std::isfinite(a.number)) return make_error(ErrorCode::not_finite, "the value must be a number");
    return text_fits(a.text, "the answer");
}

Status precheck_answer_fits(const Precheck& p, const Answer& a) {
    const std::string where = "precheck " + quoted(p.title);
    if (a.kind != Answer::Kind::Met && a.kind != Answer::Kind::NotMet) {
        return make_error(ErrorCode::wrong_answer_kind, where + " is answered met or not met, not " + to_string(a.kind));
    }
    if (a.number != 0 || (a.kind == Answer::Kind::Met && !a.text.empty())) return extra_fields(where);
    return text_fits(a.text, where);
}

Status step_answer_fits(const Step& s, const Answer& a, int format) {
    const std::string where = "step " + quoted(s.title);
    const auto wrong = [&] {
        return make_error(ErrorCode::wrong_answer_kind,
                          where + " is " + kind_label(s.kind) + ", not an answer of kind " + to_string(a.kind));
    };
    if (Status t = text_fits(a.text, where); !t) return t;
    if (a.kind != Answer::Kind::Number && a.number != 0) return extra_fields(where);
    if (a.kind != Answer::Kind::Photos && !a.hashes.empty()) return extra_fields(where);
    switch (s.kind) {
        case StepKind::Instruction:
            if (a.kind != Answer::Kind::Confirmed) return wrong();
            if (!a.text.empty()) return extra_fields(where);
            return {};
        case StepKind::Check:
            if (a.kind == Answer::Kind::Done) return a.text.empty() ? Status{} : Status{extra_fields(where)};
            if (a.kind != Answer::Kind::NotApplicable) return wrong();
            if (is_blank(a.text)) {
                return make_error(ErrorCode::reason_required, where + ": say why it does not apply").with("subject", s.title);
            }
            return {};
        case StepKind::Measure:
            if (a.kind != Answer::Kind::Number) return wrong();
            if (!std::isfinite(a.number)) return make_error(ErrorCode::not_finite, where + ": the value must be a number");
            if ((a.number < s.min || a.number > s.max) && is_blank(a.text)) {
                return make_error(ErrorCode::note_required, where + ": the value is outside " + range_text(s) +
                                                       "; add a note saying why")
                    .with("subject", s.title);
            }
            return {};
        case StepKind::Choice: {
            if (a.kind != Answer::Kind::Choice) return wrong();
            const bool known = std::any_of(s.options.begin(), s.options.end(),
                                           [&](const ChoiceOption& o) { return o.id == a.text; });
            if (!known) return make_error(ErrorCode::unknown_option, where + " has no option " + quoted(a.text));
            return {};
        }
        case StepKind::Text:
            if (a.kind != Answer::Kind::Text) return wrong();
            if (s.required && is_blank(a.text)) {
                return make_error(ErrorCode::empty_text, where + " is required: write something").with("subject", s.title);
            }
            return {};
        case StepKind::Photo:
            // Record format 4 lists the step's photos; older records name their one photo, as sealed.
            if (format >= kFirstPhotoListFormat) return a.kind == Answer::Kind::Photos ? photos_fit(s, a, where) : wrong();
            return a.kind == Answer::Kind::Attachment ? attachment_fits(a, where) : wrong();
        case StepKind::Signature:
            return a.kind == Answer::Kind::Attachment ? attachment_fits(a, where) : wrong();
        case StepKind::Serial:
            // A serial step needs template format 3, which needs record format 4 (check_opened).
            if (a.kind != Answer::Kind::Serial || format < kFirstPhotoListFormat) return wrong();
            return check_serial(s, a.text);
    }
    return wrong();
}

// The customer's signature at the handover: a file named by its SHA-256, and nothing else.
Status signature_answer_fits(const HandoverItem& h, const Answer& a) {
    const std::string where = "handover item " + quoted(h.title);
    if (a.kind != Answer::Kind::Attachment) {
        return make_error(ErrorCode::wrong_answer_kind,
                          where + " is signed by the customer, not answered with " + std::string(to_string(a.kind)));
    }
    if (a.number != 0) return extra_fields(where);
    if (!is_sha256_hex(a.text)) {
        return make_error(ErrorCode::not_a_hash, where + ": a signature is named by its SHA-256 (64 lowercase hex digits)");
    }
    return {};
}

Status survey_answer_fits(const SurveyQuestion& q, const Answer& a) {
    const std::string where = "survey question " + quoted(q.title);
    if (Status t = text_fits(a.text, where); !t) return t;
    if (q.kind == SurveyKind::Smiley) {
        if (a.kind != Answer::Kind::Score) {
            return make_error(ErrorCode::wrong_answer_kind, where + " takes a score of 1 to 5, not " + std::string(to_string(a.kind)));
        }
        if (!(a.number >= 1 && a.number <= 5) || a.number != std::floor(a.number) || !a.text.empty()) {
            return make_error(ErrorCode::invalid_score, where + ": a score is a whole number from 1 to 5");
        }
        return {};
    }
    if (a.kind != Answer::Kind::Text) {
        return make_error(ErrorCode::wrong_answer_kind, where + " takes a comment, not " + std::string(to_string(a.kind)));
    }
    if (a.number != 0) return extra_fields(where);
    if (is_blank(a.text)) return make_error(ErrorCode::empty_comment, where + ": an empty comment is no answer");
    return {};
}

}  // namespace fc::visit_detail
