#pragma once

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>
#include <utility>

namespace Orc::Testing {

// One of our binaries as a real process, with its own HOME and XDG directories (so no user file
// leaks in), offscreen for the GUI, and no API token from the caller's environment. Killed when it
// goes out of scope.
class Running
{
public:
    Running(const QString &program, const QStringList &arguments, const QTemporaryDir &home,
            const QList<std::pair<QString, QString>> &extraEnvironment = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("ORC_API_TOKEN"));
        env.remove(QStringLiteral("ORC_DATABASE"));
        for (const auto &[name, value] : extraEnvironment)
            env.insert(name, value);
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        m_process.setProcessEnvironment(env);
        m_process.start(program, arguments);
    }
    ~Running()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Reads stdout until the "listening on" line; returns the URL (empty if the process ended first).
    QString waitForListening()
    {
        static const QRegularExpression line(QStringLiteral("^listening on (http://[^\\s]+)$"),
                                             QRegularExpression::MultilineOption);
        const QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            m_stdout += m_process.readAllStandardOutput();
            const auto match = line.match(QString::fromUtf8(m_stdout));
            if (match.hasMatch())
                return match.captured(1);
            m_process.waitForReadyRead(200);
        }
        return {};
    }

    // Sends the signal and waits: the exit code, -2 for a crash or kill, -1 if it did not end.
    int terminate(int signalNumber)
    {
        ::kill(static_cast<pid_t>(m_process.processId()), signalNumber);
        if (!m_process.waitForFinished(15000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -2;
    }

    QProcess &process() { return m_process; }
    QByteArray stdoutText() const { return m_stdout; }

private:
    QProcess m_process;
    QByteArray m_stdout;
};

} // namespace Orc::Testing
