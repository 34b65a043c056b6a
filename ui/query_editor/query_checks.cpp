#include "query_checks.h"

#include "core/logql/diagnostics.h"
#include "core/logql/format.h"
#include "core/promql/diagnostics.h"
#include "core/promql/format.h"
#include "text_offsets.h"

#include <QTextDocument>

namespace sg::ui {

std::vector<Squiggle> diagnoseQuery(langsvc::Language language, const QString& text, langsvc::CompletionData* data,
    const std::atomic_bool* cancel)
{
    const Utf8Offsets offsets(text);
    const std::vector<Diagnostic> found = langsvc::checkWithData(language, offsets.utf8(), data, cancel);
    std::vector<Squiggle> out;
    out.reserve(found.size());
    for (const Diagnostic& d : found)
        out.push_back({ offsets.toChars(d.where), d.severity == Diagnostic::Severity::Error,
            QString::fromStdString(d.message) });
    return out;
}

Result<QString> formatQueryText(langsvc::Language language, const QString& text)
{
    const std::string utf8 = text.toStdString();
    Result<std::string> formatted
        = language == langsvc::Language::LogQL ? logql::formatQuery(utf8) : promql::formatQuery(utf8);
    if (!formatted)
        return formatted.error();
    return QString::fromStdString(formatted.value());
}

QTextEdit::ExtraSelection waveSelection(QTextDocument* document, SourceRange chars, const QColor& colour,
    const QString& message)
{
    const int length = document->characterCount() - 1; // without the final paragraph separator
    SourceRange r { std::clamp(chars.begin, 0, length), std::clamp(chars.end, 0, length) };
    if (r.end <= r.begin) // an empty range (unexpected end) still marks one character
        r = { std::max(0, std::min(r.begin, length - 1)), std::min(length, std::max(r.begin, 0) + 1) };
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(document);
    sel.cursor.setPosition(r.begin);
    sel.cursor.setPosition(r.end, QTextCursor::KeepAnchor);
    sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    sel.format.setUnderlineColor(colour);
    sel.format.setToolTip(message);
    return sel;
}

} // namespace sg::ui
