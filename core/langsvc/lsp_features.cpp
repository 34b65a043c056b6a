// The language features of the LSP server as JSON: diagnostics, formatting, completion and hover, from the
// language services, with byte offsets turned into UTF-16 positions.

#include "lsp_server.h"

#include "core/logql/diagnostics.h"
#include "core/logql/format.h"
#include "core/promql/diagnostics.h"
#include "core/promql/format.h"

#include <QString>

#include <utility>

namespace sg::langsvc {

using namespace Qt::StringLiterals;

namespace {

QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

/// LSP's CompletionItemKind values.
namespace ItemKind {
constexpr int Text = 1;
constexpr int Function = 3;
constexpr int Field = 5;
constexpr int Variable = 6;
constexpr int Unit = 11;
constexpr int Value = 12;
constexpr int Keyword = 14;
constexpr int Constant = 21;
constexpr int Operator = 24;
}

} // namespace

QJsonObject lspPositionJson(LspPosition pos)
{
    return { { u"line"_s, pos.line }, { u"character"_s, pos.character } };
}

QJsonObject lspRangeJson(std::string_view text, int beginByte, int endByte)
{
    return { { u"start"_s, lspPositionJson(byteToLsp(text, beginByte)) },
        { u"end"_s, lspPositionJson(byteToLsp(text, endByte)) } };
}

LspPosition lspPositionFrom(const QJsonValue& json)
{
    const QJsonObject o = json.toObject();
    return { o.value(u"line"_s).toInt(), o.value(u"character"_s).toInt() };
}

int completionItemKind(std::string_view kind)
{
    static const std::pair<std::string_view, int> kinds[] = {
        { "metric", ItemKind::Constant },
        { "function", ItemKind::Function },
        { "aggregation", ItemKind::Function },
        { "keyword", ItemKind::Keyword },
        { "stage", ItemKind::Keyword },
        { "label", ItemKind::Field },
        { "field", ItemKind::Field },
        { "value", ItemKind::Value },
        { "duration", ItemKind::Unit },
        { "variable", ItemKind::Variable },
        { "operator", ItemKind::Operator },
    };
    for (const auto& [name, value] : kinds)
        if (name == kind)
            return value;
    return ItemKind::Text;
}

QJsonObject completionToLsp(const CompletionResult& result, std::string_view text, int limit)
{
    const QJsonObject range
        = lspRangeJson(text, result.situation.replaceStart, std::max(result.situation.replaceStart, result.situation.replaceEnd));
    QJsonArray items;
    int rank = 0;
    for (const CompletionItem& item : result.items) {
        QJsonObject json { { u"label"_s, fromUtf8(item.label) }, { u"kind"_s, completionItemKind(item.kind) },
            { u"textEdit"_s, QJsonObject { { u"range"_s, range }, { u"newText"_s, fromUtf8(item.insert) } } },
            // The service ranks the items; keep its order.
            { u"sortText"_s, u"%1"_s.arg(rank++, 5, 10, QLatin1Char('0')) } };
        if (!item.detail.empty())
            json.insert(u"detail"_s, fromUtf8(item.detail));
        if (!item.documentation.empty())
            json.insert(u"documentation"_s,
                QJsonObject { { u"kind"_s, u"plaintext"_s }, { u"value"_s, fromUtf8(item.documentation) } });
        items.append(json);
    }
    // A full list may leave names out that a longer prefix would bring: ask again while typing.
    return { { u"isIncomplete"_s, int(result.items.size()) >= limit }, { u"items"_s, items } };
}

QJsonValue hoverToLsp(const std::optional<Hover>& hover, std::string_view text)
{
    if (!hover)
        return QJsonValue::Null;
    return QJsonObject {
        { u"contents"_s, QJsonObject { { u"kind"_s, u"markdown"_s }, { u"value"_s, fromUtf8(hover->markdown) } } },
        { u"range"_s, lspRangeJson(text, hover->where.begin, hover->where.end) },
    };
}

QJsonArray diagnosticsToLsp(Language language, std::string_view text)
{
    const auto found = language == Language::LogQL ? logql::checkQuery(text) : promql::checkQuery(text);
    QJsonArray out;
    for (const Diagnostic& d : found)
        out.append(QJsonObject {
            { u"range"_s, lspRangeJson(text, d.where.begin, d.where.end) },
            { u"severity"_s, d.severity == Diagnostic::Severity::Error ? 1 : 2 },
            { u"source"_s, u"sightglass"_s },
            { u"message"_s, fromUtf8(d.message) },
        });
    return out;
}

QJsonArray formattingEdits(Language language, std::string_view text)
{
    auto formatted = language == Language::LogQL ? logql::formatQuery(text) : promql::formatQuery(text);
    if (!formatted.ok())
        return {};
    std::string newText = std::move(*formatted);
    // Keep the document's final line break: the formatter returns the query without one.
    if (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        newText += '\n';
    if (newText == text)
        return {};
    return { QJsonObject { { u"range"_s, lspRangeJson(text, 0, int(text.size())) },
        { u"newText"_s, fromUtf8(newText) } } };
}

} // namespace sg::langsvc
