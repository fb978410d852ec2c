#pragma once
// The back office's weekly roll-ups (schema 12): survey scores, failure causes and survey samples
// counted per ISO week, kept in the same transaction as every change that moves them, so a year of
// charts reads a few hundred rows instead of every visit. The week is the depot's local ISO week of
// the tablet's seal (office_format.h's iso_week_key): SQL function fc_week(ms) on SQLite, a
// parameter computed here on PostgreSQL (the server does not know the depot's time zone).

#include <string>

#include "checklists/expected.h"

struct sqlite3;

namespace fc {

struct ReceivedVisit;
class DepotDb;

// Makes fc_week(ms) known to this connection (every depot connection, before any roll-up runs).
Status register_rollup_functions(sqlite3* db);

// SQLite's schema step 12: the roll-up tables, filled from the visits already stored.
Status add_weekly_rollups(sqlite3* db);

// Adds a just-stored visit's part (scores, cause, survey sample); the caller holds the write transaction.
Status roll_up_visit(DepotDb& db, const ReceivedVisit& v);

// Adds (+1) or takes away (-1) the visit's scores as the back office counts them (the phone's once
// linked): around a phone survey's arrival, which may replace them. No-op for a visit not stored.
Status roll_up_scores(DepotDb& db, const std::string& visit_id, int sign);

}  // namespace fc
