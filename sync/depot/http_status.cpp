#include "http_status.h"

namespace fc {

// Why the groups: the tablet decides from the status alone whether to try again (408, 429, 503, 507),
// to set a visit aside (4xx) or to give up on the depot (401), so a code's status is part of the API.
int http_status(ErrorCode code) {
    switch (code) {
        // 400: the request itself is wrong: the tablet must not send it again as it is
        case ErrorCode::malformed:
        case ErrorCode::bad_id:
        case ErrorCode::bad_length:
        case ErrorCode::bad_request:
        case ErrorCode::bad_cursor:
        case ErrorCode::id_mismatch:
        case ErrorCode::incomplete_body:
        case ErrorCode::not_utf8:
        case ErrorCode::too_deep:
        case ErrorCode::hash_mismatch:
        case ErrorCode::invalid_hash:
        case ErrorCode::not_a_hash:
        case ErrorCode::invalid_media_type:
            return 400;
        // 401: no valid device token
        case ErrorCode::unauthorized:
            return 401;
        // 403: the visit belongs to another technician
        case ErrorCode::not_your_visit:
            return 403;
        // 404: no such route or thing
        case ErrorCode::not_found:
            return 404;
        // 408: the request head did not arrive in time
        case ErrorCode::head_timeout:
            return 408;
        // 409: the depot has other content under this id
        case ErrorCode::conflict:
        case ErrorCode::already_received:
            return 409;
        // 411: a body without a length
        case ErrorCode::length_required:
            return 411;
        // 413: larger than the route accepts
        case ErrorCode::too_large:
        case ErrorCode::visit_too_large:
        case ErrorCode::photo_too_large:
        case ErrorCode::text_too_long:
            return 413;
        // 414: a path longer than the depot reads
        case ErrorCode::uri_too_long:
            return 414;
        // 429: too many bad tokens from this address
        case ErrorCode::too_many_bad_tokens:
            return 429;
        // 431: a request head larger than the depot reads
        case ErrorCode::head_too_large:
            return 431;
        // 422: well formed, but it breaks a rule of the engine or of the depot's planning
        case ErrorCode::already_confirmed:
        case ErrorCode::assignment_mismatch:
        case ErrorCode::attachment_missing:
        case ErrorCode::bad_device:
        case ErrorCode::bad_technician:
        case ErrorCode::bad_template:
        case ErrorCode::blocking_precheck_not_met:
        case ErrorCode::cause_not_recorded:
        case ErrorCode::cause_text_required:
        case ErrorCode::consequence_pending:
        case ErrorCode::customer_mode_only:
        case ErrorCode::empty_comment:
        case ErrorCode::empty_text:
        case ErrorCode::first_step:
        case ErrorCode::handover_started:
        case ErrorCode::invalid_answer:
        case ErrorCode::invalid_assignment:
        case ErrorCode::invalid_cause:
        case ErrorCode::invalid_events:
        case ErrorCode::invalid_navigation:
        case ErrorCode::invalid_score:
        case ErrorCode::invalid_template:
        case ErrorCode::invalid_time:
        case ErrorCode::last_step:
        case ErrorCode::no_steps:
        case ErrorCode::not_answered:
        case ErrorCode::not_finite:
        case ErrorCode::not_sealed:
        case ErrorCode::note_required:
        case ErrorCode::out_of_order:
        case ErrorCode::precheck_unanswered:
        case ErrorCode::reason_required:
        case ErrorCode::reassigned:
        case ErrorCode::replay_refused:
        case ErrorCode::required_step_unanswered:
        case ErrorCode::seal_mismatch:
        case ErrorCode::sealed:
        case ErrorCode::seq_gap:
        case ErrorCode::stale_old_value:
        case ErrorCode::step_ahead:
        case ErrorCode::step_hidden:
        case ErrorCode::step_required:
        case ErrorCode::step_shown:
        case ErrorCode::survey_answers_present:
        case ErrorCode::survey_incomplete:
        case ErrorCode::survey_locked:
        case ErrorCode::template_conflict:
        case ErrorCode::template_mismatch:
        case ErrorCode::unknown_assignment:
        case ErrorCode::unknown_format:
        case ErrorCode::unknown_item:
        case ErrorCode::unknown_option:
        case ErrorCode::unknown_template:
        case ErrorCode::wrong_actor:
        case ErrorCode::wrong_answer_kind:
        case ErrorCode::wrong_phase:
            return 422;
        // 503: the depot cannot answer right now: try again
        case ErrorCode::busy:
        case ErrorCode::stopping:
        case ErrorCode::sqlite_error:
        case ErrorCode::io_error:
        case ErrorCode::corrupt:
        case ErrorCode::not_opened:
        case ErrorCode::open_failed:
        case ErrorCode::newer_schema:
        case ErrorCode::no_wal:
        case ErrorCode::unreadable:
            return 503;
        // 507: the depot's disk is full: try again later
        case ErrorCode::disk_full:
            return 507;
        // 500: failures of the tablet or of the depot's own start-up that never reach an HTTP answer; if one did, it is the depot's fault
        case ErrorCode::already_sent:
        case ErrorCode::bad_ca_file:
        case ErrorCode::bad_tls:
        case ErrorCode::bad_token:
        case ErrorCode::bad_url:
        case ErrorCode::bind_failed:
        case ErrorCode::depot_error:
        case ErrorCode::folder_unreadable:
        case ErrorCode::internal:
        case ErrorCode::invalid_pin:
        case ErrorCode::invalid_salt:
        case ErrorCode::no_depot:
        case ErrorCode::no_randomness:
        case ErrorCode::no_such_token:
        case ErrorCode::no_visit:
        case ErrorCode::not_a_depot:
        case ErrorCode::not_enrolled:
        case ErrorCode::not_fieldcheck:
        case ErrorCode::photo_missing:
        case ErrorCode::photo_not_image:
        case ErrorCode::photo_unreadable:
        case ErrorCode::pin_corrupt:
        case ErrorCode::pin_not_set:
        case ErrorCode::refused:
        case ErrorCode::signature_empty:
        case ErrorCode::signature_encoding:
        case ErrorCode::template_missing:
        case ErrorCode::token_refused:
        case ErrorCode::unknown_pragma:
        case ErrorCode::unreachable:
        case ErrorCode::usage:
        case ErrorCode::walk_done:
        case ErrorCode::wrong_pin:
            return 500;
    }
    return 500;  // not reached: every code has a row above
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
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 503: return "Service Unavailable";
        case 507: return "Insufficient Storage";
        default: return "Internal Server Error";
    }
}

}  // namespace fc
