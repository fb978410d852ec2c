// The phone survey's notice pages: one short page per outcome, nothing to fill in.
#include "catalogue/catalogue.h"
#include "sync/depot/web/survey_views.h"
#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

constexpr const char* kSurveyNoticeView = R"html(<h1>{{title}}</h1>
<p>{{text}}</p>
)html";

const char* notice_key(SurveyNotice n) {
    switch (n) {
        case SurveyNotice::Thanks: return "phone.thanks";
        case SurveyNotice::AlreadyAnswered: return "phone.used";
        case SurveyNotice::Unknown: return "phone.unknown";
        case SurveyNotice::Expired: return "phone.expired";
    }
    return "phone.unknown";
}

}  // namespace

std::string survey_notice_view(Lang lang, SurveyNotice notice) {
    const std::string key = notice_key(notice);
    PageData d;
    d.set("title", text(lang, key + ".title"));
    d.set("text", text(lang, key + ".text"));
    return render_page(lang, text(lang, key + ".title"), kSurveyNoticeView, d);
}

}  // namespace fc
