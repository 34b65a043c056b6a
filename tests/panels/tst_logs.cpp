// The dashboard's logs panel: Grafana's panel options drive the shared log list.
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/panels/logs/logs_plugin.h"

#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sg;

class TestLogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void optionsApply()
    {
        auto plugin = ui::makeLogsPlugin();
        std::unique_ptr<ui::PanelView> view(plugin->createView(nullptr));
        const QJsonObject options { { u"sortOrder"_s, u"Ascending"_s }, { u"wrapLogMessage"_s, true },
            { u"dedupStrategy"_s, u"numbers"_s }, { u"showLabels"_s, false } };
        view->setPanel(dashboards::Panel(QJsonObject { { u"type"_s, u"logs"_s }, { u"options"_s, options } }));
        query::PanelData data;
        for (int i = 0; i < 4; ++i)
            data.logs.push_back({ qint64(i + 1) * 1'000'000, u"took %1 ms"_s.arg(i * 7), { { u"app"_s, u"a"_s } }, u"A"_s });
        data.logs.push_back({ qint64(9) * 1'000'000, u"done"_s, { { u"app"_s, u"a"_s } }, u"A"_s });
        view->setData(data);
        auto* logs = view->findChild<ui::LogsPanel*>();
        QVERIFY(logs);
        QVERIFY(logs->toolbar()->isHidden());
        QVERIFY(logs->volume()->isHidden());
        QVERIFY(logs->display().wrap);
        QVERIFY(!logs->display().showLabels);
        // Ascending, and the four "took N ms" lines fold into one under the numbers strategy.
        QCOMPARE(logs->model()->rowCount(), 2);
        QCOMPARE(logs->model()->index(0, 0).data(ui::LogLinesModel::DuplicatesRole).toInt(), 4);
        QCOMPARE(logs->model()->index(1, 0).data(ui::LogLinesModel::LineRole).toString(), u"done"_s);
    }
};

QTEST_MAIN(TestLogs)
#include "tst_logs.moc"
