#pragma once

// A hermetic OpenCode setup for tests: the fake OpenAI-compatible model on loopback
// (tests/support/opencode/fake_llm.py), a throw-away home that makes `opencode serve` try nothing
// online, the environment the server needs, and a wrapper script that runs the real opencode
// binary (scripts/install-deps installs it) with that environment, under strace when a trace file
// is asked for (every connect() it makes is written down).

#include "support/gate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>

namespace Orc::Testing {

class OpenCodeEnvironment
{
public:
    static QString python()
    {
        if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
            return QStringLiteral("/usr/bin/python3");
        return QStandardPaths::findExecutable(QStringLiteral("python3"));
    }
    static QString binary()
    {
        const QString configured = qEnvironmentVariable("ORC_TEST_OPENCODE");
        return configured.isEmpty() ? QStringLiteral(ORC_OPENCODE_BINARY) : configured;
    }
    // Empty when everything is there; otherwise what is missing.
    static QString missing()
    {
        if (python().isEmpty())
            return QStringLiteral("python3 is not installed");
        if (!QFileInfo(binary()).isExecutable())
            return QStringLiteral("opencode (%1) is not installed: run scripts/install-deps").arg(binary());
        return {};
    }

    // strace can trace here (a container may forbid ptrace).
    static bool straceWorks()
    {
        const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
        return !strace.isEmpty()
               && QProcess::execute(strace,
                                    {QStringLiteral("-f"), QStringLiteral("--seccomp-bpf"), QStringLiteral("-qq"),
                                     QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-e"),
                                     QStringLiteral("trace=connect"), QStringLiteral("true")})
                      == 0;
    }

    explicit OpenCodeEnvironment(QString root) : m_root(std::move(root)) {}
    ~OpenCodeEnvironment() { stopModel(); }

    // The model, the home and the wrapper (under strace into `trace` when it is not empty; with the
    // environment exported when `exportEnv`, else the agent's `env` config must carry it).
    bool start(const QString &trace = {}, bool exportEnv = true)
    {
        if (!startModel())
            return false;
        const QString home = QDir(m_root).filePath(QStringLiteral("home"));
        if (QProcess::execute(QStringLiteral("bash"), {QStringLiteral(ORC_SEED_HOME), home}) != 0)
            return false;
        QFile file(QStringLiteral(ORC_OPENCODE_CONFIG));
        if (!file.open(QIODevice::ReadOnly))
            return false;
        const QString config
            = QString::fromUtf8(file.readAll()).replace(QStringLiteral("{{LLM_PORT}}"), QString::number(modelPort));
        m_env = QJsonObject{{QStringLiteral("HOME"), home},
                            {QStringLiteral("XDG_CONFIG_HOME"), QString(home + QStringLiteral("/.config"))},
                            {QStringLiteral("XDG_DATA_HOME"), QString(home + QStringLiteral("/.local/share"))},
                            {QStringLiteral("XDG_CACHE_HOME"), QString(home + QStringLiteral("/.cache"))},
                            {QStringLiteral("XDG_STATE_HOME"), QString(home + QStringLiteral("/.local/state"))},
                            {QStringLiteral("OPENCODE_CONFIG_CONTENT"), config}};
        for (const char *flag :
             {"OPENCODE_DISABLE_AUTOUPDATE", "OPENCODE_DISABLE_MODELS_FETCH", "OPENCODE_DISABLE_LSP_DOWNLOAD",
              "OPENCODE_DISABLE_DEFAULT_PLUGINS", "OPENCODE_PURE", "OPENCODE_DISABLE_SHARE",
              "OPENCODE_DISABLE_CLAUDE_CODE", "OPENCODE_DISABLE_EXTERNAL_SKILLS"})
            m_env.insert(QLatin1String(flag), QStringLiteral("1"));

        // The wrapper carries the environment too, for agents registered without `env` (the GUI).
        QString script = QStringLiteral("#!/bin/sh\n");
        for (auto it = m_env.begin(); exportEnv && it != m_env.end(); ++it)
            script += QStringLiteral("export %1='%2'\n").arg(it.key(), it.value().toString());
        const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
        if (!trace.isEmpty() && straceWorks())
            // --seccomp-bpf: only connect() stops the server, so tracing does not slow it down.
            script += QStringLiteral("exec %1 -f --seccomp-bpf -qq -A -o \"%2\" -e trace=connect -- \"%3\" \"$@\"\n")
                          .arg(strace, trace, binary());
        else
            script += QStringLiteral("exec \"%1\" \"$@\"\n").arg(binary());
        QFile wrapper(QDir(m_root).filePath(QStringLiteral("opencode-wrapper")));
        if (!wrapper.open(QIODevice::WriteOnly))
            return false;
        wrapper.write(script.toUtf8());
        wrapper.close();
        wrapper.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_wrapper = wrapper.fileName();
        return true;
    }

    // The fake model, on a free port the first time and on the same port after a stop.
    bool startModel()
    {
        m_model.setProgram(python());
        m_model.setArguments({QStringLiteral(ORC_FAKE_LLM), QStringLiteral("--port"), QString::number(modelPort),
                              QStringLiteral("--log"), modelLog()});
        m_model.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // It goes with the test, whatever happens to the test (it holds the test's stderr open).
        m_model.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_model.start();
        QByteArray output;
        static const QRegularExpression listening(QStringLiteral("FAKE_LLM_LISTENING (\\d+)"));
        const bool up = waitUntil(
            [&] {
                output += m_model.readAllStandardOutput();
                return listening.match(QString::fromUtf8(output)).hasMatch() || m_model.state() == QProcess::NotRunning;
            },
            10000);
        modelPort = listening.match(QString::fromUtf8(output)).captured(1).toInt();
        return up && modelPort > 0;
    }
    void stopModel()
    {
        if (m_model.state() != QProcess::NotRunning) {
            m_model.kill();
            m_model.waitForFinished(5000);
        }
    }

    QString wrapper() const { return m_wrapper; }
    QJsonObject env() const { return m_env; }
    // Every request the model had, one JSON line each.
    QString modelLog() const { return QDir(m_root).filePath(QStringLiteral("llm.jsonl")); }
    int modelPort = 0;

private:
    QString m_root;
    QProcess m_model;
    QJsonObject m_env;
    QString m_wrapper;
};

} // namespace Orc::Testing
