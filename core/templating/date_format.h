#pragma once

#include "core/common/time.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

namespace sg::templating {

/// Formats `dateTime` (already in the zone wanted) with a moment.js format string, as Grafana's
/// `dateTime(...).format(fmt)` does: YYYY YY Q M MM MMM MMMM Mo D DD Do DDD DDDD d dd ddd dddd E e w ww W WW
/// H HH h hh k kk m mm s ss S SS SSS A a Z ZZ X x, and `[literal]` text. Month and day names are English,
/// as moment's default locale.
QString formatMoment(const QDateTime& dateTime, QStringView format);

/// moment's `toISOString()`: UTC with milliseconds, "2020-07-13T20:19:09.254Z".
QString formatIso(TimestampMs ms);

/// Grafana's default full date format, "YYYY-MM-DD HH:mm:ss".
inline constexpr QStringView DefaultDateTimeFormat = u"YYYY-MM-DD HH:mm:ss";

} // namespace sg::templating
