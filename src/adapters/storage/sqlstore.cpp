#include "adapters/storage/sqlstore.h"

#include "adapters/storage/migrations.h"
#include "adapters/storage/records.h"
#include "adapters/storage/storageworker.h"

#include "domain/identifiers.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace Orc::Adapters::Storage {

using namespace Domain;
using namespace Application;
using namespace Qt::StringLiterals;

namespace {

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

// NOT NULL text columns: a null QString would bind as SQL NULL.
QString nonNull(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QVariant idValue(const QUuid &id)
{
    return id.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(idString(id));
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(isoTime(time)) : QVariant(QMetaType::fromType<QString>());
}

QVariant doc(const QByteArray &record)
{
    return QString::fromUtf8(record);
}

// One statement at a time, from the connection's cache of prepared statements (a statement still
// being read by another Query is prepared afresh for this one).
class Query
{
public:
    explicit Query(Connection &c) : m_c(c) {}
    Query(const Query &) = delete;
    Query &operator=(const Query &) = delete;
    ~Query() { release(); }

    // Binds positionally and runs `sql`.
    Status run(const QString &sql, const QVariantList &args)
    {
        release();
        std::shared_ptr<PreparedStatement> cached = m_c.statements.value(sql);
        if (cached && !cached->busy) {
            m_entry = std::move(cached);
        } else {
            auto fresh = std::make_shared<PreparedStatement>();
            fresh->query = QSqlQuery(m_c.db);
            fresh->query.setForwardOnly(true);
            if (!fresh->query.prepare(sql))
                return sqlError(u"prepare %1"_s.arg(sql.section(QLatin1Char(' '), 0, 3)), fresh->query.lastError());
            if (!cached) { // the first use of this statement: keep it
                if (m_c.statements.size() >= Connection::MaxStatements)
                    m_c.statements.removeIf([](const auto &entry) { return !entry.value()->busy; });
                m_c.statements.insert(sql, fresh);
            }
            m_entry = std::move(fresh);
        }
        m_entry->busy = true;
        QSqlQuery &query = m_entry->query;
        for (qsizetype i = 0; i < args.size(); ++i)
            query.bindValue(int(i), args.at(i));
        if (!query.exec())
            return sqlError(sql.section(QLatin1Char(' '), 0, 3), query.lastError());
        return {};
    }

    bool next() { return m_entry && m_entry->query.next(); }
    QVariant value(int column) const { return m_entry->query.value(column); }
    int numRowsAffected() const { return m_entry->query.numRowsAffected(); }
    // The last run broke a UNIQUE or PRIMARY KEY constraint (SQLite 19/2067/1555, PostgreSQL 23505).
    bool isUniqueViolation() const
    {
        const QString code = m_entry ? m_entry->query.lastError().nativeErrorCode() : QString();
        return code == u"19"_s || code == u"2067"_s || code == u"1555"_s || code == u"23505"_s;
    }

private:
    void release()
    {
        if (!m_entry)
            return;
        m_entry->query.finish(); // frees the result (and SQLite's read snapshot) for the next run
        m_entry->busy = false;
        m_entry.reset();
    }

    Connection &m_c;
    std::shared_ptr<PreparedStatement> m_entry;
};

Status run(Query &query, const QString &sql, const QVariantList &args = {})
{
    return query.run(sql, args);
}

// Rows of one document column, decoded.
template<typename T>
Result<QList<T>> documents(Query &query, Result<T> (*decode)(const QByteArray &))
{
    QList<T> list;
    while (query.next()) {
        auto item = decode(query.value(0).toString().toUtf8());
        if (!item.ok())
            return std::move(item).error();
        list.append(std::move(item).value());
    }
    return list;
}

template<typename T>
Result<T> single(Query &query, Result<T> (*decode)(const QByteArray &), const QString &what, const QString &id)
{
    if (!query.next())
        return Error::notFound(what, id);
    return decode(query.value(0).toString().toUtf8());
}

QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

int offsetOf(const PageRequest &page)
{
    return std::max(0, (page.page - 1) * page.pageSize);
}

// The WHERE clause of a query, built from the optional criteria that are set.
struct Filter
{
    QStringList conditions;
    QVariantList args;

    template<typename T, typename Convert>
    void add(const std::optional<T> &value, const char *condition, Convert convert)
    {
        if (value)
            add(QLatin1String(condition), convert(*value));
    }
    void add(const QString &condition, const QVariant &value)
    {
        conditions << condition;
        args << value;
    }
    QString clause() const { return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s); }
};

// The document of one row by id; NOT_FOUND naming `what` when there is none.
template<typename T>
Result<T> documentById(Connection &c, const QString &table, const QString &what, const QUuid &id,
                       Result<T> (*decode)(const QByteArray &))
{
    Query query(c);
    if (Status s = run(query, u"SELECT doc FROM %1 WHERE id = ?"_s.arg(table), {idString(id)}); !s)
        return s.error();
    return single<T>(query, decode, what, idString(id));
}

// One page of documents from `table` matching `filter`, with the total count.
template<typename T>
Result<Page<T>> pagedDocuments(Connection &c, const QString &table, const Filter &where, const QString &order,
                               const PageRequest &request, Result<T> (*decode)(const QByteArray &))
{
    const QString filter = where.clause();
    const QVariantList &args = where.args;
    Query query(c);
    if (Status s = run(query, u"SELECT COUNT(*) FROM "_s + table + filter, args); !s)
        return s.error();
    Page<T> page;
    page.total = query.next() ? query.value(0).toLongLong() : 0;
    page.page = request.page;
    page.pageSize = request.pageSize;
    QVariantList pageArgs = args;
    pageArgs << request.pageSize << offsetOf(request);
    if (Status s = run(query, u"SELECT doc FROM "_s + table + filter + u" ORDER BY "_s + order + u" LIMIT ? OFFSET ?"_s,
                       pageArgs);
        !s)
        return s.error();
    auto items = documents<T>(query, decode);
    if (!items.ok())
        return std::move(items).error();
    page.items = std::move(items).value();
    return page;
}

// A unit of work with its documents already encoded: encoding (JSON) is the costliest part of a
// write, and it is done on the caller's thread, so the storage thread only binds and writes.
struct EncodedChanges
{
    // `committed` gives the last committed copy of a session when it is known (or null).
    EncodedChanges(ChangeSet set, const std::function<const Session *(const QUuid &)> &committed)
        : changes(std::move(set))
    {
        for (const Session &s : std::as_const(changes.sessions)) {
            sessions.append(doc(sessionRecord(s)));
            // The tag rows change only when the tags do: most writes (a status, a checkpoint) keep them.
            const Session *before = s.version() > 1 ? committed(s.id()) : nullptr;
            const bool sameTags = before && before->version() == s.version() - 1
                                  && QSet<QString>(before->spec().tags.cbegin(), before->spec().tags.cend())
                                         == QSet<QString>(s.spec().tags.cbegin(), s.spec().tags.cend());
            tagsChanged.append(!sameTags);
        }
        for (const Checkpoint &cp : std::as_const(changes.checkpoints))
            checkpoints.append(doc(checkpointRecord(cp)));
        for (const Agent &a : std::as_const(changes.agents))
            agents.append(doc(agentRecord(a)));
        for (const Task &t : std::as_const(changes.tasks))
            tasks.append(doc(taskRecord(t)));
        for (const Context &ctx : std::as_const(changes.contexts))
            contexts.append(doc(contextRecord(ctx)));
        for (const ContextHistoryEntry &entry : std::as_const(changes.contextHistory))
            history.append(doc(changeRecord(entry.change)));
        for (const Event &event : std::as_const(changes.events))
            events.append(doc(QJsonDocument(event.payload).toJson(QJsonDocument::Compact)));
    }

    ChangeSet changes;
    QVariantList sessions;
    QList<bool> tagsChanged; // per session: rewrite its tag rows
    QVariantList checkpoints;
    QVariantList agents;
    QVariantList tasks;
    QVariantList contexts;
    QVariantList history;
    QVariantList events; // payloads
};

// Version check of CONTRACT's optimistic locking, done by the UPDATE itself (no read-compare-write):
// version 1 inserts (and fails if the row exists); version n updates the row at n - 1.
Status writeVersioned(Connection &c, const QString &table, const QString &what, const QUuid &id, int version,
                      const QString &insertSql, const QVariantList &insertArgs, const QString &updateSql,
                      QVariantList updateArgs)
{
    Query query(c);
    if (version == 1) {
        // One statement: the insert does nothing when the row exists.
        if (Status s = run(query, insertSql + u" ON CONFLICT (id) DO NOTHING"_s, insertArgs); !s)
            return s;
        if (query.numRowsAffected() != 1)
            return Error::conflict(ErrorCode::VersionMismatch, u"%1 %2 already exists"_s.arg(what, idString(id)));
        return {};
    }
    updateArgs << idString(id) << version - 1;
    if (Status s = run(query, updateSql, updateArgs); !s)
        return s;
    if (query.numRowsAffected() == 1)
        return {};
    if (Status s = run(query, u"SELECT version FROM %1 WHERE id = ?"_s.arg(table), {idString(id)}); !s)
        return s;
    if (!query.next())
        return Error::notFound(what, idString(id));
    return Error::conflict(ErrorCode::VersionMismatch,
                           u"%1 %2 changed concurrently (stored version %3, written %4)"_s.arg(what, idString(id))
                               .arg(query.value(0).toInt())
                               .arg(version));
}

Status writeSession(Connection &c, const Session &s, const QVariant &document, bool tagsChanged)
{
    const SessionSpec &spec = s.spec();
    const QVariantList common
        = {sessionStatusName(s.status()), sessionTypeName(spec.type), int(spec.priority),   idValue(spec.parentId),
           nonNull(spec.title),           nonNull(spec.description),  s.isDeleted() ? 1 : 0};
    QVariantList insertArgs = QVariantList{idString(s.id())} + common;
    insertArgs << timeValue(s.state().createdAt) << ++c.lastOrder << s.version() << document;
    QVariantList updateArgs = common;
    updateArgs << s.version() << document;
    if (Status st = writeVersioned(
            c, u"sessions"_s, u"session"_s, s.id(), s.version(),
            u"INSERT INTO sessions (id, status, session_type, priority, parent_id, title, description, deleted, "
            "created_at, created_order, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            insertArgs,
            u"UPDATE sessions SET status = ?, session_type = ?, priority = ?, parent_id = ?, title = ?, "
            "description = ?, deleted = ?, version = ?, doc = ? WHERE id = ? AND version = ?"_s,
            updateArgs);
        !st)
        return st;
    if (!tagsChanged)
        return {};
    Query query(c);
    if (s.version() > 1) { // a new session has no tags yet
        if (Status st = run(query, u"DELETE FROM session_tags WHERE session_id = ?"_s, {idString(s.id())}); !st)
            return st;
    }
    for (const QString &tag : QSet<QString>(spec.tags.cbegin(), spec.tags.cend())) {
        if (Status st
            = run(query, u"INSERT INTO session_tags (session_id, tag) VALUES (?, ?)"_s, {idString(s.id()), tag});
            !st)
            return st;
    }
    return {};
}

Status writeCheckpoint(Connection &c, const Checkpoint &checkpoint, const QVariant &document)
{
    Query query(c);
    const QString sessionId = idString(checkpoint.sessionId);
    if (Status s = run(query,
                       u"INSERT INTO checkpoints (session_id, sequence, created_at, doc) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (session_id, sequence) DO NOTHING"_s,
                       {sessionId, checkpoint.sequence, timeValue(checkpoint.createdAt), document});
        !s)
        return s;
    if (query.numRowsAffected() != 1) {
        return Error::conflict(ErrorCode::VersionMismatch,
                               u"checkpoint %1 of session %2 already exists"_s.arg(checkpoint.sequence).arg(sessionId));
    }
    if (checkpoint.sequence <= Checkpoint::KeptPerSession)
        return {};
    // Only the newest Checkpoint::KeptPerSession are kept (sequences are consecutive).
    return run(query,
               u"DELETE FROM checkpoints WHERE session_id = ? AND sequence <= "
               "(SELECT MAX(sequence) FROM checkpoints WHERE session_id = ?) - ?"_s,
               {sessionId, sessionId, Checkpoint::KeptPerSession});
}

Status writeAgent(Connection &c, const Agent &a, const QVariant &document)
{
    Query query(c);
    Status written = run(query,
                         u"INSERT INTO agents (id, name, registered_at, registered_order, auth_token_hash, "
                         "dispatch_secret, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                         "name = excluded.name, auth_token_hash = excluded.auth_token_hash, "
                         "dispatch_secret = excluded.dispatch_secret, doc = excluded.doc"_s,
                         {idString(a.id), a.name, timeValue(a.registeredAt), ++c.lastOrder,
                          QString::fromLatin1(a.authTokenHash.toBase64()),
                          QString::fromLatin1(a.dispatchSecret.toBase64()), document});
    // The id conflict is the upsert itself; any other uniqueness failure is the name. Said plainly.
    if (!written && query.isUniqueViolation())
        return Error::conflict(ErrorCode::Conflict, u"an agent named '%1' already exists"_s.arg(a.name));
    return written;
}

Status writeTask(Connection &c, const Task &t, const QVariant &document)
{
    const TaskSpec &spec = t.spec();
    const QVariant hours
        = spec.estimate ? QVariant(spec.estimate->expectedHours()) : QVariant(QMetaType::fromType<double>());
    const QVariantList common = {idValue(spec.sessionId), idValue(spec.parentTaskId), taskStatusName(t.status())};
    QVariantList insertArgs = QVariantList{idString(t.id())} + common;
    insertArgs << timeValue(t.state().createdAt) << ++c.lastOrder << t.version() << hours << document;
    QVariantList updateArgs = common;
    updateArgs << t.version() << hours << document;
    if (Status st = writeVersioned(c, u"tasks"_s, u"task"_s, t.id(), t.version(),
                                   u"INSERT INTO tasks (id, session_id, parent_task_id, status, created_at, "
                                   "created_order, version, estimated_hours, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                                   insertArgs,
                                   u"UPDATE tasks SET session_id = ?, parent_task_id = ?, status = ?, version = ?, "
                                   "estimated_hours = ?, doc = ? WHERE id = ? AND version = ?"_s,
                                   updateArgs);
        !st)
        return st;
    Query query(c);
    if (Status st = run(query, u"DELETE FROM task_dependencies WHERE task_id = ?"_s, {idString(t.id())}); !st)
        return st;
    for (const Dependency &d : t.dependencies()) {
        if (Status st = run(query, u"INSERT INTO task_dependencies (task_id, depends_on) VALUES (?, ?)"_s,
                            {idString(t.id()), idString(d.dependsOn)});
            !st)
            return st;
    }
    return {};
}

Status writeContext(Connection &c, const Context &ctx, const QVariant &document)
{
    const ContextSpec &spec = ctx.spec();
    const QVariantList common = {contextScopeName(spec.scope), idValue(spec.sessionId), idValue(spec.agentId),
                                 timeValue(ctx.state().expiresAt)};
    QVariantList insertArgs = QVariantList{idString(ctx.id())} + common;
    insertArgs << timeValue(ctx.state().createdAt) << ++c.lastOrder << ctx.version() << document;
    QVariantList updateArgs = common;
    updateArgs << ctx.version() << document;
    return writeVersioned(c, u"contexts"_s, u"context"_s, ctx.id(), ctx.version(),
                          u"INSERT INTO contexts (id, scope, session_id, agent_id, expires_at, created_at, "
                          "created_order, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          insertArgs,
                          u"UPDATE contexts SET scope = ?, session_id = ?, agent_id = ?, expires_at = ?, version = ?, "
                          "doc = ? WHERE id = ? AND version = ?"_s,
                          updateArgs);
}

Status writeHistory(Connection &c, const ContextHistoryEntry &entry, const QVariant &document)
{
    Query query(c);
    const QString id = idString(entry.contextId);
    if (Status s = run(query, u"INSERT INTO context_history (context_id, entry_order, doc) VALUES (?, ?, ?)"_s,
                       {id, ++c.lastOrder, document});
        !s)
        return s;
    return run(query,
               u"DELETE FROM context_history WHERE context_id = ? AND entry_order <= (SELECT entry_order FROM "
               "context_history WHERE context_id = ? ORDER BY entry_order DESC LIMIT 1 OFFSET ?)"_s,
               {id, id, Context::HistoryKept});
}

Status removeRows(Connection &c, const QStringList &statements, const QUuid &id)
{
    Query query(c);
    for (const QString &sql : statements) {
        if (Status s = run(query, sql, {idString(id)}); !s)
            return s;
    }
    return {};
}

// Appends events in order, each given the next seq; several rows per statement (up to 8, so the
// statement cache holds at most 8 shapes).
Status appendEvents(Connection &c, Events &events, const QVariantList &payloads)
{
    constexpr qsizetype RowsPerStatement = 8;
    Query query(c);
    for (qsizetype first = 0; first < events.size(); first += RowsPerStatement) {
        const qsizetype rows = std::min(RowsPerStatement, events.size() - first);
        QStringList values;
        QVariantList args;
        for (qsizetype i = first; i < first + rows; ++i) {
            Event &event = events[i];
            event.seq = ++c.lastSeq;
            const QString sessionId = event.payload.value(u"session_id"_s).toString();
            values << u"(?, ?, ?, ?, ?)"_s;
            args << event.seq << event.type << text(sessionId.isEmpty() ? QString() : sessionId)
                 << timeValue(event.timestamp) << payloads.at(i);
        }
        if (Status s
            = run(query,
                  u"INSERT INTO events (seq, type, session_id, created_at, payload) VALUES "_s + values.join(u", "_s),
                  args);
            !s)
            return s;
    }
    return {};
}

// Applies one unit of work inside the group's transaction; a failure is rolled back to its savepoint.
Status apply(Connection &c, EncodedChanges &encoded)
{
    ChangeSet &changes = encoded.changes;
    for (qsizetype i = 0; i < changes.sessions.size(); ++i) {
        if (Status st = writeSession(c, changes.sessions.at(i), encoded.sessions.at(i), encoded.tagsChanged.at(i)); !st)
            return st;
    }
    for (qsizetype i = 0; i < changes.checkpoints.size(); ++i) {
        if (Status st = writeCheckpoint(c, changes.checkpoints.at(i), encoded.checkpoints.at(i)); !st)
            return st;
    }
    // A unit of work may stage one agent many times (start-up recovery releases a reservation per
    // session): only its newest copy is written, in the order the agents first appear.
    QHash<QUuid, qsizetype> newest;
    for (qsizetype i = 0; i < changes.agents.size(); ++i)
        newest.insert(changes.agents.at(i).id, i);
    for (qsizetype i = 0; i < changes.agents.size(); ++i) {
        const QUuid &id = changes.agents.at(i).id;
        const qsizetype last = newest.value(id);
        if (last < 0)
            continue; // written already
        if (Status st = writeAgent(c, changes.agents.at(last), encoded.agents.at(last)); !st)
            return st;
        newest.insert(id, -1);
    }
    for (const QUuid &id : std::as_const(changes.removedAgents)) {
        if (Status st = removeRows(c, {u"DELETE FROM agents WHERE id = ?"_s}, id); !st)
            return st;
    }
    for (qsizetype i = 0; i < changes.tasks.size(); ++i) {
        if (Status st = writeTask(c, changes.tasks.at(i), encoded.tasks.at(i)); !st)
            return st;
    }
    for (const QUuid &id : std::as_const(changes.removedTasks)) {
        if (Status st = removeRows(
                c, {u"DELETE FROM task_dependencies WHERE task_id = ?"_s, u"DELETE FROM tasks WHERE id = ?"_s}, id);
            !st)
            return st;
    }
    for (qsizetype i = 0; i < changes.contexts.size(); ++i) {
        if (Status st = writeContext(c, changes.contexts.at(i), encoded.contexts.at(i)); !st)
            return st;
    }
    for (qsizetype i = 0; i < changes.contextHistory.size(); ++i) {
        if (Status st = writeHistory(c, changes.contextHistory.at(i), encoded.history.at(i)); !st)
            return st;
    }
    for (const QUuid &id : std::as_const(changes.removedContexts)) {
        if (Status st = removeRows(
                c, {u"DELETE FROM context_history WHERE context_id = ?"_s, u"DELETE FROM contexts WHERE id = ?"_s}, id);
            !st)
            return st;
    }
    return appendEvents(c, changes.events, encoded.events);
}

// Reads the counters only this writer advances.
Status loadCounters(Connection &c)
{
    Query query(c);
    if (Status s = run(query, u"SELECT COALESCE(MAX(seq), 0) FROM events"_s); !s)
        return s;
    c.lastSeq = query.next() ? query.value(0).toLongLong() : 0;
    qint64 order = 0;
    for (const QString &sql : {u"SELECT COALESCE(MAX(created_order), 0) FROM sessions"_s,
                               u"SELECT COALESCE(MAX(registered_order), 0) FROM agents"_s,
                               u"SELECT COALESCE(MAX(created_order), 0) FROM tasks"_s,
                               u"SELECT COALESCE(MAX(created_order), 0) FROM contexts"_s,
                               u"SELECT COALESCE(MAX(entry_order), 0) FROM context_history"_s}) {
        if (Status s = run(query, sql); !s)
            return s;
        if (query.next())
            order = std::max(order, query.value(0).toLongLong());
    }
    c.lastOrder = order;
    return {};
}

// PostgreSQL: one orchestrator per database. The advisory lock belongs to the storage connection,
// so it goes when the process dies; after a reconnect it is claimed again.
Status claimOwnership(Connection &c)
{
    if (c.backend != Backend::Postgres)
        return {};
    constexpr qint64 OwnerLockKey = 0x4f52434845535452; // "ORCHESTR"
    Query query(c);
    if (Status s = run(query, u"SELECT pg_try_advisory_lock(?)"_s, {OwnerLockKey}); !s)
        return s;
    if (query.next() && query.value(0).toBool())
        return {};
    return Error::unavailable(u"another orchestrator process is using this database (several instances on one "
                              "database need the multi-instance mode, which this build does not provide)"_s);
}

} // namespace

SqlStore::SqlStore(DatabaseSettings settings, IEventBus &bus, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_bus(bus)
{
    m_thread.setObjectName(u"orc-storage"_s);
    m_worker = new StorageWorker(m_settings);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SqlStore::~SqlStore()
{
    // Requests already queued still run (and commit) before the thread ends; their answers are
    // dropped because this object, the context of the deliveries, is going away.
    QMetaObject::invokeMethod(m_worker, &StorageWorker::flush, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename T>
void SqlStore::deliver(const std::shared_ptr<Pending<T>> &pending, T value, std::function<void()> before)
{
    QMetaObject::invokeMethod(
        this,
        [pending, value = std::move(value), before = std::move(before)]() mutable {
            if (before)
                before();
            pending->value = std::move(value);
            if (pending->waiter)
                std::exchange(pending->waiter, {}).resume();
        },
        Qt::QueuedConnection);
}

template<typename T>
QCoro::Task<Result<T>> SqlStore::read(std::function<Result<T>(Connection &)> query)
{
    auto pending = std::make_shared<Pending<Result<T>>>();
    m_worker->post(StorageWorker::Read([this, pending, query = std::move(query)](Connection &c) {
        if (Status connected = m_worker->ensureConnected(c); !connected) {
            deliver<Result<T>>(pending, connected.error());
            return;
        }
        Result<T> result = query(c);
        if (!result.ok())
            result = m_worker->classify(c, std::move(result).error());
        deliver<Result<T>>(pending, std::move(result));
    }));
    Awaiter<Result<T>> answer{pending};
    Result<T> result = co_await answer;
    co_return result;
}

QCoro::Task<Status> SqlStore::open()
{
    if (m_settings.backend == Backend::Sqlite && !m_lockFile) {
        QDir().mkpath(QFileInfo(m_settings.path).absolutePath()); // a first start in a new directory
        auto lock = std::make_unique<QLockFile>(m_settings.path + u".lock"_s);
        lock->setStaleLockTime(0); // only a dead owner makes the lock stale, never its age
        if (!lock->tryLock(0)) {
            qint64 pid = 0;
            QString host;
            QString application;
            lock->getLockInfo(&pid, &host, &application);
            co_return lock->error() == QLockFile::LockFailedError
                ? Error::unavailable(u"%1: another orchestrator process (pid %2 on %3) is using this database"_s.arg(
                    m_settings.describe(), QString::number(pid), host))
                : Error::unavailable(
                    u"%1: cannot create the lock file %2.lock"_s.arg(m_settings.describe(), m_settings.path));
        }
        m_lockFile = std::move(lock);
    }
    auto pending = std::make_shared<Pending<Status>>();
    m_worker->post(StorageWorker::Read([this, pending](Connection &) {
        Status opened = m_worker->open([](Connection &c) -> Status {
            if (Status migrated = migrate(c.db); !migrated)
                return migrated;
            if (Status counted = loadCounters(c); !counted)
                return counted;
            return claimOwnership(c);
        });
        deliver<Status>(pending, std::move(opened));
    }));
    Awaiter<Status> answer{pending};
    Status status = co_await answer;
    if (!status.ok()) {
        m_lockFile.reset();
        Error error = status.error();
        if (!error.message.startsWith(m_settings.describe()))
            error.message = u"%1: %2"_s.arg(m_settings.describe(), error.message);
        co_return error;
    }
    if (Status indexed = co_await loadChildIndex(); !indexed)
        co_return indexed.error();
    co_return status;
}

QCoro::Task<Status> SqlStore::ping()
{
    auto result = co_await read<int>([](Connection &c) -> Result<int> {
        Query query(c);
        if (Status s = run(query, u"SELECT 1"_s); !s)
            return s.error();
        return 1;
    });
    if (!result.ok())
        co_return result.error();
    co_return Status{};
}

QCoro::Task<Result<Events>> SqlStore::commit(ChangeSet changes)
{
    auto pending = std::make_shared<Pending<Result<Events>>>();
    // Encoded here, on the caller's thread; the storage thread only binds and writes.
    auto shared = std::make_shared<EncodedChanges>(
        std::move(changes), [this](const QUuid &id) -> const Session * { return m_sessionCache.object(id); });
    StorageWorker::Write write;
    write.apply = [shared](Connection &c) { return apply(c, *shared); };
    write.done = [this, pending, shared](Status status) {
        if (!status.ok()) {
            const Error error = status.error();
            deliver<Result<Events>>(pending, error, [this, shared, error] { forget(shared->changes.sessions, error); });
            return;
        }
        Events stored = shared->changes.events;
        // Published on the event loop, in seq order, before the writer resumes.
        deliver<Result<Events>>(pending, stored, [this, stored, shared] {
            remember(shared->changes.sessions);
            m_bus.publish(stored);
        });
    };
    m_worker->post(std::move(write));
    Awaiter<Result<Events>> answer{pending};
    Result<Events> result = co_await answer;
    co_return result;
}

void SqlStore::remember(const QList<Session> &sessions)
{
    for (const Session &s : sessions)
        m_sessionCache.insert(s.id(), new Session(s));
    if (m_childIndexReady)
        indexChildren(sessions);
}

void SqlStore::forget(const QList<Session> &sessions, const Error &why)
{
    // After a lost connection a commit may have happened all the same: trust nothing cached.
    if (why.code == ErrorCode::Unavailable) {
        m_sessionCache.clear();
        m_childIndexReady = false; // read again from the database when next needed
        m_children.clear();
        return;
    }
    for (const Session &s : sessions)
        m_sessionCache.remove(s.id());
}

QCoro::Task<Result<Session>> SqlStore::session(QUuid id)
{
    if (const Session *cached = m_sessionCache.object(id))
        co_return *cached;
    auto loaded = co_await read<Session>(
        [id](Connection &c) { return documentById<Session>(c, u"sessions"_s, u"session"_s, id, &sessionFromRecord); });
    // Answers arrive in the order the storage thread gave them, so this is the newest committed copy.
    if (loaded.ok())
        m_sessionCache.insert(id, new Session(loaded.value()));
    co_return loaded;
}

QCoro::Task<Result<Page<Session>>> SqlStore::sessions(SessionQuery q)
{
    return read<Page<Session>>([q](Connection &c) -> Result<Page<Session>> {
        Filter where;
        if (!q.includeDeleted)
            where.conditions << u"deleted = 0"_s;
        where.add(q.status, "status = ?", &sessionStatusName);
        where.add(q.type, "session_type = ?", &sessionTypeName);
        where.add(q.priority, "priority = ?", [](SessionPriority p) { return int(p); });
        where.add(q.parentId, "parent_id = ?", &idString);
        if (!q.tag.isEmpty())
            where.add(u"EXISTS (SELECT 1 FROM session_tags t WHERE t.session_id = sessions.id AND t.tag = ?)"_s, q.tag);
        if (!q.text.isEmpty()) {
            where.add(u"(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\')"_s,
                      likePattern(q.text));
            where.args << likePattern(q.text);
        }
        return pagedDocuments<Session>(c, u"sessions"_s, where, u"created_at DESC, created_order DESC"_s, q.page,
                                       &sessionFromRecord);
    });
}

QCoro::Task<Result<QList<Session>>> SqlStore::sessionsInStatus(QList<SessionStatus> statuses)
{
    return read<QList<Session>>([statuses](Connection &c) -> Result<QList<Session>> {
        if (statuses.isEmpty())
            return QList<Session>{};
        QStringList marks;
        QVariantList names;
        for (SessionStatus status : statuses) {
            marks << u"?"_s;
            names << sessionStatusName(status);
        }
        Query query(c);
        if (Status s = run(query,
                           u"SELECT doc FROM sessions WHERE status IN (%1) ORDER BY created_at, created_order"_s.arg(
                               marks.join(u", "_s)),
                           names);
            !s)
            return s.error();
        return documents<Session>(query, &sessionFromRecord);
    });
}

QCoro::Task<Result<QHash<QUuid, QList<QUuid>>>> SqlStore::childIds(QList<QUuid> parentIds)
{
    // From the index (every session lives on the event loop's answer: no trip to the storage thread).
    if (!m_childIndexReady) {
        if (Status loaded = co_await loadChildIndex(); !loaded)
            co_return loaded.error();
    }
    QHash<QUuid, QList<QUuid>> children;
    for (const QUuid &parent : std::as_const(parentIds)) {
        const auto it = m_children.constFind(parent);
        if (it == m_children.cend())
            continue;
        QList<QUuid> &ids = children[parent];
        for (const ChildEntry &child : it.value())
            ids.append(child.id);
    }
    co_return children;
}

QCoro::Task<Status> SqlStore::loadChildIndex()
{
    using Index = QHash<QUuid, QList<ChildEntry>>;
    const std::function<Result<Index>(Connection &)> readIndex = [](Connection &c) -> Result<Index> {
        // A range on parent_id, so that the planner takes its index (most sessions have no parent;
        // `IS NOT NULL` or an ORDER BY would make SQLite read the whole table), sorted here.
        Query query(c);
        if (Status s = run(query, u"SELECT parent_id, id, created_at, created_order FROM sessions "
                                  "WHERE parent_id > '' AND deleted = 0"_s);
            !s)
            return s.error();
        QHash<QUuid, QList<std::pair<qint64, ChildEntry>>> rows;
        while (query.next()) {
            const auto parent = parseId(query.value(0).toString());
            const auto child = parseId(query.value(1).toString());
            if (parent && child) {
                rows[*parent].append({query.value(3).toLongLong(),
                                      {*child, parseIsoTime(query.value(2).toString()).value_or(QDateTime())}});
            }
        }
        Index index;
        for (auto it = rows.begin(); it != rows.end(); ++it) {
            auto &children = it.value();
            std::sort(children.begin(), children.end(), [](const auto &a, const auto &b) {
                return std::tie(a.second.createdAt, a.first) < std::tie(b.second.createdAt, b.first);
            });
            QList<ChildEntry> &entries = index[it.key()];
            for (const auto &[order, entry] : children)
                entries.append(entry);
        }
        return index;
    };
    auto loaded = co_await read<Index>(readIndex);
    if (!loaded)
        co_return loaded.error();
    // Commits answered after this read were applied after its snapshot, and update the index as they
    // are answered; those answered before it are in the snapshot.
    m_children = std::move(loaded).value();
    m_childIndexReady = true;
    co_return Status{};
}

void SqlStore::indexChildren(const QList<Session> &committed)
{
    for (const Session &s : committed) {
        const QUuid parent = s.spec().parentId;
        if (parent.isNull())
            continue;
        QList<ChildEntry> &children = m_children[parent];
        const auto at = std::find_if(children.begin(), children.end(),
                                     [&s](const ChildEntry &child) { return child.id == s.id(); });
        if (s.isDeleted()) {
            if (at != children.end())
                children.erase(at);
        } else if (at == children.end()) {
            // Creation order: after every child created at the same time or before.
            const QDateTime created = s.state().createdAt;
            const auto next = std::upper_bound(
                children.begin(), children.end(), created,
                [](const QDateTime &time, const ChildEntry &child) { return time < child.createdAt; });
            children.insert(next, {s.id(), created});
        }
        if (children.isEmpty())
            m_children.remove(parent);
    }
}

QCoro::Task<Result<QList<Checkpoint>>> SqlStore::checkpoints(QUuid sessionId)
{
    return read<QList<Checkpoint>>([sessionId](Connection &c) -> Result<QList<Checkpoint>> {
        Query query(c);
        if (Status s = run(query, u"SELECT doc FROM checkpoints WHERE session_id = ? ORDER BY sequence"_s,
                           {idString(sessionId)});
            !s)
            return s.error();
        return documents<Checkpoint>(query, &checkpointFromRecord);
    });
}

QCoro::Task<Result<Checkpoint>> SqlStore::checkpoint(QUuid sessionId, int sequence)
{
    return read<Checkpoint>([sessionId, sequence](Connection &c) -> Result<Checkpoint> {
        Query query(c);
        if (Status s = run(query, u"SELECT doc FROM checkpoints WHERE session_id = ? AND sequence = ?"_s,
                           {idString(sessionId), sequence});
            !s)
            return s.error();
        return single<Checkpoint>(query, &checkpointFromRecord, u"checkpoint"_s, QString::number(sequence));
    });
}

QCoro::Task<Result<SessionStats>> SqlStore::sessionStats()
{
    return read<SessionStats>([](Connection &c) -> Result<SessionStats> {
        Query query(c);
        if (Status s = run(
                query,
                u"SELECT status, session_type, deleted, COUNT(*) FROM sessions GROUP BY status, session_type, deleted"_s);
            !s)
            return s.error();
        SessionStats stats;
        while (query.next()) {
            const qint64 count = query.value(3).toLongLong();
            if (query.value(2).toInt() != 0) {
                stats.deleted += count;
                continue;
            }
            stats.total += count;
            if (auto status = sessionStatusFromName(query.value(0).toString()))
                stats.byStatus[*status] += count;
            if (auto type = sessionTypeFromName(query.value(1).toString()))
                stats.byType[*type] += count;
        }
        return stats;
    });
}

QCoro::Task<Result<QList<Agent>>> SqlStore::agents()
{
    return read<QList<Agent>>([](Connection &c) -> Result<QList<Agent>> {
        Query query(c);
        if (Status s = run(
                query,
                u"SELECT doc, auth_token_hash, dispatch_secret FROM agents ORDER BY registered_at, registered_order"_s);
            !s)
            return s.error();
        QList<Agent> list;
        while (query.next()) {
            auto agent = agentFromRecord(query.value(0).toString().toUtf8(),
                                         QByteArray::fromBase64(query.value(1).toString().toLatin1()),
                                         QByteArray::fromBase64(query.value(2).toString().toLatin1()));
            if (!agent.ok())
                return std::move(agent).error();
            list.append(std::move(agent).value());
        }
        return list;
    });
}

QCoro::Task<Result<Task>> SqlStore::task(QUuid id)
{
    return read<Task>(
        [id](Connection &c) { return documentById<Task>(c, u"tasks"_s, u"task"_s, id, &taskFromRecord); });
}

QCoro::Task<Result<Page<Task>>> SqlStore::tasks(TaskQuery q)
{
    return read<Page<Task>>([q](Connection &c) -> Result<Page<Task>> {
        Filter where;
        where.add(q.sessionId, "session_id = ?", &idString);
        where.add(q.status, "status = ?", &taskStatusName);
        where.add(q.parentTaskId, "parent_task_id = ?", &idString);
        return pagedDocuments<Task>(c, u"tasks"_s, where, u"created_at, created_order"_s, q.page, &taskFromRecord);
    });
}

QCoro::Task<Result<QList<Task>>> SqlStore::children(QUuid parentTaskId)
{
    return read<QList<Task>>([parentTaskId](Connection &c) -> Result<QList<Task>> {
        Query query(c);
        if (Status s
            = run(query, u"SELECT doc FROM tasks WHERE parent_task_id = ? ORDER BY created_at, created_order"_s,
                  {idString(parentTaskId)});
            !s)
            return s.error();
        return documents<Task>(query, &taskFromRecord);
    });
}

QCoro::Task<Result<QList<Task>>> SqlStore::dependents(QUuid id)
{
    return read<QList<Task>>([id](Connection &c) -> Result<QList<Task>> {
        Query query(c);
        if (Status s = run(query,
                           u"SELECT t.doc FROM tasks t JOIN task_dependencies d ON d.task_id = t.id "
                           "WHERE d.depends_on = ? ORDER BY t.created_at, t.created_order"_s,
                           {idString(id)});
            !s)
            return s.error();
        return documents<Task>(query, &taskFromRecord);
    });
}

QCoro::Task<Result<QList<Task>>> SqlStore::connected(QList<QUuid> seeds)
{
    return read<QList<Task>>([seeds](Connection &c) -> Result<QList<Task>> {
        // Undirected closure over dependency edges. A removed task keeps no edges of its own, so
        // walking through an id that no longer exists leads nowhere; such ids are dropped below.
        Query query(c);
        QSet<QString> seen;
        QStringList frontier;
        for (const QUuid &seed : seeds) {
            if (!seen.contains(idString(seed))) {
                seen.insert(idString(seed));
                frontier.append(idString(seed));
            }
        }
        while (!frontier.isEmpty()) {
            const QString current = frontier.takeLast();
            if (Status s = run(query,
                               u"SELECT depends_on FROM task_dependencies WHERE task_id = ? UNION "
                               "SELECT task_id FROM task_dependencies WHERE depends_on = ?"_s,
                               {current, current});
                !s)
                return s.error();
            while (query.next()) {
                const QString next = query.value(0).toString();
                if (!seen.contains(next)) {
                    seen.insert(next);
                    frontier.append(next);
                }
            }
        }
        QList<Task> list;
        for (const QString &id : std::as_const(seen)) {
            auto task = documentById<Task>(c, u"tasks"_s, u"task"_s, parseId(id).value_or(QUuid()), &taskFromRecord);
            if (task.ok())
                list.append(std::move(task).value());
            else if (task.error().code != ErrorCode::NotFound)
                return std::move(task).error();
        }
        std::sort(list.begin(), list.end(), [](const Task &a, const Task &b) {
            return a.state().createdAt != b.state().createdAt ? a.state().createdAt < b.state().createdAt
                                                              : a.id().toString() < b.id().toString();
        });
        return list;
    });
}

QCoro::Task<Result<TaskStats>> SqlStore::taskStats(std::optional<QUuid> sessionId)
{
    return read<TaskStats>([sessionId](Connection &c) -> Result<TaskStats> {
        Query query(c);
        const QString filter = sessionId ? u" WHERE session_id = ?"_s : QString();
        QVariantList args;
        if (sessionId)
            args << idString(*sessionId);
        if (Status s = run(query,
                           u"SELECT status, COUNT(*), COALESCE(SUM(estimated_hours), 0) FROM tasks"_s + filter
                               + u" GROUP BY status"_s,
                           args);
            !s)
            return s.error();
        TaskStats stats;
        while (query.next()) {
            const qint64 count = query.value(1).toLongLong();
            stats.total += count;
            if (auto status = taskStatusFromName(query.value(0).toString()))
                stats.byStatus[*status] += count;
            stats.totalEstimatedHours += query.value(2).toDouble();
        }
        return stats;
    });
}

QCoro::Task<Result<Context>> SqlStore::context(QUuid id)
{
    return read<Context>(
        [id](Connection &c) { return documentById<Context>(c, u"contexts"_s, u"context"_s, id, &contextFromRecord); });
}

QCoro::Task<Result<QList<Context>>> SqlStore::contexts(ContextQuery q)
{
    return read<QList<Context>>([q](Connection &c) -> Result<QList<Context>> {
        Filter where;
        where.add(q.scope, "scope = ?", &contextScopeName);
        where.add(q.sessionId, "session_id = ?", &idString);
        where.add(q.agentId, "agent_id = ?", &idString);
        Query query(c);
        if (Status s
            = run(query, u"SELECT doc FROM contexts"_s + where.clause() + u" ORDER BY created_at, created_order"_s,
                  where.args);
            !s)
            return s.error();
        return documents<Context>(query, &contextFromRecord);
    });
}

QCoro::Task<Result<QList<ContextChange>>> SqlStore::history(QUuid contextId, int limit)
{
    return read<QList<ContextChange>>([contextId, limit](Connection &c) -> Result<QList<ContextChange>> {
        Query query(c);
        if (Status s
            = run(query, u"SELECT doc FROM context_history WHERE context_id = ? ORDER BY entry_order DESC LIMIT ?"_s,
                  {idString(contextId), std::max(0, limit)});
            !s)
            return s.error();
        return documents<ContextChange>(query, &changeFromRecord);
    });
}

QCoro::Task<Result<QList<QUuid>>> SqlStore::expiredContexts(QDateTime now)
{
    return read<QList<QUuid>>([now](Connection &c) -> Result<QList<QUuid>> {
        Query query(c);
        if (Status s
            = run(query, u"SELECT id FROM contexts WHERE expires_at IS NOT NULL AND expires_at <= ?"_s, {isoTime(now)});
            !s)
            return s.error();
        QList<QUuid> ids;
        while (query.next()) {
            if (auto id = parseId(query.value(0).toString()))
                ids.append(*id);
        }
        return ids;
    });
}

QCoro::Task<Result<Events>> SqlStore::events(EventQuery q)
{
    return read<Events>([q](Connection &c) -> Result<Events> {
        const int limit = std::clamp(q.limit, 1, EventQuery::MaxLimit);
        Query query(c);
        Status s = q.sessionId
                       ? run(query,
                             u"SELECT seq, type, created_at, payload FROM events WHERE seq > ? AND session_id = ? "
                             "ORDER BY seq LIMIT ?"_s,
                             {q.afterSeq, idString(*q.sessionId), limit})
                       : run(query,
                             u"SELECT seq, type, created_at, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?"_s,
                             {q.afterSeq, limit});
        if (!s)
            return s.error();
        Events events;
        while (query.next()) {
            Event e;
            e.seq = query.value(0).toLongLong();
            e.type = query.value(1).toString();
            e.timestamp = parseIsoTime(query.value(2).toString()).value_or(QDateTime());
            e.payload = QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object();
            events.append(std::move(e));
        }
        return events;
    });
}

} // namespace Orc::Adapters::Storage
