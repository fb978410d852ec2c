#include "exact_number_json.h"

#include <locale.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "json_guard.h"

namespace fc {
namespace {

// Numbers arrive as their source text; NaN/Infinity only so the caller can point at them.
constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseNanAndInfFlag;

// Why strtod_l with a "C" locale: plain strtod follows the process locale, and in a Dutch locale
// "-27.5" would stop at the decimal point.
locale_t c_numeric_locale() {
    static const locale_t c = ::newlocale(LC_NUMERIC_MASK, "C", static_cast<locale_t>(nullptr));
    return c;
}

// SAX handler that builds the document exactly as RapidJSON would, except for number conversion.
class ExactNumbers {
public:
    explicit ExactNumbers(rapidjson::Document& doc) : doc_(doc) {}

    bool Null() { return doc_.Null(); }
    bool Bool(bool b) { return doc_.Bool(b); }
    bool Int(int i) { return doc_.Int(i); }
    bool Uint(unsigned u) { return doc_.Uint(u); }
    bool Int64(std::int64_t i) { return doc_.Int64(i); }
    bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
    bool Double(double d) { return doc_.Double(d); }
    // Why: RapidJSON turns an escaped lone low surrogate ("\udea1") into bytes that are not UTF-8;
    // accepting them would store text that our own decoder refuses on the way back.
    bool String(const char* s, rapidjson::SizeType n, bool copy) { return decoded_utf8(s, n) && doc_.String(s, n, copy); }
    bool Key(const char* s, rapidjson::SizeType n, bool copy) { return decoded_utf8(s, n) && doc_.Key(s, n, copy); }
    bool StartObject() { return doc_.StartObject(); }
    bool EndObject(rapidjson::SizeType members) { return doc_.EndObject(members); }
    bool StartArray() { return doc_.StartArray(); }
    bool EndArray(rapidjson::SizeType elements) { return doc_.EndArray(elements); }

    bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
        const std::string_view text(s, n);
        if (text.find_first_of(".eEIN") == std::string_view::npos) {  // an integer, as JSON spells it
            std::int64_t i = 0;
            if (auto [end, ec] = std::from_chars(text.data(), text.data() + n, i); ec == std::errc{} && end == text.end()) {
                return doc_.Int64(i);  // also marks it Int/Uint when it fits, as RapidJSON does
            }
            std::uint64_t u = 0;
            if (auto [end, ec] = std::from_chars(text.data(), text.data() + n, u); ec == std::errc{} && end == text.end()) {
                return doc_.Uint64(u);
            }
        }
        const std::string terminated(text);
        return doc_.Double(::strtod_l(terminated.c_str(), nullptr, c_numeric_locale()));
    }

    bool bad_escape = false;

private:
    bool decoded_utf8(const char* s, rapidjson::SizeType n) {
        const std::string_view text(s, n);
        if (valid_utf8_prefix(text) == text.size()) return true;
        bad_escape = true;
        return false;
    }

    rapidjson::Document& doc_;
};

struct Generator {
    std::string_view json;
    std::optional<JsonSyntaxError> error;

    bool operator()(rapidjson::Document& doc) {
        rapidjson::MemoryStream in(json.data(), json.size());
        rapidjson::Reader reader;
        ExactNumbers handler(doc);
        const rapidjson::ParseResult result = reader.Parse<kFlags>(in, handler);
        if (result.IsError()) {
            const auto code = handler.bad_escape ? rapidjson::kParseErrorStringUnicodeSurrogateInvalid : result.Code();
            error = JsonSyntaxError{code, result.Offset()};
            return false;
        }
        // MemoryStream reads a NUL byte as the end: "{}\0junk" must not pass as "{}".
        if (in.Tell() != json.size()) {
            error = JsonSyntaxError{rapidjson::kParseErrorDocumentRootNotSingular, in.Tell()};
            return false;
        }
        return true;
    }
};

}  // namespace

std::optional<JsonSyntaxError> parse_json_with_exact_numbers(std::string_view json, rapidjson::Document& doc) {
    Generator generator{json, std::nullopt};
    doc.Populate(generator);
    return generator.error;
}

}  // namespace fc
