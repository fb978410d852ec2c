// The phone survey's form: plain HTML, no script; every radio button starts unchecked.
#include "catalogue/catalogue.h"
#include "sync/depot/web/survey_views.h"
#include "sync/depot/web/web_page.h"

namespace fc {
namespace {

// The form posts to its own address (form-action 'self'), so the code never leaves the URL it came in.
constexpr const char* kFormView = R"html(<h1>{{title}}</h1>
{{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
<p>{{intro}}</p>
<p class="muted">{{private}}</p>
<form method="post">
{{#questions}}
<fieldset>
<legend>{{title}}</legend>
{{#smiley}}
<div class="scale">
{{#scores}}<label><input type="radio" name="{{field}}" value="{{score}}"{{#required}} required{{/required}}>{{score}}</label>{{/scores}}
</div>
<div class="ends"><span>{{low}}</span><span>{{high}}</span></div>
{{/smiley}}
{{#comment}}
<p class="muted">{{optional}}</p>
<textarea name="{{field}}" maxlength="{{max}}"></textarea>
{{/comment}}
</fieldset>
{{/questions}}
<button type="submit">{{send}}</button>
</form>
)html";

PageData question_data(Lang lang, const SurveyQuestion& q) {
    PageData d;
    d.set("title", q.title);
    const std::string field = "q-" + q.id;
    if (q.kind == SurveyKind::Smiley) {
        PageData scores{PageData::type::list};
        for (int score = 1; score <= 5; ++score) {
            PageData s;
            s.set("field", field);
            s.set("score", std::to_string(score));
            s.set("required", PageData(q.required));
            scores.push_back(s);
        }
        PageData smiley;
        smiley.set("scores", scores);
        smiley.set("low", text(lang, "phone.very_unhappy"));
        smiley.set("high", text(lang, "phone.very_happy"));
        d.set("smiley", smiley);
    } else {
        PageData comment;
        comment.set("field", field);
        comment.set("optional", text(lang, "phone.optional"));
        comment.set("max", "2000");
        d.set("comment", comment);
    }
    return d;
}

}  // namespace

std::string survey_form_view(Lang lang, const ChecklistTemplate& t, const std::string& problem) {
    PageData d;
    d.set("title", text(lang, "phone.title"));
    if (!problem.empty()) d.set("problem", problem);
    d.set("intro", text(lang, "phone.intro"));
    d.set("private", text(lang, "phone.private"));
    d.set("send", text(lang, "phone.send"));
    PageData questions{PageData::type::list};
    for (const SurveyQuestion& q : t.survey) questions.push_back(question_data(lang, q));
    d.set("questions", questions);
    return render_page(lang, text(lang, "phone.title"), kFormView, d);
}

}  // namespace fc
