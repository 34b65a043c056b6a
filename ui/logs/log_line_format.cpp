#include "log_line_format.h"

#include "core/logql/filter_edit.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sg::ui {

QString displayLine(const QString& line, const LineDisplay& display)
{
    QString text = line;
    if (display.prettifyJson && text.trimmed().startsWith(u'{')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && doc.isObject())
            text = QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    }
    if (display.escapeNewlines)
        text.replace(u"\\r\\n"_s, u"\n"_s).replace(u"\\n"_s, u"\n"_s).replace(u"\\t"_s, u"\t"_s);
    if (!display.multiLine()) {
        if (text.size() > MaxSingleLineChars)
            text.truncate(MaxSingleLineChars);
        text.replace(u'\n', u'⏎');
    }
    return text;
}

QList<QRegularExpression> highlightPatterns(const QString& query)
{
    QList<QRegularExpression> out;
    for (const auto& term : logql::positiveLineFilters(query.toStdString())) {
        QString pattern = QString::fromStdString(term.text);
        QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
        if (!term.regex) {
            pattern = QRegularExpression::escape(pattern);
        } else if (pattern.startsWith(u"(?i)"_s)) {
            pattern = pattern.mid(4);
            options |= QRegularExpression::CaseInsensitiveOption;
        }
        QRegularExpression re(pattern, options);
        if (re.isValid())
            out.append(re);
    }
    return out;
}

QList<QTextLayout::FormatRange> highlightRanges(
    const QString& text, const QList<QRegularExpression>& patterns, const QTextCharFormat& format)
{
    QList<QTextLayout::FormatRange> ranges;
    for (const QRegularExpression& re : patterns) {
        auto it = re.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            if (m.capturedLength() > 0)
                ranges.append({ int(m.capturedStart()), int(m.capturedLength()), format });
        }
    }
    return ranges;
}

} // namespace sg::ui
