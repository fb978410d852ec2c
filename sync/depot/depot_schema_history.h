#pragma once
// The depot's schema step for the customer's history across jobs: assignments and history rows
// carry the customer's id; history rows carry the measured values and the to-do list.
#include "checklists/expected.h"

struct sqlite3;

namespace fc {

// Runs inside the caller's transaction; the caller stamps the version.
Status add_customer_history_columns(sqlite3* db);

}  // namespace fc
