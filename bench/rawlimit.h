#pragma once

// The raw durable-write limit of a database, through QtSql on a connection opened exactly as the
// store opens its own (SQLite: WAL + synchronous=FULL): single-row INSERT transactions into a
// sessions-like table, a statement prepared once. And what preparing on every call costs.

#include "adapters/storage/database.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace Orc::Bench {

// The measured window: figures count what is acknowledged between warm-up end and the deadline.
struct Window
{
    qint64 startNs = 0;
    qint64 endNs = 0;
    bool contains(qint64 ns) const { return ns >= startNs && ns < endNs; }
};

// Drops and re-creates raw_sessions with its 10,000 seed rows: a fresh table before every raw run
// (and before every pgbench run: `bench_storage reset-raw`).
QString resetRawTable(const Adapters::Storage::DatabaseSettings &settings);

// N threads, one connection each, one INSERT per transaction (autocommit) for the window;
// tx_per_s counts the transactions acknowledged inside it.
QJsonObject measureRaw(const Adapters::Storage::DatabaseSettings &settings, int writers, const Window &window,
                       double seconds);

// Microseconds per INSERT and per SELECT by key, prepared on every call and prepared once (what the
// store's statement cache saves), inside one transaction that is rolled back (no fsync in the figure).
QJsonObject measurePrepare(const Adapters::Storage::DatabaseSettings &settings);

} // namespace Orc::Bench
