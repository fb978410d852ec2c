// GET /devices: who can send visits to this depot: every tablet's key, every enrollment code (its
// state; never the code itself: the depot keeps only its hash) and every bearer token, each key and
// token with its revoke button; and the form that makes a new enrollment code.
#include <string>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/office/devices_view.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/page_words.h"

namespace fc {
namespace {

constexpr const char* kDevicesView = R"html({{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
<section class="no-print">
<h2>{{enroll_heading}}</h2>
<p>{{enroll_intro}}</p>
<form method="post" action="/devices/enroll-code" class="enroll">
<input type="hidden" name="csrf" value="{{csrf}}">
<p><label>{{technician}}<br><input name="technician_id" required maxlength="64" pattern="[A-Za-z0-9_\-]{1,64}" value="{{form_technician}}"></label></p>
<p><label>{{device}}<br><input name="device" required maxlength="64" value="{{form_device}}"></label></p>
<p><label>{{valid_hours}}<br><input name="valid_hours" type="number" min="1" max="168" required value="{{form_hours}}"></label></p>
<p><button type="submit">{{enroll_submit}}</button></p>
</form>
</section>
<h2>{{keys_heading}}</h2>
{{^keys}}<p>{{keys_none}}</p>{{/keys}}
{{#has_keys}}<table class="wide"><thead><tr><th>{{technician}}</th><th>{{device}}</th><th>{{key_id}}</th><th>{{registered}}</th><th>{{how}}</th><th>{{state}}</th><th class="no-print"></th></tr></thead><tbody>
{{#keys}}<tr><td>{{technician}}</td><td>{{device}}</td><td><code>{{key_id}}</code></td><td>{{registered}}</td><td>{{how}}</td><td>{{state}}</td>
<td class="no-print">{{^revoked}}<form method="post" action="/devices/{{key_id}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{revoke}}</button></form>{{/revoked}}</td></tr>
{{/keys}}</tbody></table>{{/has_keys}}
<h2>{{codes_heading}}</h2>
{{^codes}}<p>{{codes_none}}</p>{{/codes}}
{{#has_codes}}<table class="wide"><thead><tr><th>{{technician}}</th><th>{{device}}</th><th>{{created}}</th><th>{{expires}}</th><th>{{state}}</th><th>{{key_id}}</th></tr></thead><tbody>
{{#codes}}<tr><td>{{technician}}</td><td>{{device}}</td><td>{{created}}</td><td>{{expires}}</td><td>{{state}}</td><td><code>{{key_id}}</code></td></tr>
{{/codes}}</tbody></table>{{/has_codes}}
<h2>{{tokens_heading}}</h2>
{{^tokens}}<p>{{tokens_none}}</p>{{/tokens}}
{{#has_tokens}}<table class="wide"><thead><tr><th>{{token_id}}</th><th>{{technician}}</th><th>{{device}}</th><th>{{created}}</th><th>{{state}}</th><th class="no-print"></th></tr></thead><tbody>
{{#tokens}}<tr><td>{{id}}</td><td>{{technician}}</td><td>{{device}}</td><td>{{created}}</td><td>{{state}}</td>
<td class="no-print">{{^revoked}}<form method="post" action="/devices/tokens/{{id}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{revoke}}</button></form>{{/revoked}}</td></tr>
{{/tokens}}</tbody></table>{{/has_tokens}}
)html";

// "valid" or "revoked on <date>", in the account's words.
std::string key_state(Lang lang, std::int64_t revoked_ms) {
    return revoked_ms == 0 ? text(lang, "office.devices.state_valid")
                           : text(lang, "office.devices.state_revoked", {{"when", office_date_time(lang, revoked_ms)}});
}

PageData key_rows(const OfficeContext& ctx, const std::vector<DeviceKey>& keys) {
    const Lang lang = ctx.lang();
    PageData rows{PageData::type::list};
    for (const DeviceKey& k : keys) {
        PageData r;
        r.set("technician", k.technician_id);
        r.set("device", k.device);
        r.set("key_id", k.key_id);
        r.set("registered", office_date_time(lang, k.created_ms));
        r.set("how", k.token_id == 0 ? text(lang, "office.devices.by_code")
                                     : text(lang, "office.devices.by_token", {{"id", std::to_string(k.token_id)}}));
        r.set("state", key_state(lang, k.revoked_ms));
        r.set("revoked", PageData(k.revoked_ms != 0));
        r.set("csrf", ctx.session.csrf);
        r.set("revoke", text(lang, "office.devices.revoke"));
        rows.push_back(r);
    }
    return rows;
}

PageData code_rows(const OfficeContext& ctx, const std::vector<EnrollmentCodeInfo>& codes) {
    const Lang lang = ctx.lang();
    const std::int64_t now = ctx.depot.clock.now().wall_ms;
    PageData rows{PageData::type::list};
    // Newest first: the code just made is the one the admin looks for.
    for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
        const EnrollmentCodeInfo& c = *it;
        PageData r;
        r.set("technician", c.technician_id);
        r.set("device", c.device);
        r.set("created", office_date_time(lang, c.created_ms));
        r.set("expires", office_date_time(lang, c.expires_ms));
        r.set("state", text(lang, c.used_ms != 0    ? "office.devices.code_used"
                                  : now >= c.expires_ms ? "office.devices.code_expired"
                                                        : "office.devices.code_open"));
        r.set("key_id", c.key_id);
        rows.push_back(r);
    }
    return rows;
}

PageData token_rows(const OfficeContext& ctx, const std::vector<DepotTokenInfo>& tokens) {
    const Lang lang = ctx.lang();
    PageData rows{PageData::type::list};
    for (const DepotTokenInfo& t : tokens) {
        PageData r;
        r.set("id", std::to_string(t.id));
        r.set("technician", t.technician_id);
        r.set("device", t.device);
        r.set("created", office_date_time(lang, t.created_ms));
        r.set("state", key_state(lang, t.revoked_ms));
        r.set("revoked", PageData(t.revoked_ms != 0));
        r.set("csrf", ctx.session.csrf);
        r.set("revoke", text(lang, "office.devices.revoke"));
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

void send_devices_page(const OfficeContext& ctx, httplib::Response& res, int status, const DevicesForm& form) {
    DepotStore& store = ctx.depot.store;
    auto keys = store.list_device_keys();
    auto codes = store.list_enrollment_codes();
    auto tokens = store.list_tokens();
    if (!keys || !codes || !tokens) {
        send_office_error(ctx, res, !keys ? keys.error() : !codes ? codes.error() : tokens.error());
        return;
    }
    const Lang lang = ctx.lang();
    PageData d;
    d.set("page", "/devices");
    set_words(d, lang, "office.devices.",
              {"enroll_heading", "enroll_intro", "technician", "device", "valid_hours", "enroll_submit", "keys_heading",
               "keys_none", "key_id", "registered", "how", "state", "codes_heading", "codes_none", "created", "expires",
               "tokens_heading", "tokens_none", "token_id"});
    if (!form.problem.empty()) d.set("problem", form.problem);
    d.set("form_technician", form.technician_id);
    d.set("form_device", form.device);
    d.set("form_hours", form.valid_hours);
    d.set("keys", key_rows(ctx, *keys));
    d.set("has_keys", PageData(!keys->empty()));
    d.set("codes", code_rows(ctx, *codes));
    d.set("has_codes", PageData(!codes->empty()));
    d.set("tokens", token_rows(ctx, *tokens));
    d.set("has_tokens", PageData(!tokens->empty()));
    send_office_page(res, status, render_office_page(ctx, text(lang, "office.devices.title"), kDevicesView, std::move(d)));
}

void devices_page_route(const OfficeContext& ctx, const httplib::Request&, httplib::Response& res) {
    send_devices_page(ctx, res, 200, DevicesForm{});
}

}  // namespace fc
