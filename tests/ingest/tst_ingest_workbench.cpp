#include "core/logql/engine.h"
#include "core/services/workbench.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

/// End to end: a Promtail config tails a real file into the Workbench's log store, and LogQL finds the lines
/// with the labels the pipeline set.
class TestIngestWorkbench : public QObject
{
    Q_OBJECT

private:
    static void append(const QString& file, const QByteArray& data)
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::Append));
        f.write(data);
    }

    static QStringList query(const services::Workbench& wb, const char* logql)
    {
        logql::QueryParams params;
        params.start = 0;
        params.end = nowNs() + msToNs(60'000);
        params.limit = 100;
        params.direction = logs::Direction::Forward;
        auto result = logql::Engine().query(*wb.logStore(), logql, params);
        if (!result.ok())
            return { QString::fromStdString("error: " + result.error().message) };
        QStringList out;
        for (const auto& s : result->streams)
            for (const auto& e : s.entries)
                out << QString::fromStdString(s.labels.toString() + " " + e.line);
        out.sort();
        return out;
    }

private Q_SLOTS:
    void linesBecomeQueryable()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(u"api.log"_s);
        append(log, R"({"level":"info","msg":"started","ts":"2024-05-01T10:00:00Z"}
{"level":"error","msg":"db down","ts":"2024-05-01T10:00:01Z"}
)");
        const QString configFile = dir.filePath(u"promtail.yaml"_s);
        append(configFile, (u"positions:\n  filename: "_s + dir.filePath(u"positions.yaml"_s) + QStringLiteral(R"(
clients:
  - url: http://localhost:3100/loki/api/v1/push
global:
  file_watch_config:
    min_poll_frequency: 50ms
scrape_configs:
  - job_name: api
    static_configs:
      - targets: [localhost]
        labels:
          job: fastapi
          __path__: )") + dir.path() + QStringLiteral(R"(/*.log
    pipeline_stages:
      - json:
          expressions: {level: level, msg: msg, ts: ts}
      - labels: {level: }
      - timestamp: {source: ts, format: RFC3339}
      - output: {source: msg}
)")).toUtf8());

        services::WorkbenchOptions options;
        options.dataDir = dir.filePath(u"data"_s);
        options.demo = false;
        options.promtailConfig = configFile;
        services::Workbench wb(options);
        QSignalSpy ready(&wb, &services::Workbench::ready);
        auto error = wb.start();
        QVERIFY2(!error, error ? error->message.c_str() : "");
        QVERIFY(ready.count() > 0 || ready.wait(5000));

        const std::string file = log.toStdString();
        const QString errorLine = QString::fromStdString("{filename=\"" + file + "\", job=\"fastapi\", level=\"error\"} db down");
        QTRY_COMPARE_WITH_TIMEOUT(query(wb, R"({job="fastapi", level="error"})"), QStringList { errorLine }, 5000);

        // Lines written while running arrive too.
        append(log, R"({"level":"error","msg":"db still down","ts":"2024-05-01T10:00:02Z"}
)");
        QTRY_COMPARE_WITH_TIMEOUT(query(wb, R"({job="fastapi"} |= "down")").size(), 2, 5000);
        QCOMPARE(query(wb, R"({job="fastapi", level="info"})"),
            QStringList { QString::fromStdString("{filename=\"" + file + "\", job=\"fastapi\", level=\"info\"} started") });
    }

    void badConfigFailsStart()
    {
        QTemporaryDir dir;
        const QString configFile = dir.filePath(u"promtail.yaml"_s);
        append(configFile, "scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: {__path__: /x}\n"
                           "    pipeline_stages:\n      - nope: {}\n");
        services::WorkbenchOptions options;
        options.demo = false;
        options.promtailConfig = configFile;
        services::Workbench wb(options);
        auto error = wb.start();
        QVERIFY(error);
        QVERIFY2(QString::fromStdString(error->message).contains(u"promtail.yaml:6: unknown pipeline stage"_s),
            error->message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestIngestWorkbench)
#include "tst_ingest_workbench.moc"
