#pragma once

#include <QString>

#include <cstdio>

namespace Orc::Runtime {

// One log line format for every binary: ISO time, level, category, message (to standard error).
// QT_MESSAGE_PATTERN still overrides it.
void installLogFormat();

// Writes one line to stdout or stderr and flushes it (users and tests read it as it comes).
void printLine(FILE *stream, const QString &text);

} // namespace Orc::Runtime
