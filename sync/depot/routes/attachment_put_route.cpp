#include <optional>
#include <string>

#include "checklists/sha256.h"
#include "sync/depot/depot_attachments.h"
#include "sync/depot/routes/attachment_ack.h"
#include "sync/depot/routes/depot_routes.h"
#include "sync/depot/routes/request_body.h"
#include "sync/depot/routes/route_replies.h"
#include "sync/wire/signing_key.h"
#include "sync/wire/wire_messages.h"

namespace fc {
namespace {

// "sha-256=:<base64>:" of the 32 bytes a lower-case hex SHA-256 spells.
std::string digest_of_sha256_hex(const std::string& hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        bytes.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    }
    return "sha-256=:" + base64_encode(bytes) + ":";
}

Error attachment_too_large(const DepotServerOptions& o) {
    return make_error(ErrorCode::too_large, "an attachment is at most " + std::to_string(o.max_attachment_bytes) + " bytes");
}

// Content-addressed: the same name is the same bytes, so the body is read and dropped.
void answer_held(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                 const httplib::ContentReader* body, const std::string& sha) {
    const BodyRead read = read_body(req, body, ctx.options.max_attachment_bytes, [](const char*, std::size_t) { return true; }, res);
    if (read == BodyRead::TooLarge) return reply_error(res, attachment_too_large(ctx.options));
    reply(res, held_attachment_reply(ctx.store, sha));
}

// Streams the body into a new file that becomes the attachment once its hash is checked.
void store_new(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader* body, const std::string& sha) {
    auto upload = AttachmentUpload::begin(ctx.store.attachments_dir(), ctx.options.max_attachment_bytes);
    if (!upload) return reply_error_and_close(res, upload.error());
    std::optional<Error> failed;
    const BodyRead read = read_body(req, body, ctx.options.max_attachment_bytes, [&](const char* data, std::size_t size) {
        if (Status s = upload.value()->write(data, size); !s) {
            failed = s.error();
            return false;
        }
        return true;
    }, res);
    if (read == BodyRead::TooLarge) return reply_error(res, attachment_too_large(ctx.options));
    if (failed) return reply_error_and_close(res, storage_failure(*failed));
    if (read != BodyRead::Complete) {
        return reply_error_and_close(res, make_error(ErrorCode::incomplete_body, "the attachment's body did not arrive whole"));
    }
    if (Status s = upload.value()->finish(sha); !s) {
        if (s.error().code == ErrorCode::hash_mismatch) return reply_error(res, s.error());
        return reply_error(res, storage_failure(s.error()));
    }
    auto recorded = ctx.store.record_attachment(sha, upload.value()->size(), ctx.clock.now().wall_ms);
    if (!recorded) return reply_error(res, recorded.error());
    reply(res, {recorded.value() ? 201 : 200, encode_attachment_ack({sha, upload.value()->size()})});
}

}  // namespace

void attachment_put_route(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader* body) {
    auto caller = ctx.authorization.caller(req, res, BodyCheck::ByRoute);
    if (!caller) return;
    const std::string sha = req.matches[1];
    if (!is_sha256_hex(sha)) return reply_error_and_close(res, bad_attachment_name());
    // Why before reading: the body is stored only if it hashes to `sha` (AttachmentUpload::finish),
    // so a signed digest that names the same hash covers the body that will be kept.
    if (caller->public_key && !equal_in_constant_time(caller->content_digest, digest_of_sha256_hex(sha))) {
        return reply_error_and_close(res, make_error(ErrorCode::digest_mismatch, "the Content-Digest is not the hash the URL names"));
    }
    auto has = ctx.store.has_attachment(sha);
    if (!has) return reply_error_and_close(res, has.error());
    if (has.value()) return answer_held(ctx, req, res, body, sha);
    store_new(ctx, req, res, body, sha);
}

}  // namespace fc
