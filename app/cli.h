#pragma once

#include "core/datadir/settings.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace sg::app {

enum class Command { Gui, Screenshot, Version, Help };

/// The parsed command line. `error` is set (and the rest unspecified) when the arguments are wrong.
struct CommandLine
{
    Command command = Command::Gui;
    QString dataDir;
    QString configFile;
    QString datasourcesFile; ///< `--datasources FILE`: remote datasources
    QString promtailConfig; ///< `--promtail-config FILE`: tail the files of a Promtail config; empty: off
    QString apiListen; ///< `--api-listen HOST:PORT`: serve the Prometheus and Loki HTTP APIs; empty: off
    bool demo = true;
    QString dashboardFile; ///< `--dashboard FILE.json`: open this Grafana dashboard file (saved back in place)
    QString exploreLink; ///< `--explore LINK` (or a bare `sightglass://explore?...`): open Explore with that state
    QString screenshotOut;
    double screenshotAfterSeconds = 5.0;
    QSize screenshotSize { 1600, 1000 };
    datadir::RetentionFlags retention; ///< `--retention.time 30d` and the other retention flags
    QString webConfigFile; ///< `--web.config.file FILE`: TLS and basic auth for --api-listen

    std::optional<QString> error;
};

/// Parses `sightglass [COMMAND] [OPTIONS]` (arguments without the program name).
CommandLine parseCommandLine(const QStringList& args);

/// The usage text printed by --help and after argument errors.
QString usageText();

} // namespace sg::app
