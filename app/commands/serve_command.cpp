// `sightglass serve`: the workbench headless, with the Prometheus and Loki HTTP APIs on.
#include "commands.h"

#include "core/datadir/settings.h"
#include "core/remotewrite/queue_manager.h"
#include "core/services/workbench.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {
int g_signalFds[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] auto n = ::write(g_signalFds[0], &byte, 1);
}

int usage(const QString& message)
{
    std::fprintf(stderr, "sightglass serve: %s\nusage: sightglass serve --listen HOST:PORT [--config FILE] "
                         "[--data-dir DIR] [--promtail-config FILE] [--datasources FILE] [--demo|--no-demo]\n"
                         "       [--web.config.file FILE] [--loki.tenant ID] [--loki.push-token TOKEN]\n"
                         "       [--web.enable-remote-write-receiver]\n       %s\n",
        qPrintable(message), qPrintable(datadir::retentionFlagsUsage()));
    return 2;
}
}

int runServe(int& argc, char** argv, const QStringList& args)
{
    services::WorkbenchOptions options;
    options.demo = false;
    options.apiListen = u"127.0.0.1:9090"_s;
    options.lockHolder = u"sightglass serve"_s;
    options.requireStores = true; // a headless server that cannot keep data must not pretend to
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        QString flagError;
        if (datadir::parseRetentionFlag(args, i, options.retention, flagError)) {
            if (!flagError.isEmpty())
                return usage(flagError);
            continue;
        }
        auto value = [&]() -> std::optional<QString> {
            if (i + 1 >= args.size())
                return std::nullopt;
            return args[++i];
        };
        if (a == u"--listen"_s || a == u"--config"_s || a == u"--data-dir"_s) {
            auto v = value();
            if (!v)
                return usage(a + u" needs a value"_s);
            (a == u"--listen"_s ? options.apiListen : a == u"--config"_s ? options.configFile : options.dataDir) = *v;
        } else if (a == u"--promtail-config"_s && i + 1 < args.size()) {
            options.promtailConfig = args[++i];
        } else if (a == u"--datasources"_s && i + 1 < args.size()) {
            options.datasourcesFile = args[++i];
        } else if ((a == u"--web.config.file"_s || a == u"--loki.tenant"_s || a == u"--loki.push-token"_s)) {
            auto v = value();
            if (!v)
                return usage(a + u" needs a value"_s);
            (a == u"--web.config.file"_s ? options.webConfigFile : a == u"--loki.tenant"_s ? options.lokiTenant : options.lokiPushToken) = *v;
        } else if (a == u"--web.enable-remote-write-receiver"_s) {
            options.remoteWriteReceiver = true;
        } else if (a == u"--demo"_s) {
            options.demo = true;
        } else if (a == u"--no-demo"_s) {
            options.demo = false;
        } else {
            return usage(u"unknown argument "_s + a);
        }
    }

    QCoreApplication app(argc, argv);
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return usage(u"cannot create the signal pipe"_s);
    QSocketNotifier notifier(g_signalFds[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        [[maybe_unused]] auto n = ::read(g_signalFds[1], &byte, 1);
        QCoreApplication::quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    int rc = 0;
    {
        services::Workbench workbench(options);
        if (auto error = workbench.start()) {
            std::fprintf(stderr, "sightglass serve: %s\n", error->message.c_str());
            return 1;
        }
        if (!options.dataDir.isEmpty()) {
            const auto& s = workbench.storageSettings();
            std::printf("Data dir %s: metrics %s; logs %s\n", qPrintable(options.dataDir),
                qPrintable(datadir::describe(s.metrics)), qPrintable(datadir::describe(s.logs)));
        }
        for (const auto& queue : workbench.remoteWriteStatus())
            std::printf("remote_write %s to %s\n", queue.name.c_str(), queue.url.c_str());
        std::printf("Sightglass API listening on %s\n", qPrintable(workbench.apiUrl().toString()));
        std::fflush(stdout);
        rc = app.exec();
    }
    std::printf("Sightglass stopped\n");
    std::fflush(stdout);
    ::close(g_signalFds[0]);
    ::close(g_signalFds[1]);
    return rc;
}

} // namespace sg::app
