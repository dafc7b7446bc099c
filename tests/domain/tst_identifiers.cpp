// Ids and timestamps as written in records and API answers.

#include "domain/identifiers.h"

#include <QRandomGenerator>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

QString qtIso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

TEST(Identifiers, IdsAreCanonicalUuidsOnly)
{
    const QUuid id = newId();
    EXPECT_EQ(parseId(idString(id)), id);
    EXPECT_EQ(parseId(idString(id).toUpper()), id);
    EXPECT_FALSE(parseId(id.toString())); // braces
    EXPECT_FALSE(parseId(u"8a56165f-e988-421a-89e6-8ffa106b660g"_s));
    EXPECT_FALSE(parseId(u"8a56165fe988-421a-89e6-8ffa106b6600-"_s));
    EXPECT_FALSE(parseId(u""_s));
}

// The hand-made writer and reader agree with Qt's ISODateWithMs on every time they take.
TEST(Identifiers, TimesAreWrittenAndReadAsQtDoes)
{
    QList<QDateTime> times = {
        QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC),
        QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59, 999), Qt::UTC),
        QDateTime(QDate(1900, 3, 1), QTime(0, 0), Qt::UTC),
        QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC),
        QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
        QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::OffsetFromUTC, 5 * 3600 + 1800),
        QDateTime(QDate(2026, 3, 29), QTime(2, 30), Qt::LocalTime),
    };
    auto *random = QRandomGenerator::global();
    constexpr qint64 Span = 400LL * 365 * 86'400'000; // 1770 ... 2170
    for (int i = 0; i < 20'000; ++i)
        times.append(QDateTime::fromMSecsSinceEpoch(random->bounded(2 * Span) - Span, Qt::UTC));
    for (const QDateTime &time : std::as_const(times)) {
        const QString text = isoTime(time);
        ASSERT_EQ(text, qtIso(time)) << time.toMSecsSinceEpoch();
        const auto back = parseIsoTime(text);
        ASSERT_TRUE(back) << text.toStdString();
        EXPECT_EQ(back->toMSecsSinceEpoch(), time.toMSecsSinceEpoch()) << text.toStdString();
        EXPECT_EQ(back->timeSpec(), Qt::UTC);
    }
    EXPECT_EQ(isoTime(QDateTime()), QString());
}

TEST(Identifiers, OtherIsoFormsAreReadAndNonsenseIsNot)
{
    const QDateTime nine(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC);
    EXPECT_EQ(parseIsoTime(u"2026-11-25T09:00:00Z"_s), nine);
    EXPECT_EQ(parseIsoTime(u"2026-11-25T10:00:00.000+01:00"_s), nine);
    for (const QString &bad :
         {u""_s, u"yesterday"_s, u"2026-13-25T09:00:00.000Z"_s, u"2026-02-30T09:00:00.000Z"_s,
          u"2026-11-25T25:00:00.000Z"_s, u"2026-11-25T09:61:00.000Z"_s, u"2026-11-25T09:00:00.0a0Z"_s}) {
        EXPECT_FALSE(parseIsoTime(bad)) << bad.toStdString();
    }
}
