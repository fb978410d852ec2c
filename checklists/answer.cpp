#include "answer.h"

#include <array>
#include <utility>

#include "canonical_json.h"
#include "strict_json.h"

namespace fc {
namespace {

constexpr std::array<std::pair<Answer::Kind, const char*>, 12> kKinds{{
    {Answer::Kind::Met, "met"},
    {Answer::Kind::NotMet, "not_met"},
    {Answer::Kind::Confirmed, "confirmed"},
    {Answer::Kind::Done, "done"},
    {Answer::Kind::NotApplicable, "not_applicable"},
    {Answer::Kind::Number, "number"},
    {Answer::Kind::Choice, "choice"},
    {Answer::Kind::Text, "text"},
    {Answer::Kind::Attachment, "attachment"},
    {Answer::Kind::Score, "score"},
    {Answer::Kind::Photos, "photos"},
    {Answer::Kind::Serial, "serial"},
}};

// An encoded answer is three short fields; anything much larger is not one.
constexpr std::size_t kMaxEncodedAnswerBytes = 4 * kMaxAnswerTextBytes + 256 + kMaxPhotosPerStep * 80;

}  // namespace

const char* to_string(Answer::Kind kind) {
    for (const auto& [k, name] : kKinds) {
        if (k == kind) return name;
    }
    return "unknown";
}

std::optional<Answer::Kind> answer_kind_from_string(const std::string& s) {
    for (const auto& [k, name] : kKinds) {
        if (s == name) return k;
    }
    return std::nullopt;
}

// All three fields are always written, so decode(encode(a)) == a for every Answer, whatever its kind.
std::string encode_answer(const Answer& a) {
    auto o = CanonicalJson::object();
    o.set("kind", to_string(a.kind)).set("number", a.number).set("text", a.text);
    if (a.kind == Answer::Kind::Photos) {
        auto list = CanonicalJson::array();
        for (const auto& h : a.hashes) list.push(h);
        o.set("hashes", std::move(list));
    }
    return o.dump();
}

Expected<Answer> decode_answer(const std::string& json) {
    auto doc = parse_bounded_json(json, kMaxEncodedAnswerBytes, 2);
    if (!doc) return make_error(ErrorCode::malformed, "answer: " + doc.error().message);
    StrictObject o(*doc, "$");
    std::string kind;
    Answer a;
    o.string("kind", kind);
    o.optional_number("number", a.number);
    o.optional_string("text", a.text);
    const rapidjson::Value* hashes = o.optional_array("hashes");
    if (Status s = o.finish(); !s) return make_error(ErrorCode::malformed, "answer: " + s.error().message);
    const auto k = answer_kind_from_string(kind);
    if (!k) return make_error(ErrorCode::malformed, "answer: $.kind \"" + kind + "\" is not a known answer kind");
    a.kind = *k;
    if ((hashes != nullptr) != (a.kind == Answer::Kind::Photos)) {
        return make_error(ErrorCode::malformed, "answer: $.hashes belongs to a photos answer, and only there");
    }
    if (hashes == nullptr) return a;
    if (hashes->Size() > kMaxPhotosPerStep) {
        return make_error(ErrorCode::malformed, "answer: $.hashes holds more than " +
                                                    std::to_string(kMaxPhotosPerStep) + " photos");
    }
    for (rapidjson::SizeType i = 0; i < hashes->Size(); ++i) {
        const auto& h = (*hashes)[i];
        if (!h.IsString()) return make_error(ErrorCode::malformed, "answer: " + json_index_path("$.hashes", i) + " is not a string");
        a.hashes.emplace_back(h.GetString(), h.GetStringLength());
    }
    return a;
}

}  // namespace fc
