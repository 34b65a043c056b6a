#include "click_through.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {

struct SelectorParts
{
    qsizetype open = -1;  ///< index of '{'
    qsizetype close = -1; ///< index of the matching '}'
    QStringList names;
};

bool isNameChar(QChar c) { return c.isLetterOrNumber() || c == u'_'; }

/// Scans the first `{...}`, skipping quoted values ("...", '...' and `...`) so braces inside them do not count.
SelectorParts scanSelector(const QString& s)
{
    SelectorParts parts;
    parts.open = s.indexOf(u'{');
    if (parts.open < 0)
        return parts;
    qsizetype i = parts.open + 1;
    bool expectName = true;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == u'}') {
            parts.close = i;
            return parts;
        }
        if (c == u'"' || c == u'\'' || c == u'`') {
            const QChar quote = c;
            ++i;
            while (i < s.size() && s[i] != quote) {
                if (s[i] == u'\\' && quote != u'`')
                    ++i;
                ++i;
            }
            ++i;
            continue;
        }
        if (c == u',') {
            expectName = true;
            ++i;
            continue;
        }
        if (expectName && isNameChar(c)) {
            const qsizetype start = i;
            while (i < s.size() && isNameChar(s[i]))
                ++i;
            parts.names.append(s.mid(start, i - start));
            expectName = false;
            continue;
        }
        ++i;
    }
    return parts; // unterminated: close stays -1
}

} // namespace

QStringList selectorLabelNames(const QString& selector) { return scanSelector(selector).names; }

QString logsSelectorFor(const QString& baseSelector, const Labels& seriesLabels, const QStringList& logLabelNames)
{
    const SelectorParts parts = scanSelector(baseSelector);
    QStringList additions;
    for (const auto& label : seriesLabels) {
        const QString name = QString::fromStdString(label.name);
        if (name.startsWith(u"__"_s) || !logLabelNames.contains(name) || parts.names.contains(name))
            continue;
        additions.append(u"%1=\"%2\""_s.arg(name, QString::fromStdString(escapeLabelValue(label.value))));
    }
    const QString base = baseSelector.trimmed();
    if (base.isEmpty())
        return additions.isEmpty() ? QString() : u"{"_s + additions.join(u", "_s) + u"}"_s;
    if (parts.open < 0 || parts.close < 0 || additions.isEmpty())
        return baseSelector;

    const QString inside = baseSelector.mid(parts.open + 1, parts.close - parts.open - 1);
    const QString separator = inside.trimmed().isEmpty() ? QString() : u", "_s;
    QString head = baseSelector.left(parts.close);
    while (head.endsWith(u' '))
        head.chop(1);
    return head + separator + additions.join(u", "_s) + baseSelector.mid(parts.close);
}

TimeRange logsWindowFor(qint64 clickMs, DurationMs step)
{
    const DurationMs before = std::max<DurationMs>(2 * 60'000, step);
    const DurationMs after = std::max<DurationMs>(step, 0);
    return { clickMs - before, clickMs + after };
}

} // namespace sg::ui
