#include "domain/identifiers.h"

namespace Orc::Domain {

std::optional<QUuid> parseId(QStringView text)
{
    if (text.size() != 36)
        return std::nullopt;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const bool dash = (i == 8 || i == 13 || i == 18 || i == 23);
        if (dash ? c != u'-' : !(c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return std::nullopt;
    }
    const QUuid id = QUuid::fromString(text);
    if (id.isNull())
        return std::nullopt;
    return id;
}

namespace {

constexpr qint64 MsPerDay = 86'400'000;
constexpr int IsoLength = 24; // 2026-11-25T09:00:00.000Z

// Days since 1970-01-01 to and from the proleptic Gregorian calendar (H. Hinnant's algorithms),
// which is what QDateTime uses too.
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void civilFromDays(qint64 z, qint64 &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = qint64(yoe) + era * 400 + (m <= 2);
}

void put(char *out, unsigned value, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

// The digits at text[from, from + count), or -1.
int digitsAt(QStringView text, int from, int count)
{
    int value = 0;
    for (int i = from; i < from + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

// Timestamps are written and read for every stored record and every API answer, so the common form
// is done by hand; Qt does the rest (and is the reference in the tests).
QString isoTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 days = (ms >= 0 ? ms : ms - (MsPerDay - 1)) / MsPerDay;
    const auto msOfDay = unsigned(ms - days * MsPerDay);
    qint64 year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, year, month, day);
    if (year < 1 || year > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);
    char text[IsoLength] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0',
                            '0', ':', '0', '0', ':', '0', '0', '.', '0', '0', '0', 'Z'};
    put(text, unsigned(year), 4);
    put(text + 5, month, 2);
    put(text + 8, day, 2);
    put(text + 11, msOfDay / 3'600'000, 2);
    put(text + 14, msOfDay / 60'000 % 60, 2);
    put(text + 17, msOfDay / 1000 % 60, 2);
    put(text + 20, msOfDay % 1000, 3);
    return QString::fromLatin1(text, IsoLength);
}

std::optional<QDateTime> parseIsoTime(QStringView text)
{
    if (text.size() == IsoLength && text[4] == u'-' && text[7] == u'-' && text[10] == u'T' && text[13] == u':'
        && text[16] == u':' && text[19] == u'.' && text[23] == u'Z') {
        const int year = digitsAt(text, 0, 4);
        const int month = digitsAt(text, 5, 2);
        const int day = digitsAt(text, 8, 2);
        const int hour = digitsAt(text, 11, 2);
        const int minute = digitsAt(text, 14, 2);
        const int second = digitsAt(text, 17, 2);
        const int ms = digitsAt(text, 20, 3);
        if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
            && second >= 0 && second <= 59 && ms >= 0 && day <= QDate(year, month, 1).daysInMonth()) {
            const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
            return QDateTime::fromMSecsSinceEpoch(days * MsPerDay + ((hour * 60 + minute) * 60 + second) * 1000LL + ms,
                                                  Qt::UTC);
        }
        // Out of range: Qt decides (and rejects it).
    }
    QDateTime time = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}

} // namespace Orc::Domain
