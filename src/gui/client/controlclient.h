#pragma once

#include <qcorotask.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <QTimer>

#include <functional>

namespace Orc::Gui {

class ControlClient;

// A panel that reads its whole content again: at once when the client is (or becomes) connected
// (events may have been missed while away), and `delay` after a burst of events whose type starts
// with `prefix` ("lock.", "context."), once per burst. `coalesce` is the panel's timer.
void reloadOnEvents(ControlClient &client, QObject *panel, QLatin1String prefix, QTimer &coalesce, int delayMs,
                    const std::function<void()> &reload);
// Only the "at once when connected" part (for panels that follow events row by row).
void reloadOnConnect(ControlClient &client, QObject *panel, const std::function<void()> &reload);

// One answer of the API: the status and the JSON body, with the error envelope of CONTRACT §6
// read out for errors.
struct ApiReply
{
    int status = 0;                 // 0: no answer at all (connection refused, timeout)
    QJsonObject object;             // the body when it is an object
    QJsonArray array;               // the body when it is an array
    QString error;                  // the envelope's machine code (VALIDATION_ERROR …), or a transport failure
    QString message;                // the envelope's English message, or what went wrong on the way
    QHash<QString, QString> fields; // field → message, for VALIDATION_ERROR
    QByteArray body;                // as received (e.g. the Prometheus text of /metrics)

    bool ok() const { return status >= 200 && status < 300; }
    // The message with the fields, in one line, for a status bar or a message box.
    QString describe() const;

    static ApiReply fromBody(int status, const QByteArray &body);
    static ApiReply failure(const QString &message);
};

// The one client behind every panel of the control room. It speaks the REST API v1 and delivers
// every event exactly once, in seq order. Two implementations: in process (the embedded
// orchestrator, the default) and remote (REST and WebSocket of an instance elsewhere, for
// `orchestrator --connect URL --token T`). Panels never know which one they have.
class ControlClient : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // `target` is a path and query under the server root: `/api/v1/sessions?status=running`.
    // (No default arguments: a braced temporary inside a co_await expression is a GCC 12 hazard.)
    virtual QCoro::Task<ApiReply> request(QByteArray method, QString target, QJsonObject body) = 0;
    // Where the panels' data comes from, for the status bar ("in process · SQLite …", a URL).
    virtual QString describe() const = 0;
    virtual bool isRemote() const = 0;
    // Whether events flow now (a remote client reconnects by itself and resumes after its last seq).
    virtual bool isConnected() const = 0;
    // The seq of the newest event delivered (0 before the first).
    qint64 lastSeq() const { return m_lastSeq; }

    // Every object of a collection (`/api/v1/sessions`, `/api/v1/agents`), newest first as the API
    // lists them, handed to `sink` one by one as they arrive (nothing is kept here: a hundred
    // thousand sessions as JSON would be hundreds of MB); `progress(done, total)` while it loads.
    // The error, or an empty string when every object was handed over. Through the API's pages by
    // default; the in-process client reads sessions in one go.
    using Sink = std::function<void(const QJsonObject &)>;
    using Progress = std::function<void(int done, int total)>;
    virtual QCoro::Task<QString> listAll(QString collection, Sink sink, Progress progress);
    // The same, appended to `into` (for the short collections: tasks, contexts).
    QCoro::Task<QString> collectAll(QString collection, QList<QJsonObject> &into);

    QCoro::Task<ApiReply> get(QString target);
    QCoro::Task<ApiReply> post(QString target);
    QCoro::Task<ApiReply> post(QString target, QJsonObject body);

signals:
    // {seq, type, payload, timestamp}, each event once, in seq order.
    void eventReceived(const QJsonObject &event);
    void connectionChanged(bool connected);

protected:
    // Implementations hand every event here; repeats and old events (seq <= lastSeq) are dropped.
    void deliver(const QJsonObject &event);

private:
    qint64 m_lastSeq = 0;
};

} // namespace Orc::Gui
