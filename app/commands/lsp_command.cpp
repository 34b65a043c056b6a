// `sightglass lsp`: the Language Server Protocol over standard input and output, for editors (docs/lsp.md).
// Standard output carries only protocol messages: the command keeps a copy of it for the server and points file
// descriptor 1 at standard error, so that nothing else printed (logs, a library's message) can break a frame.

#include "commands.h"

#include "core/langsvc/http_completion_data.h"
#include "core/langsvc/lsp_stdio.h"
#include "core/langsvc/query_client_data.h"
#include "store_reader.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* Usage = "usage: sightglass lsp [--data-dir DIR | --url URL]\n";

int usage(const QString& message)
{
    std::fprintf(stderr, "sightglass lsp: %s\n%s", qPrintable(message), Usage);
    return 2;
}

} // namespace

int runLsp(int& argc, char** argv, const QStringList& args)
{
    QString url;
    QString dataDir;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--help"_s || a == u"-h"_s) {
            std::fputs(findSubcommand(u"lsp"_s)->usage, stdout);
            std::fputs("\n", stdout);
            return 0;
        }
        if (a == u"--stdio"_s) // what VS Code's language client adds for the stdio transport
            continue;
        if ((a == u"--url"_s || a == u"--data-dir"_s) && i + 1 < args.size())
            (a == u"--url"_s ? url : dataDir) = args[++i];
        else
            return usage(u"unknown argument "_s + a);
    }
    if (!url.isEmpty() && !dataDir.isEmpty())
        return usage(u"--url and --data-dir exclude each other"_s);

    const int protocolOut = ::dup(STDOUT_FILENO);
    if (protocolOut < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
        return usage(u"cannot set up standard output"_s);

    // A client that went away ends the session at the end of input, not by a signal on the next write.
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    std::unique_ptr<StoreReader> stores;
    std::unique_ptr<langsvc::CompletionData> data;
    if (!dataDir.isEmpty()) {
        // Read without a lock, beside a Sightglass that may be running on the same dir. A data dir is often looked
        // at after the fact, so names come from all of its time range.
        auto opened = StoreReader::open(dataDir);
        if (!opened.ok()) {
            std::fprintf(stderr, "sightglass lsp: %s\n", opened.error().message.c_str());
            return 1;
        }
        stores = std::move(*opened);
        data = std::make_unique<langsvc::QueryClientCompletionData>(stores->client(), MinTimeMs, MaxTimeMs);
        std::fprintf(stderr, "sightglass lsp: labels and values from %s\n", qPrintable(dataDir));
    } else if (!url.isEmpty()) {
        const QUrl base(url);
        if (!base.isValid() || base.scheme().isEmpty())
            return usage(u"not a URL: "_s + url);
        data = std::make_unique<langsvc::HttpCompletionData>(base);
        std::fprintf(stderr, "sightglass lsp: labels and values from %s\n", qPrintable(base.toString()));
    }
    const int rc = langsvc::runLspStdio(data.get(), STDIN_FILENO, protocolOut);
    ::close(protocolOut);
    data.reset(); // before the stores whose client it uses
    return rc;
}

} // namespace sg::app
