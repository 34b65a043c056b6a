#pragma once

#include <QStringList>

#include <vector>

namespace sg::app {

/// A headless subcommand: `sightglass NAME ARGS...`. `run` gets the arguments after NAME and returns the exit code.
struct Subcommand
{
    const char* name;
    const char* usage; ///< one or more lines, shown by --help
    int (*run)(int& argc, char** argv, const QStringList& args);
};

/// Every subcommand, in the order --help lists them.
const std::vector<Subcommand>& subcommands();
/// The subcommand called `name`, or nullptr.
const Subcommand* findSubcommand(const QString& name);

// One function per subcommand, each in its own file under app/commands/.
int runPromqlTest(int& argc, char** argv, const QStringList& args);
int runLogqlTest(int& argc, char** argv, const QStringList& args);
int runBenchLogs(int& argc, char** argv, const QStringList& args);
int runBench(int& argc, char** argv, const QStringList& args);
int runServe(int& argc, char** argv, const QStringList& args);
int runImport(int& argc, char** argv, const QStringList& args);
int runBenchPromql(int& argc, char** argv, const QStringList& args);
int runBenchScrape(int& argc, char** argv, const QStringList& args);
int runBenchRemoteWrite(int& argc, char** argv, const QStringList& args);
int runDashboard(int& argc, char** argv, const QStringList& args);
int runRender(int& argc, char** argv, const QStringList& args);
int runBenchEditor(int& argc, char** argv, const QStringList& args);
/// `sightglass query complete ...` (args without "complete").
int runQueryComplete(const QStringList& args);
int runBenchDashboard(int& argc, char** argv, const QStringList& args);
int runBenchLogsView(int& argc, char** argv, const QStringList& args); ///< `bench-logs-view`
int runCrashTrials(int& argc, char** argv, const QStringList& args); ///< `bench crash-trials`
int runQuery(int& argc, char** argv, const QStringList& args);
int runLsp(int& argc, char** argv, const QStringList& args);
int runQueryExplain(const QStringList& args); ///< `query explain`, from runQuery
int runPatterns(int& argc, char** argv, const QStringList& args);
int runBenchPatterns(int& argc, char** argv, const QStringList& args);
int runDatasource(int& argc, char** argv, const QStringList& args); ///< `datasource list|test`
int runQueryRemote(const QStringList& args); ///< `query run --datasource NAME`, from runQuery
int runBenchRemoteQuery(int& argc, char** argv, const QStringList& args); ///< `bench-remote-query`

} // namespace sg::app
