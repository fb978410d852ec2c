#pragma once
// AnswerRoute: where the customer's survey answers go from this tablet, so the survey says only what
// is true (story 003: never "straight to our office" while offline or in practice).
#include <cstdint>

#include "app/tablet/background_sync.h"

namespace fc {

enum class AnswerRoute {
    Practice,   // a practice visit: nothing is kept or sent
    Connected,  // the tablet reaches the depot now: the answers go with the sealed visit
    Offline,    // kept on the tablet, sent with the visit when it is next connected
};

// Connected only when the background sync is enrolled and its last pass reached the depot lately and
// without a problem; anything else (never enrolled, never reached, the last pass failed, contact
// long ago) is Offline, because the survey must not promise what the tablet cannot do.
AnswerRoute answer_route(bool practice, const SyncStatus& status, std::int64_t now_wall_ms);

}  // namespace fc
