// `sightglass promqltest` and `sightglass logqltest`: the script-driven conformance runners.
#include "commands.h"

#include "core/logql/logqltest.h"
#include "core/promql/promqltest.h"

#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <map>

namespace sg::app {

namespace {
bool verbose() { return qEnvironmentVariableIntValue("SG_VERBOSE") > 0; }

int usageError(const char* command)
{
    std::fprintf(stderr, "usage: sightglass %s FILE...\n", command);
    return 2;
}

void printTotals(int passed, int failed, int skipped)
{
    // The last line, in the plain form test harnesses read.
    std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
}
}

int runPromqlTest(int&, char**, const QStringList& files)
{
    if (files.isEmpty())
        return usageError("promqltest");
    int passed = 0, failed = 0, skipped = 0, broken = 0;
    std::map<std::string, int> skipsByReason;
    for (const QString& path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::printf("%s: cannot read: %s\n", qPrintable(path), qPrintable(f.errorString()));
            ++broken;
            continue;
        }
        const QByteArray text = f.readAll();
        const auto report = promql::test::runScript(std::string_view(text.constData(), std::size_t(text.size())));
        std::printf("%s: %d passed, %d failed, %d skipped\n", qPrintable(QFileInfo(path).fileName()), report.passed,
            report.failed, report.unsupported);
        for (const auto& o : report.outcomes) {
            if (!o.passed && !o.unsupported)
                std::printf("  FAIL line %d: %s\n    %s\n", o.line, o.query.c_str(), o.message.c_str());
            else if (o.unsupported && verbose())
                std::printf("  SKIP line %d (%s): %s\n    %s\n", o.line, o.skipReason.c_str(), o.query.c_str(),
                    o.message.c_str());
        }
        passed += report.passed;
        failed += report.failed;
        skipped += report.unsupported;
        for (const auto& [reason, n] : report.skipsByReason)
            skipsByReason[reason] += n;
    }
    // Skips by reason: only what the store and engine lack (native histograms, start timestamps).
    for (const auto& [reason, n] : skipsByReason)
        std::printf("skipped %d: %s\n", n, reason.c_str());
    printTotals(passed, failed + broken, skipped);
    return failed + broken > 0 ? 1 : 0;
}

int runLogqlTest(int&, char**, const QStringList& files)
{
    if (files.isEmpty())
        return usageError("logqltest");
    int passed = 0, failed = 0;
    for (const QString& path : files) {
        auto result = logql::logqltest::runScriptFile(path.toStdString());
        if (!result.ok()) {
            std::printf("%s: %s\n", qPrintable(path), result.error().message.c_str());
            ++failed;
            continue;
        }
        std::printf("%s: %d passed, %d failed\n", qPrintable(QFileInfo(path).fileName()), result->passed(),
            result->failed());
        for (const auto& c : result->cases)
            if (!c.passed)
                std::printf("  FAIL line %d: %s\n    %s\n", c.line, c.query.c_str(), c.message.c_str());
        passed += result->passed();
        failed += result->failed();
    }
    printTotals(passed, failed, 0);
    return failed > 0 ? 1 : 0;
}

} // namespace sg::app
