#include "http_status.h"

namespace fc {

namespace {

struct StatusRow {
    ErrorCode code;
    int status;
};

// Why the groups: the tablet decides from the status alone whether to try again (408, 429, 503, 507),
// to set a visit aside (4xx) or to give up on the depot (401), so a code's status is part of the API.
constexpr StatusRow kStatusRows[] = {
    // 400: the request itself is wrong: the tablet must not send it again as it is
    {ErrorCode::malformed, 400}, {ErrorCode::bad_id, 400}, {ErrorCode::bad_key, 400}, {ErrorCode::bad_length, 400},
    {ErrorCode::bad_request, 400}, {ErrorCode::bad_cursor, 400}, {ErrorCode::id_mismatch, 400},
    {ErrorCode::incomplete_body, 400}, {ErrorCode::not_utf8, 400}, {ErrorCode::too_deep, 400},
    {ErrorCode::hash_mismatch, 400}, {ErrorCode::invalid_hash, 400}, {ErrorCode::not_a_hash, 400},
    {ErrorCode::invalid_media_type, 400},
    // 401: no valid device token or signature; the reason code says which (the tablet retries a
    // `stale` one once with the depot's time; any other means the device must be enrolled again)
    {ErrorCode::unauthorized, 401}, {ErrorCode::unsigned_request, 401}, {ErrorCode::bad_signature, 401},
    {ErrorCode::unknown_key, 401}, {ErrorCode::key_revoked, 401}, {ErrorCode::replayed, 401},
    {ErrorCode::stale, 401}, {ErrorCode::digest_mismatch, 401}, {ErrorCode::bad_record_signature, 401},
    {ErrorCode::enrollment_code_expired, 401}, {ErrorCode::enrollment_code_unknown, 401},
    {ErrorCode::enrollment_code_used, 401}, {ErrorCode::login_failed, 401},
    // 403: the visit belongs to another technician; a back-office role or form that may not do this
    {ErrorCode::not_your_visit, 403}, {ErrorCode::forbidden_role, 403}, {ErrorCode::csrf_refused, 403},
    {ErrorCode::user_disabled, 403},
    // 404: no such route or thing
    {ErrorCode::not_found, 404}, {ErrorCode::no_such_user, 404},
    // 415: a stored file the back office will not serve as an image (its bytes are no JPEG or PNG)
    {ErrorCode::file_not_image, 415},
    // 408: the request head did not arrive in time
    {ErrorCode::head_timeout, 408},
    // 409: the depot has other content under this id
    {ErrorCode::conflict, 409}, {ErrorCode::user_exists, 409}, {ErrorCode::already_received, 409}, {ErrorCode::confirmation_conflict, 409},
    // 411: a body without a length
    {ErrorCode::length_required, 411},
    // 413: larger than the route accepts
    {ErrorCode::too_large, 413}, {ErrorCode::visit_too_large, 413}, {ErrorCode::photo_too_large, 413},
    {ErrorCode::text_too_long, 413},
    // 414: a path longer than the depot reads
    {ErrorCode::uri_too_long, 414},
    // 429: too many bad tokens from this address
    {ErrorCode::too_many_bad_tokens, 429}, {ErrorCode::login_throttled, 429},
    // 431: a request head larger than the depot reads
    {ErrorCode::head_too_large, 431},
    // 422: well formed, but it breaks a rule of the engine or of the depot's planning
    {ErrorCode::already_confirmed, 422}, {ErrorCode::assignment_mismatch, 422},
    {ErrorCode::attachment_missing, 422}, {ErrorCode::bad_device, 422}, {ErrorCode::bad_technician, 422},
    {ErrorCode::weak_password, 422}, {ErrorCode::bad_role, 422}, {ErrorCode::bad_user_name, 422},
    {ErrorCode::password_mismatch, 422}, {ErrorCode::last_admin, 422},
    {ErrorCode::bad_template, 422}, {ErrorCode::blocking_precheck_not_met, 422},
    {ErrorCode::cause_not_recorded, 422}, {ErrorCode::cause_text_required, 422},
    {ErrorCode::consequence_pending, 422}, {ErrorCode::customer_mode_only, 422},
    {ErrorCode::empty_comment, 422}, {ErrorCode::empty_text, 422}, {ErrorCode::first_step, 422},
    {ErrorCode::handover_started, 422}, {ErrorCode::invalid_answer, 422},
    {ErrorCode::serial_check_failed, 422}, {ErrorCode::serial_pattern_mismatch, 422}, {ErrorCode::serial_too_long, 422},
    {ErrorCode::photos_too_few, 422}, {ErrorCode::photos_too_many, 422}, {ErrorCode::invalid_pattern, 422},
    {ErrorCode::invalid_assignment, 422}, {ErrorCode::invalid_cause, 422}, {ErrorCode::invalid_events, 422},
    {ErrorCode::invalid_navigation, 422}, {ErrorCode::invalid_score, 422}, {ErrorCode::invalid_survey, 422}, {ErrorCode::invalid_template, 422},
    {ErrorCode::invalid_time, 422}, {ErrorCode::last_step, 422}, {ErrorCode::no_steps, 422},
    {ErrorCode::not_answered, 422}, {ErrorCode::not_finite, 422}, {ErrorCode::not_sealed, 422},
    {ErrorCode::note_required, 422}, {ErrorCode::out_of_order, 422}, {ErrorCode::precheck_open, 422},
    {ErrorCode::precheck_unanswered, 422},
    {ErrorCode::reason_required, 422}, {ErrorCode::reassigned, 422}, {ErrorCode::replay_refused, 422},
    {ErrorCode::required_step_unanswered, 422}, {ErrorCode::seal_mismatch, 422}, {ErrorCode::sealed, 422},
    {ErrorCode::seq_gap, 422}, {ErrorCode::stale_old_value, 422}, {ErrorCode::step_ahead, 422},
    {ErrorCode::step_hidden, 422}, {ErrorCode::step_required, 422}, {ErrorCode::step_shown, 422},
    {ErrorCode::survey_answers_present, 422}, {ErrorCode::survey_incomplete, 422},
    {ErrorCode::survey_locked, 422}, {ErrorCode::survey_answered, 409}, {ErrorCode::survey_expired, 410}, {ErrorCode::template_conflict, 422}, {ErrorCode::template_mismatch, 422},
    {ErrorCode::unknown_assignment, 422}, {ErrorCode::unknown_format, 422}, {ErrorCode::unknown_item, 422}, {ErrorCode::unknown_option, 422},
    {ErrorCode::unknown_template, 422}, {ErrorCode::wrong_actor, 422}, {ErrorCode::wrong_answer_kind, 422},
    {ErrorCode::wrong_phase, 422}, {ErrorCode::unconfirmed_intake, 422}, {ErrorCode::visit_cancelled, 422},
    {ErrorCode::bad_setting, 422},
    // 503: the depot cannot answer right now: try again
    {ErrorCode::busy, 503}, {ErrorCode::stopping, 503}, {ErrorCode::database_unavailable, 503}, {ErrorCode::sqlite_error, 503},
    {ErrorCode::io_error, 503}, {ErrorCode::corrupt, 503}, {ErrorCode::not_opened, 503},
    {ErrorCode::open_failed, 503}, {ErrorCode::newer_schema, 503}, {ErrorCode::no_wal, 503},
    {ErrorCode::unreadable, 503},
    // 507: the depot's disk is full: try again later
    {ErrorCode::disk_full, 507},
    // 500: failures of the tablet or of the depot's own start-up that never reach an HTTP answer; if one did, it is the depot's fault
    {ErrorCode::already_sent, 500}, {ErrorCode::bad_ca_file, 500}, {ErrorCode::bad_tls, 500},
    {ErrorCode::bad_token, 500}, {ErrorCode::bad_url, 500}, {ErrorCode::bind_failed, 500},
    {ErrorCode::depot_error, 500}, {ErrorCode::folder_unreadable, 500}, {ErrorCode::internal, 500},
    {ErrorCode::invalid_pin, 500}, {ErrorCode::invalid_salt, 500}, {ErrorCode::no_depot, 500},
    {ErrorCode::no_randomness, 500}, {ErrorCode::no_such_key, 500}, {ErrorCode::no_such_token, 500}, {ErrorCode::no_visit, 500},
    {ErrorCode::not_a_depot, 500}, {ErrorCode::not_enrolled, 500}, {ErrorCode::not_fieldcheck, 500},
    {ErrorCode::photo_missing, 500}, {ErrorCode::photo_not_image, 500}, {ErrorCode::photo_unreadable, 500},
    {ErrorCode::pin_corrupt, 500}, {ErrorCode::pin_not_set, 500}, {ErrorCode::refused, 500},
    {ErrorCode::signature_empty, 500}, {ErrorCode::signature_encoding, 500},
    {ErrorCode::template_missing, 500}, {ErrorCode::token_refused, 500}, {ErrorCode::unknown_pragma, 500},
    {ErrorCode::unreachable, 500}, {ErrorCode::usage, 500}, {ErrorCode::walk_done, 500},
    {ErrorCode::wrong_pin, 500}, {ErrorCode::pin_locked, 500},
    {ErrorCode::camera_busy, 500}, {ErrorCode::camera_ended, 500}, {ErrorCode::camera_failed, 500}, {ErrorCode::camera_missing, 500},
    {ErrorCode::depot_key_changed, 500}, {ErrorCode::depot_key_not_pinned, 500}, {ErrorCode::receipt_not_signed, 500},
};

constexpr bool has_row(ErrorCode code) {
    int rows = 0;
    for (const StatusRow& r : kStatusRows) rows += r.code == code ? 1 : 0;
    return rows == 1;
}

// Every code has exactly one row: a new code without one (or with two) does not compile.
#define FC_ERROR_CODE_HAS_ROW(name) static_assert(has_row(ErrorCode::name), "no HTTP status for ErrorCode::" #name);
FC_ERROR_CODES(FC_ERROR_CODE_HAS_ROW)
#undef FC_ERROR_CODE_HAS_ROW

}  // namespace

int http_status(ErrorCode code) {
    for (const StatusRow& r : kStatusRows) {
        if (r.code == code) return r.status;
    }
    return 500;  // not reached: the static_asserts above give every code a row
}

const char* reason_phrase(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 411: return "Length Required";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 503: return "Service Unavailable";
        case 507: return "Insufficient Storage";
        default: return "Internal Server Error";
    }
}

}  // namespace fc
