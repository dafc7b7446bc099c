// The ceiling of Qt's HTTP server on this machine, for bench/http.sh: Qt 6's QHttpServer answering
// one route with fixed bytes (the session JSON the service serves), with no routing table, token
// check, metrics or storage of ours. wrk runs against it in the same rounds as nginx and the service.
//   bench_http_bare --file session.json [--port 0]   (prints "listening on http://127.0.0.1:PORT")

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Qt's HTTP server alone, answering /session.json with a file's bytes."_s);
    parser.addHelpOption();
    const QCommandLineOption fileOption(u"file"_s, u"The bytes to answer with."_s, u"FILE"_s);
    const QCommandLineOption portOption(u"port"_s, u"Port on 127.0.0.1 (0 picks one)."_s, u"PORT"_s, u"0"_s);
    parser.addOptions({fileOption, portOption});
    parser.process(app);
    QFile file(parser.value(fileOption));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_http_bare: cannot read --file '%s'\n", qPrintable(file.fileName()));
        return 2;
    }
    const QByteArray body = file.readAll();
    QHttpServer server;
    server.route(u"/session.json"_s, [body] { return QHttpServerResponse("application/json", body); });
    const quint16 port
        = server.listen(QHostAddress(QHostAddress::LocalHost), quint16(parser.value(portOption).toUInt()));
    if (port == 0) {
        std::fprintf(stderr, "bench_http_bare: cannot listen\n");
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(port));
    std::fflush(stdout);
    return app.exec();
}
