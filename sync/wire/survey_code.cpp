#include "survey_code.h"

#include "checklists/sha256.h"
#include "signing_key.h"

namespace fc {

namespace {

// The domain tag keeps this HMAC from ever equalling one the same key might make for another use.
constexpr std::string_view kSurveyCodeTag = "fieldcheck-survey/1\n";
constexpr std::string_view kReceiptCodeTag = "fieldcheck-receipt/1\n";
constexpr std::size_t kCodeBytes = 16;

std::string base64url_unpadded(std::string_view bytes) {
    std::string text = base64_encode(bytes);
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return text;
}

std::string tagged_code(std::string_view tag, std::string_view survey_key, std::string_view visit_id) {
    std::string message(tag);
    message.append(visit_id);
    return base64url_unpadded(hmac_sha256_bytes(survey_key, message).substr(0, kCodeBytes));
}

}  // namespace

std::string new_survey_key() { return random_bytes(kSurveyKeyBytes); }

std::string survey_code(std::string_view survey_key, std::string_view visit_id) {
    return tagged_code(kSurveyCodeTag, survey_key, visit_id);
}

std::string receipt_code(std::string_view survey_key, std::string_view visit_id) {
    return tagged_code(kReceiptCodeTag, survey_key, visit_id);
}

std::string receipt_code_hash(std::string_view code) { return sha256_hex(code); }

bool receipt_code_matches(std::string_view code, std::string_view code_hash) {
    const std::string hash = receipt_code_hash(code);
    return hash.size() == code_hash.size() && equal_in_constant_time(hash, code_hash);
}

bool survey_code_matches(std::string_view survey_key, std::string_view visit_id, std::string_view code) {
    const std::string expected = survey_code(survey_key, visit_id);
    return expected.size() == code.size() && equal_in_constant_time(expected, code);
}

Expected<std::string> survey_key_from_base64(std::string_view text) {
    auto bytes = base64_decode(text);
    if (!bytes || bytes->size() != kSurveyKeyBytes) {
        return make_error(ErrorCode::bad_key, "a survey key is 32 bytes in base64");
    }
    return *bytes;
}

}  // namespace fc
