#include "sync/depot/routes/attachment_ack.h"

#include <filesystem>
#include <system_error>

#include "sync/depot/depot_attachments.h"
#include "sync/wire/wire_messages.h"

namespace fc {

DepotReply held_attachment_reply(const DepotStore& store, const std::string& sha) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(attachment_file(store.attachments_dir(), sha), ec);
    return {200, encode_attachment_ack({sha, ec ? 0 : static_cast<std::int64_t>(size)})};
}

Error bad_attachment_name() {
    return make_error(ErrorCode::bad_id, "an attachment is named by 64 lowercase hex digits (its SHA-256)");
}

}  // namespace fc
