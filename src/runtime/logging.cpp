#include "runtime/logging.h"

#include <QString>
#include <QtGlobal>

namespace Orc::Runtime {

void installLogFormat()
{
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}%{if-info}info%{endif}"
                                      "%{if-warning}warning%{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif}"
                                      " %{category}: %{message}"));
}

void printLine(FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

} // namespace Orc::Runtime
