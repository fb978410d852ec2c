// GET /visits/{id}/files/{sha256}: a photo or signature of a received visit, for the visit page.
// Only a file the visit's replayed record names, and only when its bytes are a JPEG or PNG: a
// tablet could upload anything under a hash, and this is the depot's own origin, so HTML or script
// bytes must never reach a browser from here (415 page instead). Sandboxed and never sniffed.
#include <algorithm>

#include "checklists/sha256.h"
#include "sync/depot/depot_attachments.h"
#include "sync/depot/office/image_check.h"
#include "sync/depot/office/office_page.h"
#include "sync/depot/office/office_routes.h"
#include "sync/depot/received_visit_replay.h"
#include "sync/storage/durable_file.h"

namespace fc {
namespace {

Expected<bool> visit_names_file(DepotStore& store, const std::string& visit_id, const std::string& sha) {
    auto visit = replay_received_visit(store, visit_id);
    if (!visit) return visit.error();
    if (!*visit) return false;
    const std::vector<std::string> hashes = (*visit)->attachment_hashes();
    return std::find(hashes.begin(), hashes.end(), sha) != hashes.end();
}

Expected<std::optional<std::string>> file_bytes(const DepotStore& store, const std::string& sha) {
    const auto path = attachment_file(store.attachments_dir(), sha);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::optional<std::string>();
    auto bytes = read_whole_file(path);
    if (!bytes) return bytes.error();
    return std::optional<std::string>(std::move(bytes).value());
}

}  // namespace

void visit_file_route(const OfficeContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string visit_id = req.matches[1];
    const std::string sha = req.matches[2];
    const Error missing = make_error(ErrorCode::not_found, "the visit names no such file");
    if (!is_sha256_hex(sha)) return send_office_error(ctx, res, missing);
    auto named = visit_names_file(ctx.depot.store, visit_id, sha);
    if (!named) return send_office_error(ctx, res, named.error());
    if (!*named) return send_office_error(ctx, res, missing);
    auto bytes = file_bytes(ctx.depot.store, sha);
    if (!bytes) return send_office_error(ctx, res, bytes.error());
    if (!*bytes) return send_office_error(ctx, res, missing);
    const auto kind = image_kind(**bytes);
    if (!kind) {
        return send_office_error(ctx, res, make_error(ErrorCode::file_not_image, "the stored file is no JPEG or PNG").with("subject", sha));
    }
    // Its own headers, not the pages' (httplib's set_header adds, it does not replace).
    for (const char* h : {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control"}) {
        res.headers.erase(h);
    }
    res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Content-Disposition", std::string("inline; filename=\"") + sha + "." + kind->extension + "\"");
    // The bytes behind a hash never change: the browser may keep them, for this person only.
    res.set_header("Cache-Control", "private, max-age=86400, immutable");
    res.status = 200;
    res.set_content(std::move(**bytes), kind->media_type);
}

}  // namespace fc
