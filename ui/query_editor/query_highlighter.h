#pragma once

#include "core/langsvc/language_service.h"

#include <QSyntaxHighlighter>

#include <vector>

namespace sg::ui {

/// Colours PromQL or LogQL in a QTextDocument with the theme's syntax colours. The whole text is tokenised at
/// once by the language service's lexer (so a token that depends on what came before is classified right) and
/// each block picks the tokens that cross it.
class QueryHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit QueryHighlighter(QTextDocument* document);

    void setLanguage(langsvc::Language language);
    langsvc::Language language() const { return m_language; }

    /// The character format of a token class.
    static QTextCharFormat formatFor(langsvc::TokenClass cls);

protected:
    void highlightBlock(const QString& text) override;

private:
    struct Span
    {
        int begin; ///< characters in the document
        int end;
        langsvc::TokenClass cls;
    };
    void tokenize(const QString& text);

    langsvc::Language m_language = langsvc::Language::PromQL;
    QString m_text;
    bool m_tokenized = false;
    std::vector<Span> m_spans;
};

} // namespace sg::ui
