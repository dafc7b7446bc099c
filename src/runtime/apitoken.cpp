#include "runtime/apitoken.h"

#include "application/secrets.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

namespace Orc::Runtime {

namespace {

Q_LOGGING_CATEGORY(lcToken, "orc.runtime.token")

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

Domain::Error tokenError(const QString &message)
{
    return Domain::Error{Domain::ErrorCode::ValidationError, message, {{QStringLiteral("--data-dir"), message}}, {}};
}

} // namespace

QString ApiToken::fileName(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("api-token"));
}

Domain::Result<ApiToken> ApiToken::load(const QString &dataDir, const QString &fromEnvironment)
{
    if (!fromEnvironment.isEmpty())
        return ApiToken{fromEnvironment.trimmed(), QStringLiteral("ORC_API_TOKEN")};

    if (!QDir().mkpath(dataDir))
        return tokenError(QStringLiteral("--data-dir: cannot create the directory '%1'").arg(dataDir));
    const QString path = fileName(dataDir);
    QFile file(path);

    if (!file.exists()) {
        // Created owner-only from the first byte: the token is never readable by others.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly))
            return tokenError(QStringLiteral("--data-dir: cannot create '%1': %2").arg(path, file.errorString()));
        const QString token = Application::Secrets::generateToken(u"orc_");
        if (file.write(token.toLatin1() + '\n') < 0 || !file.flush()) {
            file.remove();
            return tokenError(QStringLiteral("--data-dir: cannot write '%1': %2").arg(path, file.errorString()));
        }
        qCInfo(lcToken).noquote() << "created a new API token in" << path;
        return ApiToken{token, path};
    }

    if ((file.permissions() & ~(OwnerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser)) != 0) {
        qCWarning(lcToken).noquote() << path << "was readable by others; restricting it to its owner";
        file.setPermissions(OwnerOnly);
    }
    if (!file.open(QIODevice::ReadOnly))
        return tokenError(QStringLiteral("--data-dir: cannot read '%1': %2").arg(path, file.errorString()));
    const QString token = QString::fromUtf8(file.readAll()).trimmed();
    if (token.isEmpty())
        return tokenError(
            QStringLiteral("--data-dir: the token file '%1' is empty; delete it to create a new one").arg(path));
    return ApiToken{token, path};
}

} // namespace Orc::Runtime
