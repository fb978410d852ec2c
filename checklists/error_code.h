#pragma once
// ErrorCode: every way an operation of fieldcheck can fail, one enum for the core, the stores, the wire
// and both programs. Words for people come from the message catalogue; HTTP statuses from the depot's table.
#include <optional>
#include <string>
#include <string_view>

namespace fc {

// Why an X-macro: the enum, its wire names (the "error" field of a depot answer, stable forever) and
// the parser back from a wire name are made from one list, so they cannot drift apart.
#define FC_ERROR_CODES(X) \
    X(already_confirmed) X(already_received) X(already_sent) X(assignment_mismatch) \
    X(attachment_missing) X(bad_ca_file) X(bad_cursor) X(bad_device) X(bad_id) X(bad_key) X(bad_length) \
    X(bad_record_signature) X(bad_request) X(bad_role) X(bad_signature) X(bad_setting) X(bad_technician) X(bad_template) X(bad_tls) X(bad_token) X(bad_url) X(bad_user_name) \
    X(bind_failed) X(blocking_precheck_not_met) X(busy) X(camera_busy) X(camera_ended) X(camera_failed) X(camera_missing) X(cause_not_recorded) X(cause_text_required) \
    X(confirmation_conflict) X(conflict) X(consequence_pending) X(csrf_refused) X(corrupt) X(customer_mode_only) X(database_unavailable) X(depot_error) \
    X(depot_key_changed) X(depot_key_not_pinned) X(digest_mismatch) X(disk_full) \
    X(empty_comment) X(empty_text) X(enrollment_code_expired) \
    X(enrollment_code_unknown) X(enrollment_code_used) X(file_not_image) X(first_step) X(forbidden_role) X(folder_unreadable) X(handover_started) \
    X(hash_mismatch) X(head_timeout) X(head_too_large) X(id_mismatch) X(incomplete_body) X(internal) \
    X(invalid_answer) X(invalid_assignment) X(invalid_cause) X(invalid_events) X(invalid_hash) \
    X(invalid_media_type) X(invalid_navigation) X(invalid_pattern) X(invalid_pin) X(invalid_salt) X(invalid_score) X(invalid_survey) \
    X(invalid_template) X(invalid_time) X(io_error) X(key_revoked) X(last_step) X(length_required) X(login_failed) X(login_throttled) X(malformed) \
    X(newer_schema) X(no_depot) X(no_randomness) X(no_steps) X(no_such_key) X(no_such_token) X(no_such_user) X(no_visit) \
    X(no_wal) X(not_a_depot) X(not_a_hash) X(not_answered) X(not_enrolled) X(not_fieldcheck) \
    X(not_finite) X(not_found) X(not_opened) X(not_sealed) X(not_utf8) X(not_your_visit) \
    X(note_required) X(open_failed) X(out_of_order) X(photo_missing) X(photo_not_image) \
    X(photo_too_large) X(photo_unreadable) X(photos_too_few) X(photos_too_many) X(pin_corrupt) X(pin_locked) X(pin_not_set) X(precheck_open) X(precheck_unanswered) \
    X(reason_required) X(reassigned) X(receipt_not_signed) X(refused) X(replay_refused) X(replayed) X(required_step_unanswered) \
    X(seal_mismatch) X(sealed) X(seq_gap) X(serial_check_failed) X(serial_pattern_mismatch) X(serial_too_long) X(signature_empty) X(signature_encoding) X(sqlite_error) \
    X(stale) X(stale_old_value) X(step_ahead) X(step_hidden) X(step_required) X(step_shown) X(stopping) \
    X(survey_answered) X(survey_answers_present) X(survey_expired) X(survey_incomplete) X(survey_locked) \
    X(template_conflict) \
    X(template_mismatch) X(template_missing) X(text_too_long) X(token_refused) X(too_deep) \
    X(too_large) X(too_many_bad_tokens) X(unauthorized) X(unconfirmed_intake) X(unknown_assignment) X(unknown_format) X(unknown_item) \
    X(unknown_key) X(unknown_option) X(unknown_pragma) X(unknown_template) X(unreachable) X(unreadable) \
    X(unsigned_request) X(uri_too_long) X(usage) X(user_disabled) X(user_exists) X(visit_cancelled) X(visit_too_large) X(walk_done) X(wrong_actor) X(wrong_answer_kind) \
    X(weak_password) X(wrong_phase) X(wrong_pin) \
    X(password_mismatch) X(last_admin)

enum class ErrorCode {
#define FC_ERROR_CODE_ENUM(name) name,
    FC_ERROR_CODES(FC_ERROR_CODE_ENUM)
#undef FC_ERROR_CODE_ENUM
};

// The stable name of a code, as sent on the wire and written in logs: "sealed", "disk_full".
std::string to_string(ErrorCode code);

// The code a stable name stands for; nothing for a name this build does not know (a newer depot).
std::optional<ErrorCode> error_code_from_name(std::string_view name);

}  // namespace fc
