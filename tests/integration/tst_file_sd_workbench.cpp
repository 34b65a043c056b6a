// A Workbench started from a prometheus.yml with file_sd_configs follows the file_sd file: a target added to it is
// scraped and stored, a removed one stops being scraped, and targets dropped by relabel_configs reach the
// Targets view.
#include "core/metrics/metrics_endpoint.h"
#include "core/scrape/scrape_manager.h"
#include "core/services/workbench.h"

#include <QFile>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace sg;
using namespace sg::services;

namespace {
bool writeFile(const QString& path, const QByteArray& text)
{
    QSaveFile f(path); // atomic rename, as configuration tools do
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() && f.commit();
}

QByteArray groups(const QStringList& addresses)
{
    QByteArray json = "[";
    for (const auto& a : addresses)
        json += (json.size() > 1 ? "," : "") + QStringLiteral(R"({"targets": ["%1"], "labels": {"zone": "z1"}})").arg(a).toUtf8();
    return json + "]";
}

bool scraping(const Workbench& w, const QString& instance)
{
    const auto statuses = w.scrapeManager()->statuses();
    return std::any_of(statuses.begin(), statuses.end(), [&](const scrape::TargetStatus& s) {
        return s.job == QStringLiteral("files") && s.labels.get("instance") == instance.toStdString() && s.up;
    });
}

std::optional<double> instant(QueryClient* q, const QString& query)
{
    auto r = q->evalPromQL(query.toStdString(), nowMs(), nowMs(), 0);
    if (!r.ok() || r->value.vector.size() != 1)
        return std::nullopt;
    return r->value.vector[0].v;
}
} // namespace

class TestFileSdWorkbench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheFileSdFile()
    {
        metrics::MetricsEndpoint first([] { return std::string("first_metric 1\n"); });
        metrics::MetricsEndpoint second([] { return std::string("second_metric 2\n"); });
        QVERIFY(first.listen() != 0);
        QVERIFY(second.listen() != 0);
        const QString a = first.url().authority();
        const QString b = second.url().authority();

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString sdFile = dir.filePath(QStringLiteral("targets.json"));
        QVERIFY(writeFile(sdFile, groups({ a, QStringLiteral("127.0.0.1:9") })));
        const QString config = dir.filePath(QStringLiteral("prometheus.yml"));
        // Port 9 stands for a host the relabel rules drop.
        QVERIFY(writeFile(config,
            QStringLiteral("global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n"
                           "  - job_name: files\n    file_sd_configs: [{files: ['%1'], refresh_interval: 1h}]\n"
                           "    relabel_configs: [{source_labels: [__address__], regex: '.*:9', action: drop}]\n")
                .arg(sdFile)
                .toUtf8()));

        WorkbenchOptions options;
        options.demo = false;
        options.configFile = config;
        Workbench workbench(options);
        auto error = workbench.start();
        QVERIFY2(!error, error ? error->message.c_str() : "");

        QTRY_VERIFY_WITH_TIMEOUT(scraping(workbench, a), 5000);
        QVERIFY(!scraping(workbench, b));
        QTRY_COMPARE_WITH_TIMEOUT(workbench.scrapeManager()->droppedTargets().size(), std::size_t(1), 5000);
        QCOMPARE(workbench.scrapeManager()->droppedTargets().front().discoveredLabels.get("__address__"),
            std::string_view("127.0.0.1:9"));

        // Add a target: it is scraped, with the group's labels, and stored. The refresh interval is an hour, so the
        // file watch does it.
        QVERIFY(writeFile(sdFile, groups({ a, b })));
        QTRY_VERIFY_WITH_TIMEOUT(scraping(workbench, b), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(
            instant(workbench.queryClient(), QStringLiteral("second_metric{job=\"files\", zone=\"z1\"}")).value_or(0), 2.0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(workbench.scrapeManager()->droppedTargets().empty(), 5000);

        // Remove the first: its loop goes away.
        QVERIFY(writeFile(sdFile, groups({ b })));
        QTRY_VERIFY_WITH_TIMEOUT(!scraping(workbench, a), 5000);
        QVERIFY(scraping(workbench, b));
    }
};

QTEST_GUILESS_MAIN(TestFileSdWorkbench)
#include "tst_file_sd_workbench.moc"
