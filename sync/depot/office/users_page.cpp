// /users (admin only): the back office's accounts, and the forms that add one, disable one, give one
// a new role or a new password. Every form answers with 303 back to the list (so a reload never
// posts twice) or with the list again and the problem in the account's language.
#include <string>
#include <vector>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "sync/depot/http_status.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/office_password.h"
#include "sync/depot/office/office_request.h"
#include "sync/depot/office/office_routes.h"

namespace fc {
namespace {

constexpr const char* kUsersView = R"html({{#notice}}<p class="ok" role="status">{{notice}}</p>{{/notice}}
{{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
<table class="users">
<thead><tr><th>{{h_name}}</th><th>{{h_role}}</th><th>{{h_language}}</th><th>{{h_created}}</th><th>{{h_state}}</th><th class="no-print">{{h_change}}</th></tr></thead>
<tbody>
{{#users}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{language}}</td><td>{{created}}</td><td>{{state}}</td>
<td class="no-print">{{#active}}
<form method="post" action="/users/{{path}}/role" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
<label>{{h_role}} <select name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select></label>
<button type="submit">{{set_role}}</button></form>
<form method="post" action="/users/{{path}}/password" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
<label>{{new_password}} <input type="password" name="password" autocomplete="new-password" required minlength="{{min}}" maxlength="{{max}}"></label>
<label>{{again}} <input type="password" name="again" autocomplete="new-password" required minlength="{{min}}" maxlength="{{max}}"></label>
<button type="submit">{{set_password}}</button></form>
<form method="post" action="/users/{{path}}/disable" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
<button type="submit" class="danger">{{disable}}</button></form>
{{/active}}</td></tr>
{{/users}}
</tbody>
</table>
<h2>{{add_title}}</h2>
<form method="post" action="/users/add" class="user-add no-print"><input type="hidden" name="csrf" value="{{csrf}}">
<p><label>{{h_name}}<br><input name="name" required maxlength="64" pattern="[A-Za-z0-9._@\-]{1,64}" value="{{form_name}}"></label></p>
<p><label>{{h_role}}<br><select name="role">{{#add_roles}}<option value="{{value}}">{{label}}</option>{{/add_roles}}</select></label></p>
<p><label>{{h_language}}<br><select name="language"><option value="nl">Nederlands</option><option value="en">English</option></select></label></p>
<p><label>{{new_password}}<br><input type="password" name="password" autocomplete="new-password" required minlength="{{min}}" maxlength="{{max}}"></label></p>
<p><label>{{again}}<br><input type="password" name="again" autocomplete="new-password" required minlength="{{min}}" maxlength="{{max}}"></label></p>
<p><button type="submit">{{add}}</button></p>
</form>
)html";

constexpr OfficeRole kRoles[] = {OfficeRole::Helpdesk, OfficeRole::Quality, OfficeRole::Planner, OfficeRole::Admin};

PageData role_options(Lang lang, OfficeRole selected) {
    PageData list{PageData::type::list};
    for (OfficeRole r : kRoles) {
        PageData o;
        o.set("value", role_name(r));
        o.set("label", role_label(lang, r));
        o.set("selected", PageData(r == selected));
        list.push_back(o);
    }
    return list;
}

PageData user_row(Lang lang, const OfficeUser& u, const std::string& csrf) {
    PageData row;
    row.set("name", u.name);
    // A name goes into a form's path; the store's rule keeps it URL-safe, encoding keeps a stray one so.
    row.set("path", httplib::detail::encode_query_param(u.name));
    row.set("role", role_label(lang, u.role));
    row.set("language", u.lang == Lang::Nl ? "Nederlands" : "English");
    row.set("created", office_date_time(lang, u.created_ms));
    row.set("state", u.disabled_ms == 0 ? text(lang, "office.users.active")
                                        : text(lang, "office.users.disabled_since", {{"date", office_date_time(lang, u.disabled_ms)}}));
    row.set("active", PageData(u.disabled_ms == 0));
    row.set("roles", role_options(lang, u.role));
    row.set("csrf", csrf);
    return row;
}

void set_labels(PageData& d, Lang lang) {
    set_words(d, lang, "office.users.", {"h_name", "h_role", "h_language", "h_created", "h_state", "h_change", "set_role", "new_password", "again", "set_password", "disable", "add_title", "add"});
    d.set("min", std::to_string(kMinPasswordBytes));
    d.set("max", std::to_string(kMaxPasswordBytes));
}

// The list with `problem` (empty: none) or the notice a redirect asked for; `status` 200 or the problem's.
void send_users(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res, const Error* problem) {
    const Lang lang = ctx.lang();
    auto users = ctx.depot.store.office_users();
    if (!users) {
        send_office_error(ctx, res, users.error());
        return;
    }
    PageData d;
    d.set("page", "/users");
    set_labels(d, lang);
    PageData rows{PageData::type::list};
    for (const OfficeUser& u : users.value()) rows.push_back(user_row(lang, u, ctx.session.csrf));
    d.set("users", rows);
    d.set("add_roles", role_options(lang, OfficeRole::Helpdesk));
    const std::string done = req.get_param_value("done");
    if (!problem && (done == "added" || done == "disabled" || done == "role" || done == "password")) {
        d.set("notice", text(lang, "office.users.done." + done));
    }
    if (problem) {
        d.set("problem", error_message(lang, *problem, problem->param("subject")));
        d.set("form_name", req.get_param_value("name").substr(0, 64));
    }
    send_office_page(res, problem ? http_status(problem->code) : 200, render_office_page(ctx, text(lang, "office.users.title"), kUsersView, d));
}

// The hash of the form's new password, typed twice alike.
Expected<std::string> form_password(const httplib::Request& req) {
    const std::string password = req.get_param_value("password");
    if (password != req.get_param_value("again")) {
        return make_error(ErrorCode::password_mismatch, "the two passwords typed differ");
    }
    return hash_password(password);
}

// Refuses what would leave the back office without an active admin (nobody could then manage accounts here).
Status keeps_an_admin(const OfficeContext& ctx, const std::string& name) {
    auto users = ctx.depot.store.office_users();
    if (!users) return users.error();
    int others = 0;
    bool is_admin = false;
    for (const OfficeUser& u : users.value()) {
        if (u.role != OfficeRole::Admin || u.disabled_ms != 0) continue;
        if (u.name == name) is_admin = true;
        else ++others;
    }
    if (is_admin && others == 0) {
        return make_error(ErrorCode::last_admin, "this is the last active admin account").with("subject", name);
    }
    return {};
}

void answer(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res, const Status& done, const char* what) {
    if (!done) {
        send_users(ctx, req, res, &done.error());
        return;
    }
    see_other(res, std::string("/users?done=") + what);
}

std::string name_in_path(const httplib::Request& req) { return req.matches.size() > 1 ? std::string(req.matches[1]) : ""; }

}  // namespace

void users_page_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    send_users(ctx, req, res, nullptr);
}

void user_add_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const auto role = role_from_name(req.get_param_value("role"));
    const auto lang = lang_from_code(req.get_param_value("language"));
    Status done;
    if (!role) {
        done = make_error(ErrorCode::bad_role, "a role is helpdesk, quality, planner or admin");
    } else if (auto hash = form_password(req); !hash) {
        done = hash.error();
    } else {
        auto user = ctx.depot.store.add_office_user(req.get_param_value("name"), *role, lang.value_or(Lang::Nl), *hash,
                                                    ctx.depot.clock.now().wall_ms);
        if (!user) done = user.error();
    }
    answer(ctx, req, res, done, "added");
}

void user_disable_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string name = name_in_path(req);
    Status done = keeps_an_admin(ctx, name);
    if (done) done = ctx.depot.store.disable_office_user(name, ctx.depot.clock.now().wall_ms);
    answer(ctx, req, res, done, "disabled");
}

void user_role_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string name = name_in_path(req);
    const auto role = role_from_name(req.get_param_value("role"));
    Status done = role ? Status() : Status(make_error(ErrorCode::bad_role, "a role is helpdesk, quality, planner or admin"));
    if (done && *role != OfficeRole::Admin) done = keeps_an_admin(ctx, name);
    if (done) done = ctx.depot.store.set_office_role(name, *role);
    answer(ctx, req, res, done, "role");
}

void user_password_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    auto hash = form_password(req);
    const Status done = hash ? ctx.depot.store.set_office_password(name_in_path(req), *hash) : Status(hash.error());
    answer(ctx, req, res, done, "password");
}

}  // namespace fc
