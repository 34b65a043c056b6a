#pragma once

#include "core/common/result.h"
#include "core/langsvc/language_service.h"

#include <QList>
#include <QString>
#include <QTextEdit>

#include <vector>

class QTextDocument;

namespace sg::ui {

/// A diagnostic of the query editor: a character range of the text with its message.
struct Squiggle
{
    SourceRange chars;
    bool error = true; ///< an error (red) or a warning (yellow)
    QString message;
};

/// The language's diagnostics (promql::checkQuery / logql::checkQuery) of `text`, with character ranges; with
/// `data`, also what it does not hold (langsvc::checkWithData; blocks on the data: off the UI thread).
std::vector<Squiggle> diagnoseQuery(langsvc::Language language, const QString& text,
    langsvc::CompletionData* data = nullptr, const std::atomic_bool* cancel = nullptr);

/// The language's formatter (promql::formatQuery / logql::formatQuery) on `text`; error ranges are bytes of
/// `text`'s UTF-8 form, as Error::where always is.
Result<QString> formatQueryText(langsvc::Language language, const QString& text);

/// A wavy underline of `chars` in `document` with `message` as its tooltip; an empty range marks one character
/// (the one at the end of the text when the range is past it). A range outside a non-empty text is clamped.
QTextEdit::ExtraSelection waveSelection(QTextDocument* document, SourceRange chars, const QColor& colour,
    const QString& message);

} // namespace sg::ui
