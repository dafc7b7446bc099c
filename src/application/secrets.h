#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace Orc::Application::Secrets {

// A random token: the prefix, then 32 bytes from the system's secure generator in base64url.
QString generateToken(QStringView prefix);
// Tokens are stored only as this hash (SHA-256; tokens are random, so no slow hash is needed).
QByteArray hashToken(QStringView token);
// Compares without leaking where the first difference is.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
bool verifyToken(QStringView token, const QByteArray &storedHash);

} // namespace Orc::Application::Secrets
