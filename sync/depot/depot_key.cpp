#include "depot_key.h"

#include "sync/storage/secret_file.h"

namespace fc {

Expected<SigningKey> load_or_create_depot_key(const std::filesystem::path& dir) {
    const auto path = dir / kDepotKeyFile;
    auto seed = read_secret_file(path);
    if (seed) {
        auto key = SigningKey::from_seed(seed.value());
        if (!key) {
            return make_error(ErrorCode::bad_key, path.string() + " is not a depot key (32 bytes); restore it from a backup, "
                                                                  "or every tablet must enroll again");
        }
        return key;
    }
    if (seed.error().code != ErrorCode::not_found) return seed.error();
    SigningKey fresh = SigningKey::generate();
    if (auto s = write_secret_file(path, fresh.seed()); !s) return s.error();
    return fresh;
}

}  // namespace fc
