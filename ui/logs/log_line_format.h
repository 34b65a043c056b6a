#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QTextLayout>

#include <vector>

namespace sg::ui {

/// How the log list shows a line's text (Grafana's log options).
struct LineDisplay
{
    bool wrap = false;           ///< wrap long lines (rows get their own heights)
    bool prettifyJson = false;   ///< JSON lines indented over several rows
    bool escapeNewlines = false; ///< literal `\n` and `\t` in the text shown as a new line and a tab
    bool showLabels = true;      ///< the stream's labels before the line
    bool multiLine() const { return wrap || prettifyJson || escapeNewlines; }
};

/// The text of `line` as the list shows it: prettified when it is a JSON object and `prettifyJson` is set,
/// `\n`/`\t` sequences turned into real ones with `escapeNewlines`; on single-line rows (no wrap) line breaks are
/// shown as `⏎` and the text is cut at `MaxSingleLineChars`.
QString displayLine(const QString& line, const LineDisplay& display);
inline constexpr int MaxSingleLineChars = 4000;

/// The highlight regular expressions of a query's positive line filters (`|= "x"` literally, case-sensitive as
/// LogQL; `|~ "re"` as written, `(?i)` honoured). Patterns that do not compile are left out.
QList<QRegularExpression> highlightPatterns(const QString& query);

/// Highlight ranges of `patterns` in `text` with `format`.
QList<QTextLayout::FormatRange> highlightRanges(
    const QString& text, const QList<QRegularExpression>& patterns, const QTextCharFormat& format);

} // namespace sg::ui
