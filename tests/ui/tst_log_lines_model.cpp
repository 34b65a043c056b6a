#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
std::vector<logs::Stream> sampleStreams()
{
    logs::Stream api { Labels { { "app", "api" } }, {} };
    api.entries = { { 1000, "INFO started" }, { 3000, "request failed: ERROR timeout" }, { 5000, "plain line" } };
    logs::Stream worker { Labels { { "app", "worker" }, { "level", "warn" } }, {} };
    worker.entries = { { 2000, "queue is slow" }, { 4000, "queue is slower" } };
    return { api, worker };
}

QStringList column(const QAbstractItemModel& model, int role)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out.append(model.index(r, 0).data(role).toString());
    return out;
}
} // namespace

class TestLogLinesModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void orderFollowsDirection_data()
    {
        QTest::addColumn<int>("direction");
        QTest::addColumn<QStringList>("lines");
        QTest::addRow("backward") << int(logs::Direction::Backward)
                                  << QStringList { u"plain line"_s, u"queue is slower"_s,
                                         u"request failed: ERROR timeout"_s, u"queue is slow"_s, u"INFO started"_s };
        QTest::addRow("forward") << int(logs::Direction::Forward)
                                 << QStringList { u"INFO started"_s, u"queue is slow"_s,
                                        u"request failed: ERROR timeout"_s, u"queue is slower"_s, u"plain line"_s };
    }
    void orderFollowsDirection()
    {
        QFETCH(int, direction);
        QFETCH(QStringList, lines);
        ui::LogLinesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setStreams(sampleStreams(), logs::Direction(direction));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(column(model, ui::LogLinesModel::LineRole), lines);
        const qint64 first = model.index(0, 0).data(ui::LogLinesModel::TimeNsRole).toLongLong();
        const qint64 last = model.index(4, 0).data(ui::LogLinesModel::TimeNsRole).toLongLong();
        QCOMPARE(direction == int(logs::Direction::Backward) ? first > last : first < last, true);
    }
    void rolesCarryLabelsAndTime()
    {
        ui::LogLinesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<logs::Stream> streams { { Labels { { "app", "api" }, { "env", "prod" } },
            { { msToNs(1'700'000'000'123), "hello" } } } };
        model.setStreams(streams, logs::Direction::Backward);
        const QModelIndex i = model.index(0, 0);
        QCOMPARE(i.data(ui::LogLinesModel::LabelsRole).toString(), u"{app=\"api\", env=\"prod\"}"_s);
        QCOMPARE(i.data(ui::LogLinesModel::TimeRole).toDateTime().toMSecsSinceEpoch(), qint64(1'700'000'000'123));
        QVERIFY(i.data(Qt::DisplayRole).toString().endsWith(u"hello"_s));
        QVERIFY(model.roleNames().values().contains("line"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
    void levelDetection_data()
    {
        QTest::addColumn<QString>("levelLabel");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::addRow("word-error") << QString() << u"2024-01-01 ERROR db down"_s << u"error"_s;
        QTest::addRow("word-lower") << QString() << u"warn: disk 91%"_s << u"warn"_s;
        QTest::addRow("warning") << QString() << u"[Warning] deprecated"_s << u"warn"_s;
        QTest::addRow("info") << QString() << u"INFO GET /api 200"_s << u"info"_s;
        QTest::addRow("debug") << QString() << u"Debug cache hit"_s << u"debug"_s;
        QTest::addRow("logfmt") << QString() << u"ts=1 level=error msg=\"info about x\""_s << u"error"_s;
        QTest::addRow("logfmt-quoted") << QString() << u"level=\"warn\" msg=x"_s << u"warn"_s;
        QTest::addRow("json") << QString() << u"{\"msg\":\"debug info\",\"level\":\"error\"}"_s << u"error"_s;
        QTest::addRow("json-spaces") << QString() << u"{\"level\": \"INFO\", \"msg\": \"error budget\"}"_s << u"info"_s;
        QTest::addRow("earliest-word") << QString() << u"INFO retrying after error"_s << u"info"_s;
        QTest::addRow("not-a-word") << QString() << u"errors=0 informational"_s << QString();
        QTest::addRow("none") << QString() << u"GET /health 200"_s << QString();
        QTest::addRow("label-wins") << u"debug"_s << u"ERROR in line"_s << u"debug"_s;
        QTest::addRow("label-err") << u"ERR"_s << u"plain"_s << u"error"_s;
        QTest::addRow("unknown-label") << u"verbose"_s << u"WARN x"_s << u"warn"_s;
    }
    void levelDetection()
    {
        QFETCH(QString, levelLabel);
        QFETCH(QString, line);
        QFETCH(QString, expected);
        ui::LogLinesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Labels labels { { "app", "api" }, { "level", levelLabel.toStdString() } };
        model.setStreams({ { labels, { { 1, line.toStdString() } } } });
        QCOMPARE(model.index(0, 0).data(ui::LogLinesModel::LevelRole).toString(), expected);
    }
    void panelShowsHeaderAndError()
    {
        ui::LogsPanel panel;
        panel.resize(700, 300);
        panel.show();
        panel.setQueryText(u"{app=\"api\"}"_s);
        panel.setStreams(sampleStreams());
        QVERIFY(panel.view()->uniformItemSizes());
        QCOMPARE(panel.model()->rowCount(), 5);
        QVERIFY(panel.headerText().contains(u"{app=\"api\"}"_s));
        QVERIFY(panel.headerText().contains(u"5 lines"_s));
        panel.setLoading(true);
        QVERIFY(panel.headerText().contains(u"loading"_s));
        panel.setError(u"parse error at char 3"_s);
        QCOMPARE(panel.errorText(), u"parse error at char 3"_s);
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY(!panel.isLoading());
    }
};

QTEST_MAIN(TestLogLinesModel)
#include "tst_log_lines_model.moc"
