#include "gui/client/controlclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>

namespace Orc::Gui {

void reloadOnConnect(ControlClient &client, QObject *panel, const std::function<void()> &reload)
{
    QObject::connect(&client, &ControlClient::connectionChanged, panel, [reload](bool connected) {
        if (connected)
            reload();
    });
    if (client.isConnected())
        reload();
}

void reloadOnEvents(ControlClient &client, QObject *panel, QLatin1String prefix, QTimer &coalesce, int delayMs,
                    const std::function<void()> &reload)
{
    coalesce.setSingleShot(true);
    coalesce.setInterval(delayMs);
    QObject::connect(&coalesce, &QTimer::timeout, panel, reload);
    QObject::connect(&client, &ControlClient::eventReceived, panel, [prefix, &coalesce](const QJsonObject &event) {
        if (event.value(QStringLiteral("type")).toString().startsWith(prefix))
            coalesce.start();
    });
    reloadOnConnect(client, panel, reload);
}

QString ApiReply::describe() const
{
    QString text
        = message.isEmpty() ? QCoreApplication::translate("Orc::Gui::ApiReply", "HTTP %1").arg(status) : message;
    if (!fields.isEmpty()) {
        QStringList parts;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it)
            parts.append(it.key() + QStringLiteral(": ") + it.value());
        parts.sort();
        text += QStringLiteral(" (") + parts.join(QStringLiteral("; ")) + QLatin1Char(')');
    }
    return text;
}

ApiReply ApiReply::fromBody(int status, const QByteArray &body)
{
    ApiReply reply;
    reply.status = status;
    reply.body = body;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isArray())
        reply.array = document.array();
    else
        reply.object = document.object();
    if (!reply.ok()) {
        reply.error = reply.object.value(QStringLiteral("error")).toString();
        reply.message = reply.object.value(QStringLiteral("message")).toString();
        for (const QJsonValue &detail : reply.object.value(QStringLiteral("details")).toArray()) {
            const QJsonObject d = detail.toObject();
            reply.fields.insert(d.value(QStringLiteral("field")).toString(),
                                d.value(QStringLiteral("message")).toString());
        }
        if (reply.message.isEmpty() && !body.isEmpty() && !document.isObject())
            reply.message = QString::fromUtf8(body.left(200));
    }
    return reply;
}

ApiReply ApiReply::failure(const QString &message)
{
    ApiReply reply;
    reply.error = QStringLiteral("UNREACHABLE");
    reply.message = message;
    return reply;
}

QCoro::Task<QString> ControlClient::listAll(QString collection, Sink sink, Progress progress)
{
    constexpr int PageSize = 200;
    const QPointer<ControlClient> self(this);
    int done = 0;
    for (int page = 1;; ++page) {
        const QString target = QStringLiteral("%1?page=%2&page_size=%3").arg(collection).arg(page).arg(PageSize);
        const ApiReply reply = co_await get(target);
        if (!self)
            co_return QStringLiteral("closed");
        if (!reply.ok())
            co_return reply.describe();
        const QJsonArray items = reply.object.value(QStringLiteral("items")).toArray();
        for (const QJsonValue &item : items)
            sink(item.toObject());
        done += int(items.size());
        if (progress)
            progress(done, reply.object.value(QStringLiteral("total")).toInt());
        if (page >= reply.object.value(QStringLiteral("total_pages")).toInt() || items.isEmpty())
            co_return QString();
    }
}

QCoro::Task<QString> ControlClient::collectAll(QString collection, QList<QJsonObject> &into)
{
    const Sink sink = [&into](const QJsonObject &object) { into.append(object); };
    const Progress none;
    co_return co_await listAll(std::move(collection), sink, none);
}

QCoro::Task<ApiReply> ControlClient::get(QString target)
{
    const QByteArray method("GET");
    const QJsonObject none;
    co_return co_await request(method, std::move(target), none);
}

QCoro::Task<ApiReply> ControlClient::post(QString target)
{
    const QByteArray method("POST");
    const QJsonObject none;
    co_return co_await request(method, std::move(target), none);
}

QCoro::Task<ApiReply> ControlClient::post(QString target, QJsonObject body)
{
    const QByteArray method("POST");
    co_return co_await request(method, std::move(target), std::move(body));
}

void ControlClient::deliver(const QJsonObject &event)
{
    const qint64 seq = event.value(QStringLiteral("seq")).toInteger();
    if (seq <= m_lastSeq)
        return;
    m_lastSeq = seq;
    emit eventReceived(event);
}

} // namespace Orc::Gui
