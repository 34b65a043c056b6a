#include "log_level.h"

#include "ui/theme.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Critical:
        return u"critical"_s;
    case LogLevel::Error:
        return u"error"_s;
    case LogLevel::Warn:
        return u"warn"_s;
    case LogLevel::Info:
        return u"info"_s;
    case LogLevel::Debug:
        return u"debug"_s;
    case LogLevel::Trace:
        return u"trace"_s;
    case LogLevel::Unknown:
        break;
    }
    return {};
}

QColor logLevelColor(LogLevel level)
{
    switch (level) {
    case LogLevel::Critical:
        return QColor(0x70, 0x5d, 0xa0);
    case LogLevel::Error:
        return theme::errorColor();
    case LogLevel::Warn:
        return theme::warnColor();
    case LogLevel::Info:
        return theme::infoColor();
    case LogLevel::Debug:
        return theme::debugColor();
    case LogLevel::Trace:
        return QColor(0x6e, 0xd0, 0xe0);
    case LogLevel::Unknown:
        break;
    }
    return theme::mutedText();
}

} // namespace sg::ui
