// GET and POST /s/{visit}/{code}: the customer's own phone answers the visit's survey. Every refusal
// is a clear page in the customer's language, and nothing is stored unless every check passed.
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/http_status.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/web/page_language.h"
#include "sync/depot/web/survey_answers.h"
#include "sync/depot/web/survey_views.h"
#include "sync/depot/web/web_headers.h"
#include "sync/depot/web/web_page.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr std::int64_t kSurveyLinkLifeMs = 14LL * 24 * 60 * 60 * 1000;

// The visit a link names, once the link is known to be good.
struct SurveyLink {
    Assignment assignment;
    std::shared_ptr<const ChecklistTemplate> checklist;
    Lang lang = Lang::Nl;
    std::string channel;  // "phone_qr" | "mailed_link"
};

void notice(httplib::Response& res, Lang lang, SurveyNotice n, ErrorCode code) {
    send_page(res, http_status(code), survey_notice_view(lang, n));
}

bool code_fits(const Expected<std::vector<std::string>>& keys, const std::string& visit_id, const std::string& code) {
    if (!keys) return false;
    bool fits = false;
    for (const std::string& key : *keys) fits = survey_code_matches(key, visit_id, code) || fits;
    return fits;
}

// The tablet's HMAC code (the QR), else the code the depot made for the receipt mail; "" for neither.
std::string channel_of(const RouteContext& ctx, const Assignment& a, const std::string& code) {
    if (code_fits(ctx.store.survey_keys(a.technician_id), a.visit_id, code)) return "phone_qr";
    auto mailed = ctx.store.mailed_survey_code_matches(a.visit_id, code);
    return mailed && *mailed ? "mailed_link" : "";
}

// Unknown visit and wrong code give the same page: the page must not tell a guesser which visit ids exist.
std::optional<SurveyLink> check_link(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string visit_id = req.matches[1];
    const std::string code = req.matches[2];
    const Lang fallback = page_language(req, std::nullopt);
    auto assignment = is_wire_id(visit_id) ? ctx.store.assignment(visit_id) : Expected<std::optional<Assignment>>(std::nullopt);
    const std::string channel = assignment && *assignment ? channel_of(ctx, **assignment, code) : "";
    if (channel.empty()) {
        notice(res, fallback, SurveyNotice::Unknown, ErrorCode::not_found);
        return std::nullopt;
    }
    const Assignment& a = **assignment;
    auto checklist = ctx.store.template_for(a.template_id, a.template_version);
    const Lang lang = page_language(req, checklist ? std::optional<std::string>((*checklist)->language) : std::nullopt);
    if (!checklist) {
        notice(res, lang, SurveyNotice::Unknown, ErrorCode::not_found);
        return std::nullopt;
    }
    if (ctx.clock.now().wall_ms > a.window_end_ms + kSurveyLinkLifeMs) {
        notice(res, lang, SurveyNotice::Expired, ErrorCode::survey_expired);
        return std::nullopt;
    }
    // Answered through a link already, or the visit arrived with its survey answered or declined on
    // the tablet. The mailed link exists because the tablet closed the survey unanswered: only an
    // answer on the tablet closes it. One answer per visit, whichever channel came first.
    auto answered = ctx.store.phone_survey(visit_id);
    auto status = ctx.store.received_survey_status(visit_id);
    const bool closed = status && *status &&
                        (channel == "mailed_link" ? **status == "submitted" : **status != "on_phone");
    if (!answered || *answered || closed) {
        notice(res, lang, SurveyNotice::AlreadyAnswered, ErrorCode::survey_answered);
        return std::nullopt;
    }
    return SurveyLink{a, *checklist, lang, channel};
}

}  // namespace

void phone_survey_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader*) {
    auto link = check_link(ctx, req, res);
    if (!link) return;
    send_page(res, 200, survey_form_view(link->lang, *link->checklist, ""));
}

void phone_survey_post_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader*) {
    auto link = check_link(ctx, req, res);
    if (!link) return;
    auto answers = read_survey_answers(req.params, *link->checklist);
    if (!answers) {
        const Params subject{{"subject", answers.error().params.empty() ? "" : answers.error().params.front().second}};
        const std::string problem = text(link->lang, "phone.invalid.text", subject);
        return send_page(res, http_status(answers.error().code), survey_form_view(link->lang, *link->checklist, problem));
    }
    const PhoneSurvey survey{link->assignment.visit_id, req.matches[2], answers->scores, answers->comment,
                             lang_code(link->lang), ctx.clock.now().wall_ms, link->channel};
    auto stored = ctx.store.store_phone_survey(survey);
    if (!stored) return notice(res, link->lang, SurveyNotice::Unknown, stored.error().code);
    // Two submissions racing past check_link: the second finds the row and is told so.
    if (!*stored) return notice(res, link->lang, SurveyNotice::AlreadyAnswered, ErrorCode::survey_answered);
    notice(res, link->lang, SurveyNotice::Thanks, ErrorCode::not_found);
    res.status = 200;
}

void site_css(const RouteContext&, const httplib::Request&, httplib::Response& res, const httplib::ContentReader*) {
    site_css_route(res);
}

}  // namespace fc
