#include "ui/models/targets_model.h"
#include "ui/pages/targets_page.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QApplication>
#include <QBrush>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace sg;
using namespace sg::scrape;
using namespace sg::ui;

namespace {

TargetStatus status(const char* job, const char* url, bool up, TimestampMs last, const char* error = "")
{
    TargetStatus s;
    s.job = QString::fromLatin1(job);
    s.url = QUrl(QString::fromLatin1(url));
    s.labels = Labels { { "job", job }, { "instance", s.url.authority().toStdString() } };
    s.discoveredLabels = Labels { { "__address__", s.url.authority().toStdString() }, { "__meta_filepath", "/etc/sd/a.json" } };
    s.up = up;
    s.lastScrapeMs = last;
    s.lastDurationSeconds = 0.0123;
    s.lastError = QString::fromLatin1(error);
    return s;
}

QStringList dump(const QAbstractItemModel& m)
{
    QStringList rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m.columnCount(); ++c)
            cells << m.index(r, c).data().toString();
        rows << cells.join(u'|');
    }
    return rows;
}

} // namespace

class TestTargetsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsAndStates()
    {
        TargetsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const TimestampMs now = 1'700'000'010'000;
        model.setSnapshot({ status("node", "http://a:9100/metrics", true, now - 3000),
                              status("api", "http://b:8000/metrics", false, now - 75'000, "sample_limit exceeded (limit: 10)"),
                              status("new", "http://c:1/metrics", false, 0) },
            { DroppedTarget { QStringLiteral("node"), Labels { { "__address__", "skip:1" } } } }, now);
        QCOMPARE(dump(model),
            QStringList({ QStringLiteral("node|http://a:9100/metrics|up|instance=a:9100, job=node|3s ago|12.3 ms|"),
                QStringLiteral("api|http://b:8000/metrics|down|instance=b:8000, job=api|1m 15s ago|12.3 ms|sample_limit exceeded (limit: 10)"),
                QStringLiteral("new|http://c:1/metrics|unknown|instance=c:1, job=new|never||"),
                QStringLiteral("node|skip:1|dropped|__address__=skip:1|||") }));
        QCOMPARE(model.index(0, TargetsModel::State).data(TargetsModel::StateRole).toString(), QStringLiteral("up"));
        const auto upColour = model.index(0, TargetsModel::State).data(Qt::ForegroundRole).value<QBrush>().color();
        const auto downColour = model.index(1, TargetsModel::State).data(Qt::ForegroundRole).value<QBrush>().color();
        QVERIFY(upColour.green() > upColour.red());
        QVERIFY(downColour.red() > downColour.green());
        QVERIFY(model.index(0, TargetsModel::Labels).data(Qt::ToolTipRole).toString().contains(QStringLiteral("__meta_filepath=/etc/sd/a.json")));

        // same targets, newer data: no reset, the ago column moves on
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot({ status("node", "http://a:9100/metrics", true, now - 3000),
                              status("api", "http://b:8000/metrics", true, now),
                              status("new", "http://c:1/metrics", false, 0) },
            { DroppedTarget { QStringLiteral("node"), Labels { { "__address__", "skip:1" } } } }, now + 10'000);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(model.index(0, TargetsModel::LastScrape).data().toString(), QStringLiteral("13s ago"));
        // a target removed: reset
        model.setSnapshot({ status("node", "http://a:9100/metrics", true, now) }, {}, now);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 1);
    }

    void pageRefreshesAndShows()
    {
        TargetsPage page;
        int calls = 0;
        const TimestampMs now = nowMs();
        page.setSource([&] {
            ++calls;
            return std::make_pair(std::vector<TargetStatus> { status("node", "http://127.0.0.1:9100/metrics", true, now - 2000),
                                      status("fastapi", "http://127.0.0.1:8000/metrics", false, now - 5000,
                                          "server returned HTTP status 503 Service Unavailable") },
                std::vector<DroppedTarget> { DroppedTarget { QStringLiteral("node"), Labels { { "__address__", "10.0.0.9:9100" } } } });
        });
        QCOMPARE(calls, 1);
        QCOMPARE(page.model()->rowCount(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(calls >= 2, 3000); // polls every second
        page.view()->selectRow(1);
        QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("targetDetails"))->toPlainText().contains(QStringLiteral("503")));
        page.resize(1200, 420);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QString out = QDir::temp().filePath(QStringLiteral("sightglass-targets-page.png"));
        QVERIFY(page.grab().save(out));
        qInfo("screenshot: %s", qPrintable(out));
    }
};

QTEST_MAIN(TestTargetsModel)
#include "tst_targets_model.moc"
