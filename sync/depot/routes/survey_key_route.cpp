// PUT /api/v1/survey-key: a tablet registers the key its phone-survey codes are made with.
#include <string>

#include "checklists/canonical_json.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/survey_code.h"
#include "sync/wire/wire_fields.h"

namespace fc {
namespace {

constexpr std::size_t kMaxSurveyKeyBody = 1024;

Expected<std::string> read_survey_key(const std::string& body) {
    auto doc = parse_bounded_json(body, kMaxSurveyKeyBody, 4);
    if (!doc) return doc.error();
    if (!doc->IsObject()) return make_error(ErrorCode::malformed, "the body is a JSON object with \"survey_key\"");
    WireFields f(*doc, "survey key");
    const std::string text = f.text("survey_key");
    if (!f.ok()) return f.error();
    return survey_key_from_base64(text);
}

}  // namespace

void survey_key_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader* body) {
    auto caller = ctx.authorization.caller(req, res, BodyCheck::ByRoute);
    if (!caller) return;
    std::string text;
    const BodyRead read = read_body(req, body, kMaxSurveyKeyBody, [&](const char* data, std::size_t size) {
        text.append(data, size);
        return true;
    }, res);
    if (read == BodyRead::TooLarge) return reply_error(res, make_error(ErrorCode::too_large, "a survey key body is small"));
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the body did not arrive whole"));
    }
    if (!check_body_digest(*caller, text, res)) return;
    auto key = read_survey_key(text);
    if (!key) return reply_error(res, key.error());
    if (Status s = ctx.store.put_survey_key(caller->technician_id, caller->device, *key, ctx.clock.now().wall_ms); !s) {
        return reply_error(res, s.error());
    }
    res.status = 200;
    // The public URL tells the tablet where the QR codes point; "" = the depot offers no phone survey.
    res.set_content(CanonicalJson::object().set("public_url", ctx.options.public_url).dump(), kJsonType);
}

}  // namespace fc
