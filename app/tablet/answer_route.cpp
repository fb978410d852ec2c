#include "app/tablet/answer_route.h"

namespace fc {
namespace {

// Why five minutes: the sync loop tries every 30 s, so a last contact older than several passes means
// the depot stopped answering even when no pass has reported it yet (one may hang on its timeouts).
constexpr std::int64_t kRecentContactMs = 5 * 60 * 1000;

}  // namespace

AnswerRoute answer_route(bool practice, const SyncStatus& status, std::int64_t now_wall_ms) {
    if (practice) return AnswerRoute::Practice;
    const bool reached = status.enrolled && status.last_contact_ms > 0 && status.last_error.empty();
    const bool recent = now_wall_ms - status.last_contact_ms <= kRecentContactMs;
    return reached && recent ? AnswerRoute::Connected : AnswerRoute::Offline;
}

}  // namespace fc
