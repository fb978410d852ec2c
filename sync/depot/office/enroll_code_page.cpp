// POST /devices/enroll-code: a new one-time enrollment code for a technician's tablet, shown this once
// as its 16 digits and as the QR code the tablet's Sync screen scans (the same text as
// `enroll-code create`: fieldcheck-enroll:<depot URL>#<code>, or the code alone). The code is in
// the answer's body only, never in a URL, and the answer is not cached (the office's no-store).
#include <charconv>
#include <string>

#include "catalogue/catalogue.h"
#include "catalogue/error_message.h"
#include "sync/depot/depot_server.h"
#include "sync/depot/depot_store.h"
#include "sync/depot/http_status.h"
#include "sync/depot/office/devices_view.h"
#include "sync/depot/office/office_format.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/office/page_words.h"
#include "sync/depot/office/qr_svg.h"
#include "sync/wire/enrollment_code.h"
#include "sync/wire/wire_ids.h"

namespace fc {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

constexpr const char* kEnrollCodeView = R"html(<section class="enroll-code">
<p>{{for_whom}}</p>
<p class="enroll-digits"><strong>{{digits}}</strong></p>
<figure class="qr">{{{qr}}}<figcaption>{{qr_caption}}</figcaption></figure>
<p>{{valid_until}}</p>
<p class="notice">{{once}}</p>
<p class="no-print"><a href="/devices">{{back}}</a></p>
</section>
)html";

// The depot's address for the QR code: the one set for the customers' phones, when it is one the
// tablet can read back (the QR text ends at '#'); "" lets the tablet keep the address it has.
std::string qr_depot_url(const DepotServerOptions& options) {
    const std::string& url = options.public_url;
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    return scheme && url.find_first_of("# \t\r\n") == std::string::npos ? url : std::string();
}

// 1 to 168 whole hours, as `enroll-code create --valid-hours` takes them.
std::optional<int> valid_hours(const std::string& field) {
    int hours = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), hours);
    if (ec != std::errc() || end != field.data() + field.size() || hours < 1 || hours > 168) return std::nullopt;
    return hours;
}

void send_code(const OfficeContext& ctx, httplib::Response& res, const DevicesForm& form, const NewEnrollmentCode& code) {
    const Lang lang = ctx.lang();
    PageData d;
    d.set("page", "/devices");
    set_words(d, lang, "office.devices.", {"once", "back", "qr_caption"});
    d.set("for_whom", text(lang, "office.devices.code_for", {{"technician", form.technician_id}, {"device", form.device}}));
    d.set("digits", grouped_enrollment_code(code.code));
    // Only numbers from qr_svg(): the code itself is never written into this markup unescaped.
    d.set("qr", qr_svg(enrollment_qr_text(qr_depot_url(ctx.depot.options), code.code)).value_or(""));
    d.set("valid_until", text(lang, "office.devices.valid_until", {{"when", office_date_time(lang, code.expires_ms)}}));
    send_office_page(res, 201, render_office_page(ctx, text(lang, "office.devices.code_title"), kEnrollCodeView, std::move(d)));
}

}  // namespace

void enroll_code_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    DevicesForm form{req.get_param_value("technician_id"), req.get_param_value("device"),
                     req.get_param_value("valid_hours"), ""};
    const auto hours = valid_hours(form.valid_hours);
    // The store checks these too; its sentences are the API's, these say what to type.
    const char* problem = !is_wire_id(form.technician_id)  ? "office.devices.bad_technician"
                          : !is_device_label(form.device) ? "office.devices.bad_device"
                          : !hours                         ? "office.devices.bad_hours"
                                                           : nullptr;
    if (problem) {
        form.problem = text(ctx.lang(), problem);
        send_devices_page(ctx, res, 422, form);
        return;
    }
    auto code = ctx.depot.store.create_enrollment_code(form.technician_id, form.device, *hours * kHourMs,
                                                       ctx.depot.clock.now().wall_ms);
    if (!code) {
        form.problem = error_message(ctx.lang(), code.error());
        send_devices_page(ctx, res, http_status(code.error().code), form);
        return;
    }
    send_code(ctx, res, form, *code);
}

}  // namespace fc
