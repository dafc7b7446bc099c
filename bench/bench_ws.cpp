// WebSocket fan-out (issue goal: 1,000 subscribers, one event per ms for 10 s, every event delivered
// to every client, p99 delivery latency <= 25 ms). A separate process from the service under test:
// N subscribers on /ws/system, and a producer that makes one event per ms through the REST API (PUT
// of a context key: one durable write, one context.updated event), paced by the clock with enough
// requests in flight to keep up. Latency is the event's own timestamp (taken when the service made
// it) to its arrival here, in ms. Prints one JSON line.
//   bench_ws --url http://127.0.0.1:PORT --token T [--subs 1000] [--rate 1000] [--seconds 10]
// With --bare the server is bench_ws_bare, which makes the events itself: no producer here, and the
// events expected are those it made (the highest seq seen).

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStringList>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Subscriber
{
    std::unique_ptr<QWebSocket> socket;
    qint64 received = 0;
    bool established = false;
    bool closed = false;
    int closeCode = 0;
};

// latency_p50_ms, latency_p99_ms and latency_max_ms of the delivery latencies (-1 when none).
void insertLatencies(QJsonObject &figure, std::vector<qint64> &latenciesMs)
{
    std::sort(latenciesMs.begin(), latenciesMs.end());
    auto at = [&latenciesMs](double q) -> qint64 {
        if (latenciesMs.empty())
            return -1;
        return latenciesMs[std::min(latenciesMs.size() - 1, size_t(q * double(latenciesMs.size())))];
    };
    figure.insert(u"latency_p50_ms"_s, at(0.50));
    figure.insert(u"latency_p99_ms"_s, at(0.99));
    figure.insert(u"latency_max_ms"_s, latenciesMs.empty() ? -1 : latenciesMs.back());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption urlOption(u"url"_s, u"The service's base URL."_s, u"URL"_s);
    const QCommandLineOption tokenOption(u"token"_s, u"The API token."_s, u"TOKEN"_s);
    const QCommandLineOption subsOption(u"subs"_s, u"Subscribers (default 1000)."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Events per second (default 1000)."_s, u"R"_s, u"1000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds of events (default 10)."_s, u"S"_s, u"10"_s);
    const QCommandLineOption bareOption(u"bare"_s, u"The server is bench_ws_bare: it makes the events itself."_s);
    parser.addOptions({urlOption, tokenOption, subsOption, rateOption, secondsOption, bareOption});
    parser.process(app);
    const QString base = parser.value(urlOption);
    const QByteArray token = parser.value(tokenOption).toUtf8();
    const int subs = parser.value(subsOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();
    const bool bare = parser.isSet(bareOption);
    if (base.isEmpty() || (token.isEmpty() && !bare) || subs < 1 || rate < 1 || seconds < 1) {
        std::fputs("bench_ws: --url and --token are needed; --subs, --rate and --seconds take whole numbers >= 1\n",
                   stderr);
        return 2;
    }
    QJsonObject figure{{u"part"_s, u"ws"_s}, {u"subscribers"_s, subs}, {u"rate"_s, rate}, {u"seconds"_s, seconds}};
    if (bare)
        figure.insert(u"server"_s, u"qt_bare"_s);
    qint64 highestSeq = 0;
    auto finish = [&figure](int code) {
        std::printf("%s\n", QJsonDocument(figure).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        return code;
    };

    // The subscribers.
    QString wsBase = base;
    wsBase.replace(u"http://"_s, u"ws://"_s).replace(u"https://"_s, u"wss://"_s);
    std::vector<Subscriber> subscribers(static_cast<size_t>(subs));
    std::vector<qint64> latenciesMs;
    latenciesMs.reserve(size_t(subs) * size_t(rate) * size_t(seconds));
    int established = 0;
    for (Subscriber &s : subscribers) {
        s.socket = std::make_unique<QWebSocket>();
        QWebSocket *socket = s.socket.get();
        Subscriber *sub = &s;
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [&, sub](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            if (!message.contains(u"seq"_s)) {
                if (message.value(u"type"_s).toString() == u"connection.established"_s && !sub->established) {
                    sub->established = true;
                    ++established;
                } else if (message.value(u"type"_s).toString() == u"heartbeat"_s) {
                    sub->socket->sendTextMessage(uR"({"type":"pong"})"_s);
                }
                return;
            }
            if (message.value(u"type"_s).toString() != u"context.updated"_s)
                return;
            ++sub->received;
            highestSeq = std::max(highestSeq, qint64(message.value(u"seq"_s).toDouble()));
            const QDateTime made = QDateTime::fromString(message.value(u"timestamp"_s).toString(), Qt::ISODateWithMs);
            latenciesMs.push_back(made.msecsTo(QDateTime::currentDateTimeUtc()));
        });
        QObject::connect(socket, &QWebSocket::disconnected, socket, [sub] {
            sub->closed = true;
            sub->closeCode = int(sub->socket->closeCode());
        });
        QNetworkRequest request(QUrl(wsBase + u"/ws/system"_s));
        request.setRawHeader("Authorization", "Bearer " + token);
        socket->open(request);
    }
    QElapsedTimer clock;
    clock.start();
    while (established < subs && clock.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    figure.insert(u"connected"_s, established);
    figure.insert(u"connect_ms"_s, clock.elapsed());
    if (established < subs) {
        figure.insert(u"error"_s, u"only %1 of %2 subscribers connected"_s.arg(established).arg(subs));
        return finish(1);
    }

    if (bare) {
        // The server makes the events; wait for their time, then for the last ones to arrive.
        QElapsedTimer producing;
        producing.start();
        const qint64 total = qint64(rate) * seconds;
        while (producing.elapsed() < seconds * 1000 + 60000
               && !(highestSeq >= total
                    && std::all_of(subscribers.begin(), subscribers.end(),
                                   [&](const Subscriber &s) { return s.closed || s.received >= total; })))
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        qint64 delivered = 0;
        int closed = 0;
        for (const Subscriber &s : subscribers) {
            delivered += s.received;
            closed += s.closed ? 1 : 0;
        }
        const double elapsed = double(producing.nsecsElapsed()) / 1e9;
        figure.insert(u"events_acknowledged"_s, highestSeq);
        figure.insert(u"events_failed"_s, 0);
        figure.insert(u"events_per_s"_s, double(highestSeq) / std::max(double(seconds), elapsed));
        figure.insert(u"deliveries"_s, delivered);
        figure.insert(u"deliveries_expected"_s, total * subs);
        figure.insert(u"deliveries_per_s"_s, double(delivered) / elapsed);
        figure.insert(u"subscribers_closed"_s, closed);
        insertLatencies(figure, latenciesMs);
        for (Subscriber &s : subscribers)
            s.socket->abort();
        return finish(0);
    }

    // The producer: a context, then one key write per event, on a pool of connections.
    std::vector<std::unique_ptr<QNetworkAccessManager>> pool;
    for (int i = 0; i < 8; ++i)
        pool.push_back(std::make_unique<QNetworkAccessManager>()); // 6 connections each
    auto request = [&](const QString &path) {
        QNetworkRequest r(QUrl(base + path));
        r.setRawHeader("Authorization", "Bearer " + token);
        r.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        return r;
    };
    // Writes to one context are serialised by its version: the events go to many contexts, so that
    // the writes in flight never compete for one.
    constexpr int Contexts = 256;
    QStringList contextIds;
    for (int i = 0; i < Contexts; ++i) {
        QNetworkReply *created = pool[0]->post(request(u"/api/v1/contexts"_s), R"({"scope":"global","data":{}})");
        while (!created->isFinished())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const QString id = QJsonDocument::fromJson(created->readAll()).object().value(u"id"_s).toString();
        created->deleteLater();
        if (id.isEmpty()) {
            figure.insert(u"error"_s, u"could not create the contexts the events are written to"_s);
            return finish(1);
        }
        contextIds.append(id);
    }

    const qint64 total = qint64(rate) * seconds;
    qint64 sent = 0;
    qint64 acknowledged = 0;
    qint64 failed = 0;
    QMap<int, qint64> failures; // by HTTP status (0: no answer)
    int inFlight = 0;
    int maxInFlight = 0;
    QElapsedTimer producing;
    producing.start();
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(1);
    QObject::connect(&pacer, &QTimer::timeout, &pacer, [&] {
        const qint64 due = std::min(total, producing.nsecsElapsed() * rate / 1'000'000'000);
        while (sent < due) {
            QNetworkAccessManager &manager = *pool[size_t(sent % qint64(pool.size()))];
            const QByteArray body = QJsonDocument(QJsonObject{{u"value"_s, sent}}).toJson(QJsonDocument::Compact);
            const QString &contextId = contextIds.at(int(sent % Contexts));
            QNetworkReply *reply = manager.put(request(u"/api/v1/contexts/%1/keys/value"_s.arg(contextId)), body);
            ++sent;
            maxInFlight = std::max(maxInFlight, ++inFlight);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
                --inFlight;
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 200) {
                    ++acknowledged;
                } else {
                    ++failed;
                    ++failures[status];
                }
                reply->deleteLater();
            });
        }
        if (sent >= total)
            pacer.stop();
    });
    pacer.start();
    while ((sent < total || inFlight > 0) && producing.elapsed() < seconds * 1000 + 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    const double producedSeconds = double(producing.nsecsElapsed()) / 1e9;

    // Let the last events arrive (every subscriber holds every acknowledged event, or time is up).
    QElapsedTimer draining;
    draining.start();
    auto allDelivered = [&] {
        return std::all_of(subscribers.begin(), subscribers.end(),
                           [&](const Subscriber &s) { return s.closed || s.received >= acknowledged; });
    };
    while (!allDelivered() && draining.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

    qint64 delivered = 0;
    qint64 fewest = acknowledged;
    int closed = 0;
    QJsonObject closeCodes;
    for (const Subscriber &s : subscribers) {
        delivered += s.received;
        fewest = std::min(fewest, s.received);
        if (s.closed) {
            ++closed;
            const QString code = QString::number(s.closeCode);
            closeCodes.insert(code, closeCodes.value(code).toInt() + 1);
        }
    }
    figure.insert(u"events_sent"_s, sent);
    figure.insert(u"events_acknowledged"_s, acknowledged);
    figure.insert(u"events_failed"_s, failed);
    QJsonObject failuresJson;
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        failuresJson.insert(QString::number(it.key()), it.value());
    figure.insert(u"failures_by_status"_s, failuresJson);
    figure.insert(u"events_per_s"_s, double(acknowledged) / producedSeconds);
    figure.insert(u"max_requests_in_flight"_s, maxInFlight);
    figure.insert(u"deliveries"_s, delivered);
    figure.insert(u"deliveries_expected"_s, acknowledged * subs);
    figure.insert(u"deliveries_per_s"_s, double(delivered) / (producedSeconds + double(draining.elapsed()) / 1000.0));
    figure.insert(u"fewest_per_subscriber"_s, fewest);
    figure.insert(u"subscribers_closed"_s, closed);
    figure.insert(u"close_codes"_s, closeCodes);
    figure.insert(u"drain_ms"_s, draining.elapsed());
    insertLatencies(figure, latenciesMs);
    for (Subscriber &s : subscribers)
        s.socket->abort();
    return finish(0);
}
