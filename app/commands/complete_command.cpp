// `sightglass query complete`: the completion of the query editors from the command line, as JSON, for scripts and
// editors without LSP. The output format is documented in docs/queries.md; keep it stable.

#include "commands.h"
#include "completion_source.h"

#include "core/common/utf8.h"
#include "core/langsvc/language_service.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* CompleteUsage = "usage: sightglass query complete --lang promql|logql --cursor N "
                                      "[--data-dir DIR | --url URL] [--var NAME]... [--json-situation] QUERY\n";

/// The byte offset of code point `chars` of `text` (its end when past it).
int byteOffsetOfChar(std::string_view text, int chars)
{
    std::size_t at = 0;
    for (int i = 0; i < chars && at < text.size(); ++i)
        at += std::max<std::size_t>(1, utf8SequenceLength(text, at));
    return int(std::min(at, text.size()));
}

} // namespace

int runQueryComplete(const QStringList& args)
{
    std::optional<langsvc::Language> language;
    std::optional<int> cursor;
    QString dataDir;
    QString url;
    QString query;
    bool haveQuery = false;
    bool withSituation = false;
    langsvc::CompletionRequest request;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == u"--lang" && hasValue && (args[i + 1] == u"promql" || args[i + 1] == u"logql")) {
            language = args[++i] == u"logql" ? langsvc::Language::LogQL : langsvc::Language::PromQL;
        } else if (a == u"--cursor" && hasValue) {
            bool ok = false;
            cursor = args[++i].toInt(&ok);
            if (!ok || *cursor < 0) {
                std::fputs(CompleteUsage, stderr);
                return 2;
            }
        } else if (a == u"--data-dir" && hasValue) {
            dataDir = args[++i];
        } else if (a == u"--url" && hasValue) {
            url = args[++i];
        } else if (a == u"--var" && hasValue) {
            request.variables.push_back(args[++i].toStdString());
        } else if (a == u"--json-situation") {
            withSituation = true;
        } else if (a.startsWith(u"--") || haveQuery) {
            std::fputs(CompleteUsage, stderr);
            return 2;
        } else {
            query = a;
            haveQuery = true;
        }
    }
    if (!language || !cursor || !haveQuery || (!dataDir.isEmpty() && !url.isEmpty())) {
        std::fputs(CompleteUsage, stderr);
        return 2;
    }
    request.language = *language;
    request.text = query.toStdString();
    request.cursor = byteOffsetOfChar(request.text, *cursor);

    auto source = openCompletionSource(dataDir, url);
    if (!source.ok()) {
        std::fprintf(stderr, "query complete: %s\n", source.error().message.c_str());
        return source.error().code == ErrorCode::BadData ? 2 : 1;
    }
    const langsvc::CompletionResult result = langsvc::complete(request, (*source)->data.get());
    QJsonArray items;
    for (const langsvc::CompletionItem& item : result.items) {
        QJsonObject o { { u"label"_s, QString::fromStdString(item.label) }, { u"kind"_s, QString::fromStdString(item.kind) },
            { u"detail"_s, QString::fromStdString(item.detail) }, { u"insert"_s, QString::fromStdString(item.insert) } };
        if (!item.documentation.empty())
            o.insert(u"documentation"_s, QString::fromStdString(item.documentation));
        items.append(o);
    }
    QJsonDocument out(items);
    if (withSituation) {
        const auto& s = result.situation;
        const auto chars = [&](int bytes) {
            return QString::fromUtf8(request.text.data(), qsizetype(std::min<std::size_t>(std::size_t(bytes), request.text.size())))
                .toUcs4()
                .size();
        };
        out = QJsonDocument(QJsonObject { { u"situation"_s, QString::fromLatin1(langsvc::situationName(s.kind)) },
            { u"prefix"_s, QString::fromStdString(s.prefix) },
            { u"replace"_s, QJsonArray { int(chars(s.replaceStart)), int(chars(s.replaceEnd)) } },
            { u"items"_s, items } });
    }
    std::fputs(out.toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}

} // namespace sg::app
