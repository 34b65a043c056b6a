// The real dashboards in ../shared/testdata/dashboards, rendered on the demo's data with every row expanded: each
// panel renders as its own type (no placeholder), no panel errors ("no data" is fine), and the image is painted.
#include "tests/common/require_peer.h"
#include "core/dashboards/dashboard_json.h"
#include "core/services/workbench.h"
#include "ui/export/dashboard_renderer.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace sg;
using namespace Qt::StringLiterals;

class TestDashboardRenderCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard render corpus cannot run");
        ui::applyDarkTheme(*qApp);
        services::WorkbenchOptions options;
        options.dataDir = m_dir.path();
        options.demoScrapeInterval = 1'000;
        m_workbench = std::make_unique<services::Workbench>(options);
        QSignalSpy ready(m_workbench.get(), &services::Workbench::ready);
        QVERIFY(!m_workbench->start());
        QVERIFY(ready.wait(30'000) || m_workbench->isReady());
    }

    void rendersEach_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::addRow("loki-chunks") << u"loki-mixin__loki-chunks.json"_s << u"heatmap=2 row=9 timeseries=12"_s;
        QTest::addRow("loki-logs") << u"loki-mixin__loki-logs.json"_s << u"logs=1 timeseries=9"_s;
        QTest::addRow("loki-operational") << u"loki-mixin__loki-operational.json"_s
                                          << u"heatmap=2 logs=3 row=13 table=1 timeseries=48"_s;
        QTest::addRow("node-exporter-full") << u"rfmoz__node-exporter-full.json"_s
                                            << u"bargauge=4 gauge=5 row=16 stat=5 timeseries=111"_s;
    }
    void rendersEach()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        auto d = dashboards::importDashboardFile(corpusDir() + u'/' + file);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
        ui::RenderOptions options;
        options.expandRows = true;
        options.timeoutMs = 120'000;
        const ui::RenderResult result = ui::renderDashboard(*d, m_workbench->queryClient(), options);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        std::map<QString, int> counts;
        for (const ui::RenderedPanel& p : result.panels) {
            ++counts[p.renderedAs];
            QVERIFY2(p.error.isEmpty(), qPrintable(u"panel %1 \"%2\": %3"_s.arg(p.id).arg(p.title, p.error)));
            if (p.renderedAs != u"row" && p.renderedAs != u"text")
                QVERIFY2(p.queries > 0, qPrintable(u"panel %1 \"%2\" ran no query"_s.arg(p.id).arg(p.title)));
        }
        QStringList parts;
        for (const auto& [type, n] : counts)
            parts << u"%1=%2"_s.arg(type).arg(n);
        QCOMPARE(parts.join(u' '), expected);
        QVERIFY(!result.image.isNull());
        QVERIFY(result.image.height() >= 1000);
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            result.image.save(dir + u'/' + file + u".png"_s);
        const QJsonObject report = ui::renderReport(result);
        QCOMPARE(report.value(u"title").toString(), d->title());
        QCOMPARE(report.value(u"panels").toArray().size(), qsizetype(result.panels.size()));
    }

    void cleanupTestCase() { m_workbench.reset(); }

private:
    static QString corpusDir() { return QStringLiteral(SG_SHARED_TESTDATA) + u"/dashboards"_s; }
    QTemporaryDir m_dir;
    std::unique_ptr<services::Workbench> m_workbench;
};

QTEST_MAIN(TestDashboardRenderCorpus)
#include "tst_dashboard_render_corpus.moc"
