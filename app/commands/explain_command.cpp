// `sightglass query explain`: a query as a tree of its sub-expressions, each with a plain-language description and,
// with --data-dir, what it gives evaluated on its own against the data dir's stores (opened read-only, so a
// running `serve` keeps its data dir). The output is documented in docs/queries.md; scripts read it.

#include "commands.h"
#include "store_reader.h"

#include "core/common/query_text.h"
#include "core/langsvc/explain.h"
#include "core/logql/query_language.h"
#include "core/services/query_client.h"

#include <QDateTime>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* ExplainUsage
    = "usage: sightglass query explain --lang promql|logql [--data-dir DIR] [--time T] [--json] QUERY|-\n";

struct ExplainArgs
{
    std::optional<logql::QueryLanguage> language;
    QString dataDir;
    TimestampMs at = 0;
    bool json = false;
    QString query;
    bool haveQuery = false;
};

/// `--time`: Unix seconds (fractions allowed) or RFC 3339.
std::optional<TimestampMs> parseTime(const QString& text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok)
        return TimestampMs(seconds * 1000);
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (t.isValid())
        return t.toMSecsSinceEpoch();
    return std::nullopt;
}

std::optional<QString> parseExplainArgs(const QStringList& args, ExplainArgs& r)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == u"--lang") {
            if (!hasValue || (args[i + 1] != u"promql" && args[i + 1] != u"logql"))
                return u"--lang takes promql or logql"_s;
            r.language = args[++i] == u"logql" ? logql::QueryLanguage::LogQL : logql::QueryLanguage::PromQL;
        } else if (a == u"--data-dir") {
            if (!hasValue)
                return u"--data-dir needs a directory"_s;
            r.dataDir = args[++i];
        } else if (a == u"--time") {
            const auto at = hasValue ? parseTime(args[i + 1]) : std::nullopt;
            if (!at)
                return u"--time takes Unix seconds or an RFC 3339 time"_s;
            r.at = *at;
            ++i;
        } else if (a == u"--json") {
            r.json = true;
        } else if ((a.startsWith(u"--") && a != u"-") || r.haveQuery) {
            return u"unexpected argument \""_s + a + u"\""_s;
        } else {
            r.query = a;
            r.haveQuery = true;
        }
    }
    if (!r.haveQuery)
        return u"explain needs a QUERY (or - to read it from standard input)"_s;
    return std::nullopt;
}

} // namespace

int runQueryExplain(const QStringList& args)
{
    ExplainArgs r;
    if (const auto error = parseExplainArgs(args, r)) {
        std::fprintf(stderr, "query explain: %s\n%s", qPrintable(*error), ExplainUsage);
        return 2;
    }
    const std::string query = r.query == u"-"
        ? std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>())
        : r.query.toStdString();
    const logql::QueryLanguage language = r.language.value_or(logql::guessQueryLanguage(query));
    auto tree = langsvc::explainQuery(language, query);
    if (!tree.ok()) {
        const Error& e = tree.error();
        if (e.code == ErrorCode::Parse)
            std::fprintf(stderr, "%s\n",
                describeDiagnostic(query, { Diagnostic::Severity::Error, e.message, e.where }).c_str());
        else
            std::fprintf(stderr, "query explain: %s\n", e.message.c_str());
        return 1;
    }
    if (!r.dataDir.isEmpty()) {
        auto reader = StoreReader::open(r.dataDir);
        if (!reader.ok()) {
            std::fprintf(stderr, "query explain: %s\n", reader.error().message.c_str());
            return 1;
        }
        langsvc::EvalOptions eval;
        eval.at = r.at;
        langsvc::evaluate(*tree, *(*reader)->client(), eval);
    }
    const std::string out = r.json ? langsvc::explainJson(*tree) : langsvc::explainText(*tree);
    std::fputs(out.c_str(), stdout);
    return 0;
}

} // namespace sg::app
