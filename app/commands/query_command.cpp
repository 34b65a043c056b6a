// `sightglass query format|check`: the query language services from the command line, for one query read from a
// file or standard input. The output formats are documented in docs/queries.md; scripts read them, so keep them
// stable: `format` prints the formatted query, `check` one `LINE:COLUMN: parse error|warning: MESSAGE` line per
// diagnostic.

#include "commands.h"
#include "completion_source.h"

#include "core/logql/format.h"
#include "core/logql/query_language.h"
#include "core/promql/format.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* Usage = "usage: sightglass query format [--lang promql|logql] [FILE|-]\n"
                              "       sightglass query check [--lang promql|logql] [--data-dir DIR | --url URL] [FILE|-]\n"
                              "       sightglass query explain --lang promql|logql [--data-dir DIR] [--time T] [--json] QUERY|-\n"
                              "       sightglass query complete --lang promql|logql --cursor N [--data-dir DIR | --url URL] QUERY\n";

/// A parsed `query format|check` command line.
struct QueryRequest
{
    QString file; ///< empty or "-": standard input
    std::optional<logql::QueryLanguage> language;
    QString dataDir; ///< `check`: also what the data dir's stores do not hold
    QString url;     ///< `check`: ... or the Prometheus/Loki API's
};

std::optional<QueryRequest> parseArguments(const QStringList& args)
{
    QueryRequest r;
    bool haveFile = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--lang" && i + 1 < args.size() && (args[i + 1] == u"promql" || args[i + 1] == u"logql")) {
            r.language = args[++i] == u"logql" ? logql::QueryLanguage::LogQL : logql::QueryLanguage::PromQL;
        } else if ((args[i] == u"--data-dir" || args[i] == u"--url") && i + 1 < args.size()) {
            (args[i] == u"--url" ? r.url : r.dataDir) = args[i + 1];
            ++i;
        } else if ((args[i].startsWith(u"-") && args[i] != u"-") || haveFile) {
            return std::nullopt;
        } else {
            r.file = args[i];
            haveFile = true;
        }
    }
    return r;
}

/// The query text, or nullopt after printing why it cannot be read.
std::optional<std::string> readQuery(const char* verb, const QString& file)
{
    if (file.isEmpty() || file == u"-")
        return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "query %s: %s: %s\n", verb, qPrintable(file), qPrintable(f.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

int format(const std::string& query, logql::QueryLanguage language)
{
    const auto out = language == logql::QueryLanguage::LogQL ? logql::formatQuery(query) : promql::formatQuery(query);
    if (out.ok()) {
        std::printf("%s\n", out->c_str());
        return 0;
    }
    if (out.error().code == ErrorCode::Parse)
        std::fprintf(stderr, "%s\n",
            describeDiagnostic(query, { Diagnostic::Severity::Error, out.error().message, out.error().where }).c_str());
    else
        std::fprintf(stderr, "query format: %s\n", out.error().message.c_str());
    return 1;
}

int check(const std::string& query, logql::QueryLanguage language, const QueryRequest& request)
{
    auto source = openCompletionSource(request.dataDir, request.url);
    if (!source.ok()) {
        std::fprintf(stderr, "query check: %s\n", source.error().message.c_str());
        return source.error().code == ErrorCode::BadData ? 2 : 1;
    }
    const auto found = langsvc::checkWithData(language, query, (*source)->data.get());
    bool failed = false;
    for (const auto& d : found) {
        std::printf("%s\n", describeDiagnostic(query, d).c_str());
        failed = failed || d.severity == Diagnostic::Severity::Error;
    }
    return failed ? 1 : 0;
}

} // namespace

int runQuery(int& argc, char** argv, const QStringList& args)
{
    // `--url` asks an HTTP API on an event loop; the query client's pool wants an application too.
    QCoreApplication app(argc, argv);
    const QString verb = args.value(0);
    if (verb == u"--help" || verb == u"-h" || args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        std::fputs(Usage, stdout);
        std::fputs(findSubcommand(u"query"_s)->usage, stdout);
        std::fputs("\n", stdout);
        return 0;
    }
    if (verb == u"explain")
        return runQueryExplain(args.mid(1));
    if (verb == u"complete")
        return runQueryComplete(args.mid(1));
    if (verb == u"run")
        return runQueryRemote(args.mid(1));
    const auto request = parseArguments(args.mid(1));
    if ((verb != u"format" && verb != u"check") || !request) {
        std::fputs(Usage, stderr);
        return 2;
    }
    const std::optional<std::string> query = readQuery(verb == u"format" ? "format" : "check", request->file);
    if (!query)
        return 1;
    const logql::QueryLanguage language = request->language.value_or(logql::guessQueryLanguage(*query));
    if (verb == u"format" && (!request->dataDir.isEmpty() || !request->url.isEmpty())) {
        std::fputs(Usage, stderr);
        return 2;
    }
    return verb == u"format" ? format(*query, language) : check(*query, language, *request);
}

} // namespace sg::app
