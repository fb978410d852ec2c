// /account: every logged-in person's own page: who they are, their role, and the language of their
// pages, which they pick for themself (POST /account/language).
#include <string>

#include "catalogue/catalogue.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/office_request.h"
#include "sync/depot/office/office_routes.h"

namespace fc {
namespace {

constexpr const char* kAccountView = R"html({{#notice}}<p class="ok" role="status">{{notice}}</p>{{/notice}}
<dl class="facts">
<dt>{{h_name}}</dt><dd>{{name}}</dd>
<dt>{{h_role}}</dt><dd>{{role}}</dd>
<dt>{{h_created}}</dt><dd>{{created}}</dd>
</dl>
<form method="post" action="/account/language" class="no-print"><input type="hidden" name="csrf" value="{{csrf}}">
<p><label>{{h_language}}<br><select name="language">
<option value="nl"{{#nl}} selected{{/nl}}>Nederlands</option>
<option value="en"{{#en}} selected{{/en}}>English</option>
</select></label> <button type="submit">{{save}}</button></p>
</form>
)html";

}  // namespace

void account_page_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const Lang lang = ctx.lang();
    const OfficeUser& u = ctx.session.user;
    PageData d;
    d.set("page", "/account");
    set_words(d, lang, "office.account.", {"h_name", "h_role", "h_created", "h_language", "save"});
    d.set("name", u.name);
    d.set("role", role_label(lang, u.role));
    d.set("created", office_date_time(lang, u.created_ms));
    d.set("nl", PageData(lang == Lang::Nl));
    d.set("en", PageData(lang == Lang::En));
    if (req.get_param_value("done") == "language") d.set("notice", text(lang, "office.account.saved"));
    send_office_page(res, 200, render_office_page(ctx, text(lang, "office.account.title"), kAccountView, d));
}

void account_language_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto lang = lang_from_code(req.get_param_value("language"));
    if (!lang) {
        send_office_error(ctx, res, make_error(ErrorCode::bad_request, "a language is nl or en"));
        return;
    }
    if (Status s = ctx.depot.store.set_office_language(ctx.session.user.name, *lang); !s) {
        send_office_error(ctx, res, s.error());
        return;
    }
    see_other(res, "/account?done=language");
}

}  // namespace fc
