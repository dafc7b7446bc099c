#include "application/secrets.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace Orc::Application::Secrets {

QString generateToken(QStringView prefix)
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), qsizetype(sizeof(words)));
    return prefix.toString()
           + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray hashToken(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Length is not secret (hashes have a fixed length), the contents are.
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool verifyToken(QStringView token, const QByteArray &storedHash)
{
    return !storedHash.isEmpty() && constantTimeEquals(hashToken(token), storedHash);
}

} // namespace Orc::Application::Secrets
