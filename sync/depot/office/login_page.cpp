// The back office's door: GET / and /login, POST /login and /logout. A login always starts a new
// session (a cookie planted before it never becomes a logged-in one), its form carries a token bound
// to a cookie of its own, and failures are slowed per client address and per account name.
#include <string>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "checklists/sha256.h"
#include "sync/depot/client_address.h"
#include "sync/depot/http_status.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_password.h"
#include "sync/depot/office/office_request.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/web/page_language.h"
#include "sync/wire/device_token.h"

namespace fc {
namespace {

constexpr const char* kLoginCookie = "fc_login";

constexpr const char* kLoginView = R"html(<header class="office-bar"><span class="brand">{{depot}}</span></header>
<h1>{{title}}</h1>
{{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
<form method="post" action="/login" class="login">
<input type="hidden" name="csrf" value="{{csrf}}">
<input type="hidden" name="next" value="{{next}}">
<p><label>{{name_label}}<br><input name="name" autocomplete="username" required maxlength="64" value="{{name}}" autofocus></label></p>
<p><label>{{password_label}}<br><input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label></p>
<p><button type="submit">{{submit}}</button></p>
</form>
)html";

std::string cookie(const RouteContext& ctx, const httplib::Request& req, const std::string& name, const std::string& value,
                   const std::string& path, bool expire) {
    std::string c = name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict";
    if (expire) c += "; Max-Age=0";
    if (reached_over_tls(ctx.options, req)) c += "; Secure";
    return c;
}

// The login page, with a fresh form token (and its cookie) unless the browser already holds one.
void send_login(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, int status,
                const std::string& problem) {
    const Lang lang = page_language(req, std::nullopt);
    std::string token = cookie_value(req, kLoginCookie).value_or("");
    if (!is_device_token(token)) {
        auto fresh = generate_device_token();
        token = fresh ? fresh.value() : "";
        if (!token.empty()) res.set_header("Set-Cookie", cookie(ctx, req, kLoginCookie, token, "/login", false));
    }
    PageData d;
    d.set("depot", text(lang, "office.depot"));
    d.set("title", text(lang, "office.login.title"));
    if (!problem.empty()) d.set("problem", problem);
    d.set("csrf", token);
    d.set("next", local_next(req.get_param_value("next")));
    d.set("name", req.method == "POST" ? req.get_param_value("name").substr(0, 64) : std::string());
    d.set("name_label", text(lang, "office.login.name"));
    d.set("password_label", text(lang, "office.login.password"));
    d.set("submit", text(lang, "office.login.submit"));
    send_office_page(res, status,
                     render_layout(lang, text(lang, "office.login.title"), render_view(kLoginView, d), "/static/office.css"));
}

void refuse_login(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res, const Error& e) {
    send_login(ctx, req, res, http_status(e.code), error_message(page_language(req, std::nullopt), e, e.param("subject")));
}

bool has_live_session(const RouteContext& ctx, const httplib::Request& req) {
    const auto c = cookie_value(req, kSessionCookie);
    if (!c || !is_device_token(*c)) return false;
    auto s = ctx.store.office_session(sha256_hex(*c), ctx.clock.now().wall_ms);
    return s && s.value().has_value();
}

// The account this name and password open, or why not (one sentence for every wrong pair).
Expected<OfficeUser> check_password(const RouteContext& ctx, const std::string& name, const std::string& password) {
    auto login = ctx.store.office_login(name);
    if (!login) return login.error();
    const Error wrong = make_error(ErrorCode::login_failed, "the name or the password is wrong");
    if (!login.value()) {
        spend_password_check(password);
        return wrong;
    }
    if (!password_matches(login.value()->password_hash, password) || login.value()->user.disabled_ms != 0) return wrong;
    return login.value()->user;
}

}  // namespace

void root_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    see_other(res, has_live_session(ctx, req) ? "/visits" : "/login");
}

void login_page_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (has_live_session(ctx, req)) {
        see_other(res, local_next(req.get_param_value("next")));
        return;
    }
    send_login(ctx, req, res, 200, "");
}

void login_post_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto form_token = cookie_value(req, kLoginCookie);
    if (!form_token || !is_device_token(*form_token) || !constant_time_equal(req.get_param_value("csrf"), *form_token)) {
        refuse_login(ctx, req, res, make_error(ErrorCode::csrf_refused, "the login form's token is not this browser's"));
        return;
    }
    const std::int64_t now = ctx.bad_logins.now_ms(ctx.clock);
    const std::string name = req.get_param_value("name").substr(0, 64);
    const std::string by_address = "address " + client_address(ctx.options.trusted_proxies, req);
    const std::string by_name = "name " + name;
    if (const std::int64_t wait = std::max(ctx.bad_logins.wait_ms(by_address, now), ctx.bad_logins.wait_ms(by_name, now)); wait > 0) {
        refuse_login(ctx, req, res, make_error(ErrorCode::login_throttled, "too many failed logins")
                                        .with("subject", std::to_string((wait + 999) / 1000)));
        return;
    }
    auto user = check_password(ctx, name, req.get_param_value("password"));
    if (!user) {
        if (user.error().code == ErrorCode::login_failed) {
            ctx.bad_logins.record_failure(by_address, now);
            ctx.bad_logins.record_failure(by_name, now);
        }
        refuse_login(ctx, req, res, user.error());
        return;
    }
    // A session cookie the browser brought (planted or left over) ends here: the login mints its own.
    if (const auto old = cookie_value(req, kSessionCookie); old && is_device_token(*old)) {
        (void)ctx.store.end_office_session(sha256_hex(*old));
    }
    auto token = generate_device_token();
    auto csrf = generate_device_token();
    if (!token || !csrf) {
        refuse_login(ctx, req, res, token ? csrf.error() : token.error());
        return;
    }
    if (Status s = ctx.store.start_office_session(user->id, sha256_hex(*token), *csrf, ctx.clock.now().wall_ms); !s) {
        refuse_login(ctx, req, res, s.error());
        return;
    }
    res.set_header("Set-Cookie", cookie(ctx, req, kSessionCookie, *token, "/", false));
    res.set_header("Set-Cookie", cookie(ctx, req, kLoginCookie, "", "/login", true));
    see_other(res, local_next(req.get_param_value("next")));
}

void logout_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (const auto c = cookie_value(req, kSessionCookie); c && is_device_token(*c)) {
        (void)ctx.depot.store.end_office_session(sha256_hex(*c));
    }
    res.set_header("Set-Cookie", cookie(ctx.depot, req, kSessionCookie, "", "/", true));
    see_other(res, "/login");
}

}  // namespace fc
