#include "runtime/apitoken.h"

#include "support/qtprinters.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Orc::Runtime;

TEST(ApiToken, FirstStartCreatesAnOwnerOnlyFileAndLaterStartsReuseIt)
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("nested/data"));
    const auto first = ApiToken::load(dataDir, {});
    ASSERT_TRUE(first.ok()) << first.error().message.toStdString();
    EXPECT_GE(first.value().value.size(), 40);
    EXPECT_TRUE(first.value().value.startsWith(QLatin1String("orc_")));

    QFile file(ApiToken::fileName(dataDir));
    EXPECT_EQ(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);

    const auto second = ApiToken::load(dataDir, {});
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second.value().value, first.value().value);
}

TEST(ApiToken, TwoDataDirectoriesGetDifferentTokens)
{
    QTemporaryDir a;
    QTemporaryDir b;
    EXPECT_NE(ApiToken::load(a.path(), {}).value().value, ApiToken::load(b.path(), {}).value().value);
}

TEST(ApiToken, EnvironmentOverridesAndCreatesNoFile)
{
    QTemporaryDir dir;
    const auto token = ApiToken::load(dir.path(), QStringLiteral("from-env"));
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(token.value().value, QStringLiteral("from-env"));
    EXPECT_FALSE(QFile::exists(ApiToken::fileName(dir.path())));
}

TEST(ApiToken, AFileReadableByOthersIsRestricted)
{
    QTemporaryDir dir;
    QFile file(ApiToken::fileName(dir.path()));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("tok_123\n");
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::ReadGroup);

    const auto token = ApiToken::load(dir.path(), {});
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(token.value().value, QStringLiteral("tok_123"));
    EXPECT_FALSE(file.permissions() & (QFile::ReadOther | QFile::ReadGroup));
}

TEST(ApiToken, AnEmptyFileIsAClearError)
{
    QTemporaryDir dir;
    QFile file(ApiToken::fileName(dir.path()));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    const auto token = ApiToken::load(dir.path(), {});
    ASSERT_FALSE(token.ok());
    EXPECT_TRUE(token.error().message.contains(QLatin1String("empty")));
}

TEST(ApiToken, AnUncreatableDataDirIsAClearError)
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto token = ApiToken::load(dir.filePath(QStringLiteral("file/sub")), {});
    ASSERT_FALSE(token.ok());
    EXPECT_TRUE(token.error().message.contains(QLatin1String("--data-dir")));
}
