// The ceiling of Qt WebSockets on this machine, for bench/ws.sh: a QWebSocketServer that, once N
// clients are connected, makes one event per ms itself (no REST producer, no storage, no hub of
// ours) and sends each, built once, to every client with QWebSocket::sendTextMessage. bench_ws
// --bare measures it with the same client as the service.
//   bench_ws_bare --subs N [--rate 1000] [--seconds 10]   (prints "listening on http://127.0.0.1:PORT")

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Qt WebSockets alone: one event per ms to every client."_s);
    parser.addHelpOption();
    const QCommandLineOption subsOption(u"subs"_s, u"Clients to wait for (default 1000)."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Events per second (default 1000)."_s, u"R"_s, u"1000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds of events (default 10)."_s, u"S"_s, u"10"_s);
    parser.addOptions({subsOption, rateOption, secondsOption});
    parser.process(app);
    const int subs = parser.value(subsOption).toInt();
    const qint64 rate = parser.value(rateOption).toLongLong();
    const qint64 total = rate * parser.value(secondsOption).toLongLong();

    QWebSocketServer server(u"bench"_s, QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        std::fprintf(stderr, "bench_ws_bare: cannot listen\n");
        return 1;
    }
    std::vector<std::unique_ptr<QWebSocket>> clients;
    qint64 made = 0;
    QElapsedTimer producing;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(1);
    QObject::connect(&pacer, &QTimer::timeout, &pacer, [&] {
        const qint64 due = std::min(total, producing.nsecsElapsed() * rate / 1'000'000'000);
        while (made < due) {
            ++made;
            const QString text = QString::fromUtf8(
                QJsonDocument(QJsonObject{{u"type"_s, u"context.updated"_s},
                                          {u"seq"_s, made},
                                          {u"timestamp"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                                          {u"payload"_s, QJsonObject{{u"value"_s, made}}}})
                    .toJson(QJsonDocument::Compact));
            for (const auto &client : clients)
                client->sendTextMessage(text);
        }
        if (made >= total) {
            pacer.stop();
            std::printf("made %lld events\n", qlonglong(made));
            std::fflush(stdout);
        }
    });
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            clients.emplace_back(socket);
            socket->sendTextMessage(uR"({"type":"connection.established"})"_s);
            if (int(clients.size()) == subs) {
                producing.start();
                pacer.start();
            }
        }
    });
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
