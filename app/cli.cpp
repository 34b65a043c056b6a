#include "cli.h"

#include "commands/commands.h"

namespace sg::app {

using namespace Qt::StringLiterals;

QString usageText()
{
    QString text = uR"(Usage:
  sightglass [--data-dir DIR] [--config FILE] [--no-demo] [--api-listen HOST:PORT] [--promtail-config FILE]
             [--datasources FILE] [--dashboard FILE.json] [--explore LINK] [retention flags]
      Opens the workbench. --dashboard opens a Grafana dashboard file (any schema version) and saves back to it.
      --explore LINK (or a bare sightglass://explore?... link) opens Explore with the link's panes and queries. Without --config it runs the embedded demo service. --api-listen serves the
      Prometheus and Loki HTTP APIs (e.g. 127.0.0.1:9090) so Grafana or promtool can query the workbench; another
      address than loopback needs --web.config.file FILE (Prometheus' format: TLS, basic_auth_users).
      --promtail-config FILE tails the log files of an unmodified Promtail config into the log store.
      --datasources FILE adds remote Prometheus and Loki datasources (a `datasources:` section or a Grafana
      provisioning file; see docs/datasources.md).
      Retention flags (each store's is kept in DIR/storage.yml): --retention.time D, --retention.size S,
      --metrics.retention.time/.size, --logs.retention.time/.size, Prometheus' --storage.tsdb.retention.time/.size.
  sightglass screenshot --out FILE.png [--after SECONDS] [--size WxH] [--data-dir DIR] [--config FILE] [--no-demo]
             [--dashboard FILE.json] [--explore LINK]
      Starts the workbench offscreen, lets it run, saves the main window as a PNG and exits.
  sightglass --version
)"_s;
    for (const auto& c : subcommands())
        text += u"  "_s + QString::fromUtf8(c.usage).replace(u"\n"_s, u"\n  "_s) + u"\n"_s;
    return text;
}

CommandLine parseCommandLine(const QStringList& args)
{
    CommandLine cl;
    int i = 0;
    if (!args.isEmpty() && args[0] == u"screenshot"_s) {
        cl.command = Command::Screenshot;
        i = 1;
    }
    bool demoExplicit = false;
    auto value = [&](const QString& flag) -> std::optional<QString> {
        if (i + 1 >= args.size()) {
            cl.error = flag + u" needs a value"_s;
            return std::nullopt;
        }
        return args[++i];
    };
    for (; i < args.size() && !cl.error; ++i) {
        const QString& a = args[i];
        qsizetype at = i;
        QString flagError;
        if (datadir::parseRetentionFlag(args, at, cl.retention, flagError)) {
            i = int(at);
            if (!flagError.isEmpty())
                cl.error = flagError;
            continue;
        }
        if (a == u"--version"_s || a == u"-v"_s) {
            cl.command = Command::Version;
        } else if (a == u"--help"_s || a == u"-h"_s) {
            cl.command = Command::Help;
        } else if (a == u"--data-dir"_s) {
            if (auto v = value(a))
                cl.dataDir = *v;
        } else if (a == u"--config"_s) {
            if (auto v = value(a))
                cl.configFile = *v;
        } else if (a == u"--promtail-config"_s) {
            if (auto v = value(a))
                cl.promtailConfig = *v;
        } else if (a == u"--datasources"_s) {
            if (auto v = value(a))
                cl.datasourcesFile = *v;
        } else if (a == u"--dashboard"_s) {
            if (auto v = value(a))
                cl.dashboardFile = *v;
        } else if (a == u"--explore"_s) {
            if (auto v = value(a))
                cl.exploreLink = *v;
        } else if (a.startsWith(u"sightglass://explore"_s)) {
            cl.exploreLink = a; // as the desktop's URL handler passes it
        } else if (a == u"--web.config.file"_s) {
            if (auto v = value(a))
                cl.webConfigFile = *v;
        } else if (a == u"--api-listen"_s) {
            if (auto v = value(a))
                cl.apiListen = *v;
        } else if (a == u"--no-demo"_s) {
            cl.demo = false;
            demoExplicit = true;
        } else if (a == u"--demo"_s) {
            cl.demo = true;
            demoExplicit = true;
        } else if (cl.command == Command::Screenshot && a == u"--out"_s) {
            if (auto v = value(a))
                cl.screenshotOut = *v;
        } else if (cl.command == Command::Screenshot && a == u"--after"_s) {
            if (auto v = value(a)) {
                bool ok = false;
                cl.screenshotAfterSeconds = v->toDouble(&ok);
                if (!ok || cl.screenshotAfterSeconds < 0)
                    cl.error = u"--after takes a number of seconds, got \""_s + *v + u"\""_s;
            }
        } else if (cl.command == Command::Screenshot && a == u"--size"_s) {
            if (auto v = value(a)) {
                const auto parts = v->split(u'x');
                bool okW = false, okH = false;
                if (parts.size() == 2)
                    cl.screenshotSize = QSize(parts[0].toInt(&okW), parts[1].toInt(&okH));
                if (!okW || !okH || cl.screenshotSize.width() < 100 || cl.screenshotSize.height() < 100)
                    cl.error = u"--size takes WIDTHxHEIGHT (each at least 100), got \""_s + *v + u"\""_s;
            }
        } else {
            cl.error = u"unknown argument \""_s + a + u"\""_s;
        }
    }
    // A config file replaces the demo unless the demo is asked for explicitly.
    if (!cl.configFile.isEmpty() && !demoExplicit)
        cl.demo = false;
    if (!cl.error && cl.command == Command::Screenshot && cl.screenshotOut.isEmpty())
        cl.error = u"screenshot needs --out FILE.png"_s;
    return cl;
}

} // namespace sg::app
