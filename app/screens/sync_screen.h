#pragma once
// Sync: the outbox per visit (pending / sent / set aside with its reason), last contact, Sync now;
// while the tablet is not enrolled, the depot's address and the one-time code on the keypad.
#include <string>
#include <vector>

#include "app/tablet/background_sync.h"
#include "app/tablet/enroll_entry.h"
#include "app/tablet/intent.h"
#include "sync/store/device_store.h"

namespace fc {

class TouchUi;
class Viewfinder;

struct OutboxRow {
    OutboxItem item;
    std::string customer;  // "" when the visit is no longer on the tablet's list
};

struct SyncView {
    SyncStatus status;
    std::vector<OutboxRow> rows;
    std::string outbox_error;  // the store could not be read
};

// `viewfinder`: the camera the enrollment scan opens (closed when the screen is left).
Intent draw_sync(TouchUi& ui, const SyncView& view, EnrollUi& enroll, Viewfinder& viewfinder);

}  // namespace fc
