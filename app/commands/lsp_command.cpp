// `sightglass lsp`: the Language Server Protocol over standard input and output, for editors (docs/lsp.md).
// Standard output carries only protocol messages: the command keeps a copy of it for the server and points file
// descriptor 1 at standard error, so that nothing else printed (logs, a library's message) can break a frame.

#include "commands.h"

#include "core/langsvc/lsp_stdio.h"
#include "completion_source.h"

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
    auto source = openCompletionSource(dataDir, url);
    if (!source.ok()) {
        if (source.error().code == ErrorCode::BadData)
            return usage(QString::fromStdString(source.error().message));
        std::fprintf(stderr, "sightglass lsp: %s\n", source.error().message.c_str());
        return 1;
    }
    if (!dataDir.isEmpty() || !url.isEmpty())
        std::fprintf(stderr, "sightglass lsp: labels and values from %s\n", qPrintable(dataDir.isEmpty() ? url : dataDir));
    const int rc = langsvc::runLspStdio((*source)->data.get(), STDIN_FILENO, protocolOut);
    ::close(protocolOut);
    return rc;
}

} // namespace sg::app
