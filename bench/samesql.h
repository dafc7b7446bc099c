#pragma once

// The database's own cost of the writes the service makes: the statements one session workflow
// (create, start, checkpoint, complete) sends, with rows of the same sizes, as plain SQL on one
// connection and one thread, one transaction per write, statements prepared once. No service layer,
// no storage thread, no encoding. Between the raw single-row limit and the service figure, it tells
// how much of the distance is the write itself and how much is ours.

#include "rawlimit.h"

namespace Orc::Bench {

// One writer for the window. SQLite: a fresh file beside `settings.path`; PostgreSQL: a fresh
// schema in the same database.
QJsonObject measureSameSql(const Adapters::Storage::DatabaseSettings &settings, const Window &window, double seconds);

} // namespace Orc::Bench
