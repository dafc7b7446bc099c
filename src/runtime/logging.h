#pragma once

namespace Orc::Runtime {

// One log line format for every binary: ISO time, level, category, message (to standard error).
// QT_MESSAGE_PATTERN still overrides it.
void installLogFormat();

} // namespace Orc::Runtime
