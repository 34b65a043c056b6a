// The "what changed" view: the model's rows and tooltips, selecting a row by clicking it, and the two buttons
// emitting the log query with a |> filter or a | pattern parser appended (and the stage alone), the baseline box.
#include "ui/logs/log_level.h"
#include "ui/patterns/what_changed_view.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace sg;

namespace {

patterns::Comparison sampleComparison()
{
    patterns::Comparison c;
    patterns::PatternChange burst;
    burst.pattern = "level=error msg=\"pool exhausted\" waiting=<_>";
    burst.level = "error";
    burst.count = 40;
    burst.rate = 0.5;
    burst.score = 4.39;
    burst.samples = { "level=error msg=\"pool exhausted\" waiting=17", "level=error msg=\"pool exhausted\" waiting=<3>" };
    burst.buckets = { 0, 0, 5, 20, 15, 0 };
    patterns::PatternChange steady;
    steady.pattern = "GET <_> 200 in <_>";
    steady.level = "info";
    steady.count = 300;
    steady.baselineCount = 100;
    steady.rate = 3.75;
    steady.baselineRate = 1.25;
    steady.score = 1.57;
    steady.samples = { "GET /a 200 in 3ms" };
    c.changes = { burst, steady };
    c.spikeLines = 340;
    c.baselineLines = 100;
    return c;
}

constexpr int Pattern = ui::PatternChangesModel::PatternColumn;
constexpr int Count = ui::PatternChangesModel::CountColumn;
constexpr int Baseline = ui::PatternChangesModel::BaselineColumn;
constexpr int Change = ui::PatternChangesModel::ChangeColumn;
constexpr int Trend = ui::PatternChangesModel::TrendColumn;

} // namespace

class TestWhatChangedView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelRows()
    {
        ui::PatternChangesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChanges(sampleComparison().changes);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 6);
        QCOMPARE(model.index(0, Trend).data(Qt::UserRole).toList().size(), 6);
        QCOMPARE(model.index(0, Trend).data(Qt::UserRole).toList().at(3).toUInt(), 20u);
        QVERIFY(model.index(1, Trend).data(Qt::UserRole).toList().isEmpty());
        QCOMPARE(model.index(0, Pattern).data().toString(), QStringLiteral("level=error msg=\"pool exhausted\" waiting=<_>"));
        QCOMPARE(model.index(0, Count).data().toULongLong(), 40ull);
        QCOMPARE(model.index(0, Baseline).data().toULongLong(), 0ull);
        QCOMPARE(model.index(0, Change).data().toString(), QStringLiteral("new"));
        QCOMPARE(model.index(1, Change).data().toString(), QStringLiteral("×3.0"));
        // The tooltip shows the sample lines, escaped.
        const QString tip = model.index(0, Pattern).data(Qt::ToolTipRole).toString();
        QVERIFY(tip.contains(QStringLiteral("waiting=17")));
        QVERIFY(tip.contains(QStringLiteral("waiting=&lt;3&gt;")));
        model.setChanges({});
        QCOMPARE(model.rowCount(), 0);
    }

    void clickRowThenButtons()
    {
        ui::WhatChangedView view;
        view.resize(900, 300);
        view.setQuery(QStringLiteral("{app=\"api\"}"));
        view.setComparison(sampleComparison());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &ui::WhatChangedView::queryRequested);

        // The first row's trend cell has a sparkline drawn in it; the second row (no buckets) has none.
        QTableView* trendTable = view.table();
        const QImage shot = trendTable->viewport()->grab().toImage();
        auto inkIn = [&](const QRect& cell) {
            int ink = 0;
            const QRgb background = shot.pixel(cell.topLeft() + QPoint(1, 1));
            for (int y = cell.top() + 1; y < cell.bottom(); ++y)
                for (int x = cell.left() + 1; x < cell.right(); ++x)
                    ink += shot.pixel(x, y) != background;
            return ink;
        };
        QVERIFY(inkIn(trendTable->visualRect(view.model()->index(0, Trend))) > 10);
        QCOMPARE(inkIn(trendTable->visualRect(view.model()->index(1, Trend))), 0);

        // Nothing selected: both buttons wait for a row.
        QVERIFY(!view.lineFilterButton()->isEnabled());
        QVERIFY(!view.patternQueryButton()->isEnabled());

        QTableView* table = view.table();
        const QRect first = table->visualRect(view.model()->index(0, Pattern));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, first.center());
        QVERIFY(view.lineFilterButton()->isEnabled());
        QTest::mouseClick(view.lineFilterButton(), Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(),
            QStringLiteral("{app=\"api\"} |> `level=error msg=\"pool exhausted\" waiting=<_>`"));

        const QRect second = table->visualRect(view.model()->index(1, Baseline));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, second.center());
        QTest::mouseClick(view.patternQueryButton(), Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("{app=\"api\"} | pattern `GET <field1> 200 in <field2>`"));

        // Without a query there is nothing to append to.
        view.setQuery(QString());
        QVERIFY(!view.lineFilterButton()->isEnabled());
    }

    void stageAloneForSeveralQueries()
    {
        ui::WhatChangedView view;
        view.setQuery(QStringLiteral("{app=\"api\"}"));
        view.setComparison(sampleComparison());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy stages(&view, &ui::WhatChangedView::stageRequested);
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, view.table()->visualRect(view.model()->index(1, Pattern)).center());
        QTest::mouseClick(view.lineFilterButton(), Qt::LeftButton);
        QCOMPARE(stages.size(), 1);
        QCOMPARE(stages.takeFirst().at(0).toString(), QStringLiteral("|> `GET <_> 200 in <_>`"));
    }

    void levelShownAndFiltered()
    {
        ui::WhatChangedView view;
        view.resize(900, 300);
        view.setQuery(QStringLiteral("{app=\"api\"}"));
        auto comparison = sampleComparison();
        patterns::PatternChange warn = comparison.changes[1];
        warn.pattern = "retrying <_>";
        warn.level = "warn";
        comparison.changes.push_back(warn);
        view.setComparison(comparison);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ui::PatternChangesModel* model = view.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The level column, coloured as the log list colours levels.
        QCOMPARE(model->headerData(ui::PatternChangesModel::LevelColumn, Qt::Horizontal).toString(), QStringLiteral("Level"));
        QCOMPARE(model->index(0, ui::PatternChangesModel::LevelColumn).data().toString(), QStringLiteral("error"));
        QCOMPARE(model->index(0, ui::PatternChangesModel::LevelColumn).data(Qt::ForegroundRole).value<QColor>(),
            ui::logLevelColor(ui::LogLevel::Error));
        QCOMPARE(model->index(1, ui::PatternChangesModel::LevelColumn).data(Qt::ForegroundRole).value<QColor>(),
            ui::logLevelColor(ui::LogLevel::Info));
        QCOMPARE(model->levels(), (QStringList { QStringLiteral("error"), QStringLiteral("warn"), QStringLiteral("info") }));

        // Pick "warn" in the level box with the keyboard: only its row is left, and its buttons act on it.
        QComboBox* levels = view.levelCombo();
        QCOMPARE(levels->count(), 4);
        QCOMPARE(levels->itemText(0), QStringLiteral("All levels"));
        levels->setFocus();
        QTest::keyClick(levels, Qt::Key_Down);
        QTest::keyClick(levels, Qt::Key_Down);
        QCOMPARE(levels->currentText(), QStringLiteral("warn"));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->changeAt(0)->pattern, std::string("retrying <_>"));
        QSignalSpy spy(&view, &ui::WhatChangedView::queryRequested);
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, view.table()->visualRect(model->index(0, Pattern)).center());
        QTest::mouseClick(view.lineFilterButton(), Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("{app=\"api\"} |> `retrying <_>`"));

        // A new comparison with that level keeps the filter; one without it shows every row again.
        view.setComparison(comparison);
        QCOMPARE(levels->currentText(), QStringLiteral("warn"));
        QCOMPARE(model->rowCount(), 1);
        view.setComparison(sampleComparison());
        QCOMPARE(levels->currentText(), QStringLiteral("All levels"));
        QCOMPARE(model->rowCount(), 2);
    }

    void baselinePickedInTheBox()
    {
        ui::WhatChangedView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy picked(&view, &ui::WhatChangedView::baselineChanged);
        QCOMPARE(view.baseline(), ui::BaselineKind::Preceding);
        view.baselineCombo()->setFocus();
        QTest::keyClick(view.baselineCombo(), Qt::Key_Down);
        QCOMPARE(picked.size(), 1);
        QCOMPARE(picked.takeFirst().at(0).value<ui::BaselineKind>(), ui::BaselineKind::DayEarlier);
        QCOMPARE(view.baseline(), ui::BaselineKind::DayEarlier);
        // Setting it from code does not announce it (the page mines once, after it has set the spike).
        view.setBaseline(ui::BaselineKind::Preceding);
        QCOMPARE(picked.size(), 0);

        const patterns::TimeWindow spike { 1'700'000'000'000'000'000LL, 1'700'000'060'000'000'000LL };
        const patterns::TimeWindow before = ui::baselineFor(ui::BaselineKind::Preceding, spike);
        QCOMPARE(before.end, spike.start);
        QCOMPARE(before.end - before.start, spike.end - spike.start);
        const patterns::TimeWindow dayEarlier = ui::baselineFor(ui::BaselineKind::DayEarlier, spike);
        QCOMPARE(spike.start - dayEarlier.start, 86'400LL * 1'000'000'000);
        QCOMPARE(dayEarlier.end - dayEarlier.start, spike.end - spike.start);
    }
};

QTEST_MAIN(TestWhatChangedView)
#include "tst_what_changed_view.moc"
