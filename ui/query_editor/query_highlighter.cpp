#include "query_highlighter.h"

#include "text_offsets.h"
#include "ui/theme.h"

#include <QTextDocument>

#include <algorithm>

namespace sg::ui {

using langsvc::TokenClass;

QueryHighlighter::QueryHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{
}

void QueryHighlighter::setLanguage(langsvc::Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    m_text.clear();
    m_tokenized = false;
    rehighlight();
}

QTextCharFormat QueryHighlighter::formatFor(TokenClass cls)
{
    QTextCharFormat f;
    const auto colour = [&f](theme::Syntax role) { f.setForeground(theme::syntaxColor(role)); };
    switch (cls) {
    case TokenClass::Plain: break;
    case TokenClass::Keyword: colour(theme::Syntax::Keyword); break;
    case TokenClass::Function: colour(theme::Syntax::Function); break;
    case TokenClass::Aggregation:
        colour(theme::Syntax::Function);
        f.setFontWeight(QFont::Bold);
        break;
    case TokenClass::Metric: colour(theme::Syntax::Metric); break;
    case TokenClass::LabelName: colour(theme::Syntax::LabelName); break;
    case TokenClass::String: colour(theme::Syntax::String); break;
    case TokenClass::Number:
    case TokenClass::Duration: colour(theme::Syntax::Number); break;
    case TokenClass::Operator: colour(theme::Syntax::Operator); break;
    case TokenClass::Punctuation: colour(theme::Syntax::Punctuation); break;
    case TokenClass::Comment:
        colour(theme::Syntax::Comment);
        f.setFontItalic(true);
        break;
    case TokenClass::Variable: colour(theme::Syntax::Variable); break;
    case TokenClass::Error: colour(theme::Syntax::Error); break;
    }
    return f;
}

void QueryHighlighter::tokenize(const QString& text)
{
    m_text = text;
    m_tokenized = true;
    m_spans.clear();
    const Utf8Offsets offsets(text);
    for (const langsvc::HighlightToken& t : langsvc::highlight(m_language, offsets.utf8())) {
        if (t.cls == TokenClass::Plain || t.length <= 0)
            continue;
        const SourceRange r = offsets.toChars({ t.start, t.start + t.length });
        m_spans.push_back({ r.begin, r.end, t.cls });
    }
}

void QueryHighlighter::highlightBlock(const QString& text)
{
    // The document's text, not its revision, says whether the tokens are current: setPlainText and edits
    // outside the undo stack do not count as revisions.
    if (const QString whole = document()->toPlainText(); !m_tokenized || whole != m_text)
        tokenize(whole);
    const int blockBegin = currentBlock().position();
    const int blockEnd = blockBegin + int(text.size());
    // Spans are in order: skip to the first that ends inside or after this block.
    auto it = std::lower_bound(m_spans.begin(), m_spans.end(), blockBegin,
        [](const Span& s, int pos) { return s.end <= pos; });
    for (; it != m_spans.end() && it->begin < blockEnd; ++it) {
        const int from = std::max(it->begin, blockBegin);
        const int to = std::min(it->end, blockEnd);
        if (to > from)
            setFormat(from - blockBegin, to - from, formatFor(it->cls));
    }
}

} // namespace sg::ui
