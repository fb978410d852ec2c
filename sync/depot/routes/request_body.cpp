#include "sync/depot/routes/request_body.h"

#include "sync/wire/wire_ids.h"

namespace fc {

BodyRead read_body(const httplib::Request& req, const httplib::ContentReader* reader, std::size_t limit,
                   const std::function<bool(const char*, std::size_t)>& keep, httplib::Response& res) {
    // HTTP/1.1: without either header the body is empty. cpp-httplib's reader reports that as a
    // failed read, which would turn "you sent nothing" into "your upload broke off".
    if (!reader || (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))) return BodyRead::Complete;
    std::size_t total = 0;
    bool refused = false;
    const bool complete = (*reader)([&](const char* data, std::size_t size) {
        total += size;
        if (total > kMaxDrainedBytes) return false;
        if (total > limit) return true;  // dropped
        if (!keep(data, size)) {
            refused = true;
            return false;
        }
        return true;
    });
    if (refused) return BodyRead::Refused;
    if (total > limit) {
        if (!complete) res.set_header("Connection", "close");
        return BodyRead::TooLarge;
    }
    return complete ? BodyRead::Complete : BodyRead::Broken;
}

std::optional<std::int64_t> content_length(const httplib::Request& req) {
    if (!req.has_header("Content-Length")) return std::nullopt;
    auto n = parse_wire_number(req.get_header_value("Content-Length"));
    return n ? *n : -1;
}

bool reads_body_until_close(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

}  // namespace fc
