// The floor under the dispatch overhead over HTTP, for bench/dispatch.sh: the same steps a session
// pays between its start and its completion, over the agent's own time, with nothing of ours:
//   1. one durable write on a storage thread (SQLite WAL, synchronous=FULL, one JSON row per
//      transaction), acknowledged back to the event loop, as a session's start is;
//   2. a QNetworkAccessManager POST of the task to a peer (bench/dispatch.sh runs a Python
//      standard-library server, as the example agent is);
//   3. the peer's POST of its result back to a QHttpServer route on the event loop.
// The figure per round is the time from 1 to the arrival of 3, minus the peer's own time (from
// its handler having the request to its result being sent, which it reports). Rounds are paced
// like the one-at-a-time sessions of bench/dispatch.sh (a few ms apart).
//   bench_dispatch_floor --peer http://127.0.0.1:PORT --dir DIR [--rounds 100] [--out FILE]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Owns one SQLite connection on its own thread; write() commits one row and answers written().
class Writer : public QObject
{
    Q_OBJECT
public:
    bool open(const QString &path)
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"floor"_s);
        m_db.setDatabaseName(path);
        if (!m_db.open())
            return false;
        QSqlQuery q(m_db);
        for (const QString &sql : {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s,
                                   u"CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, document TEXT)"_s})
            if (!q.exec(sql))
                return false;
        m_insert = QSqlQuery(m_db);
        return m_insert.prepare(u"INSERT INTO sessions (document) VALUES (?)"_s);
    }
    void write(const QByteArray &document)
    {
        bool ok = m_db.transaction();
        m_insert.bindValue(0, QString::fromUtf8(document));
        ok = ok && m_insert.exec() && m_db.commit();
        emit written(ok);
    }

    void close()
    {
        m_insert = QSqlQuery();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"floor"_s);
    }

signals:
    void written(bool ok);

private:
    QSqlDatabase m_db;
    QSqlQuery m_insert;
};

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[size_t(p * double(v.size() - 1))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The floor of a session's dispatch over HTTP: one durable write on a storage thread, a POST to a "
        "peer through QNetworkAccessManager, the peer's POST back to QHttpServer; nothing else."_s);
    parser.addHelpOption();
    const QCommandLineOption peerOption(u"peer"_s, u"The peer's base URL (it answers POST /task)."_s, u"URL"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Directory for the SQLite file."_s, u"DIR"_s);
    const QCommandLineOption roundsOption(u"rounds"_s, u"Rounds measured (after 10 warm-up rounds)."_s, u"N"_s,
                                          u"100"_s);
    const QCommandLineOption outOption(u"out"_s, u"Append the figure as one JSON line to this file."_s, u"FILE"_s);
    parser.addOptions({peerOption, dirOption, roundsOption, outOption});
    parser.process(app);
    if (!parser.isSet(peerOption) || !parser.isSet(dirOption)) {
        std::fprintf(stderr, "bench_dispatch_floor: --peer and --dir are required (see --help)\n");
        return 2;
    }
    const int warmUp = 10;
    const int rounds = std::max(1, parser.value(roundsOption).toInt()) + warmUp;

    QThread storage;
    Writer writer;
    writer.moveToThread(&storage);
    storage.start();
    bool opened = false; // the connection is made on the thread that uses it
    QMetaObject::invokeMethod(
        &writer, [&] { opened = writer.open(parser.value(dirOption) + u"/floor.db"_s); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        std::fprintf(stderr, "bench_dispatch_floor: cannot open SQLite in %s\n", qPrintable(parser.value(dirOption)));
        storage.quit();
        storage.wait();
        return 1;
    }

    QElapsedTimer clock;
    clock.start();
    qint64 startedNs = 0;
    int round = 0;
    std::vector<double> overheads;
    std::vector<double> writes; // of which the durable write, acknowledged
    QNetworkAccessManager network;
    network.setAutoDeleteReplies(true);
    QHttpServer server;
    const quint16 port = server.listen(QHostAddress(QHostAddress::LocalHost), 0);
    if (port == 0) {
        std::fprintf(stderr, "bench_dispatch_floor: cannot listen\n");
        return 1;
    }
    const QUrl callback(u"http://127.0.0.1:%1/result"_s.arg(port));
    const QByteArray document(900, 'x'); // about a session's stored JSON

    auto next = [&] { QMetaObject::invokeMethod(&writer, [&] { writer.write(document); }); };
    auto begin = [&] {
        startedNs = clock.nsecsElapsed();
        next();
    };
    QObject::connect(&writer, &Writer::written, &app, [&](bool ok) {
        if (!ok) {
            std::fprintf(stderr, "bench_dispatch_floor: the write failed\n");
            app.exit(1);
            return;
        }
        if (round >= warmUp)
            writes.push_back(double(clock.nsecsElapsed() - startedNs) / 1e6);
        QNetworkRequest request(QUrl(parser.value(peerOption) + u"/task"_s));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        const QByteArray body
            = QJsonDocument(QJsonObject{{u"task_id"_s, round}, {u"callback_url"_s, callback.toString()}})
                  .toJson(QJsonDocument::Compact);
        network.post(request, body);
    });
    server.route(u"/result"_s, QHttpServerRequest::Method::Post, [&](const QHttpServerRequest &request) {
        const double totalMs = double(clock.nsecsElapsed() - startedNs) / 1e6;
        const double peerMs = QJsonDocument::fromJson(request.body()).object().value(u"peer_ms"_s).toDouble();
        if (round++ >= warmUp)
            overheads.push_back(totalMs - peerMs);
        if (round < rounds)
            QTimer::singleShot(5, &app, begin);
        else
            QTimer::singleShot(0, &app, [&] { app.quit(); });
        return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
    });
    QTimer::singleShot(0, &app, begin);
    const int code = app.exec();
    QMetaObject::invokeMethod(
        &writer, [&] { writer.close(); }, Qt::BlockingQueuedConnection);
    storage.quit();
    storage.wait();
    if (code != 0 || overheads.empty())
        return code == 0 ? 1 : code;

    const double mean = std::accumulate(overheads.begin(), overheads.end(), 0.0) / double(overheads.size());
    const QJsonObject line{{u"part"_s, u"dispatch"_s},
                           {u"mode"_s, u"http-floor"_s},
                           {u"backend"_s, u"sqlite"_s},
                           {u"sessions"_s, int(overheads.size())},
                           {u"overhead_ms_median"_s, percentile(overheads, 0.5)},
                           {u"overhead_ms_mean"_s, mean},
                           {u"overhead_ms_p95"_s, percentile(overheads, 0.95)},
                           {u"write_ms_median"_s, percentile(writes, 0.5)}};
    const QByteArray json = QJsonDocument(line).toJson(QJsonDocument::Compact);
    std::printf("%s\n", json.constData());
    if (parser.isSet(outOption)) {
        QFile out(parser.value(outOption));
        if (out.open(QIODevice::Append))
            out.write(json + '\n');
    }
    return 0;
}

#include "bench_dispatch_floor.moc"
