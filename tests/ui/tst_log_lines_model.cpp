#include "ui/logs/log_dedup.h"
#include "ui/logs/log_fields.h"
#include "ui/logs/log_line_format.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

#include <map>

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
        QTest::addRow("not-a-word") << QString() << u"errors=0 informative"_s << QString();
        QTest::addRow("alias-informational") << QString() << u"informational: reload"_s << u"info"_s;
        QTest::addRow("alias-fatal") << QString() << u"FATAL out of memory"_s << u"critical"_s;
        QTest::addRow("alias-eror") << QString() << u"[eror] x"_s << u"error"_s;
        QTest::addRow("alias-dbug") << QString() << u"dbug: y"_s << u"debug"_s;
        QTest::addRow("trace") << QString() << u"TRACE enter f"_s << u"trace"_s;
        QTest::addRow("label-crit") << u"crit"_s << u"plain"_s << u"critical"_s;
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
    void dedupKeys_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        const int exact = int(ui::DedupMode::Exact), numbers = int(ui::DedupMode::Numbers),
                  signature = int(ui::DedupMode::Signature);
        QTest::addRow("exact-equal") << exact << u"GET /a"_s << u"GET /a"_s << true;
        QTest::addRow("exact-iso-date") << exact << u"2024-01-02T03:04:05.123Z GET /a"_s
                                        << u"2024-01-02T03:04:06.999+02:00 GET /a"_s << true;
        QTest::addRow("exact-numbers-differ") << exact << u"took 12ms"_s << u"took 13ms"_s << false;
        QTest::addRow("numbers") << numbers << u"took 12ms id=4"_s << u"took 139ms id=7"_s << true;
        QTest::addRow("numbers-words-differ") << numbers << u"took 12ms"_s << u"slept 12ms"_s << false;
        QTest::addRow("signature") << signature << u"user=bob took=1"_s << u"user=alice took=22"_s << true;
        QTest::addRow("signature-punct-differs") << signature << u"a=b"_s << u"a:b"_s << false;
    }
    void dedupKeys()
    {
        QFETCH(int, mode);
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(ui::dedupKey(a.toStdString(), ui::DedupMode(mode)) == ui::dedupKey(b.toStdString(), ui::DedupMode(mode)),
            same);
    }
    void dedupFoldsConsecutiveLines()
    {
        logs::Stream s { Labels { { "app", "api" } }, {} };
        s.entries = { { 1, "took 1ms" }, { 2, "took 2ms" }, { 3, "other" }, { 4, "took 3ms" }, { 5, "took 3ms" } };
        ui::LogLinesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStreams({ s }, logs::Direction::Forward);
        model.setDedupMode(ui::DedupMode::Exact);
        QCOMPARE(column(model, ui::LogLinesModel::LineRole), (QStringList { u"took 1ms"_s, u"took 2ms"_s, u"other"_s, u"took 3ms"_s }));
        QCOMPARE(model.index(3, 0).data(ui::LogLinesModel::DuplicatesRole).toInt(), 2);
        model.setDedupMode(ui::DedupMode::Numbers);
        QCOMPARE(column(model, ui::LogLinesModel::LineRole), (QStringList { u"took 1ms"_s, u"other"_s, u"took 3ms"_s }));
        QCOMPARE(column(model, ui::LogLinesModel::DuplicatesRole), (QStringList { u"2"_s, u"1"_s, u"2"_s }));
        QCOMPARE(model.dedupedLines(), std::size_t(2));
        model.setDedupMode(ui::DedupMode::None);
        QCOMPARE(model.rowCount(), 5);
    }
    void orderAndLevelFilter()
    {
        ui::LogLinesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStreams(sampleStreams(), logs::Direction::Backward);
        model.setSortOrder(ui::LogLinesModel::SortOrder::OldestFirst);
        QCOMPARE(model.index(0, 0).data(ui::LogLinesModel::LineRole).toString(), u"INFO started"_s);
        model.setLevelFilter({ ui::LogLevel::Warn });
        QCOMPARE(column(model, ui::LogLinesModel::LineRole), (QStringList { u"queue is slow"_s, u"queue is slower"_s }));
        QCOMPARE(model.totalLines(), std::size_t(5));
        model.setLevelFilter({});
        logs::Stream late { Labels { { "app", "api" } }, { { 6000, "newest" } } };
        model.appendStreams({ late });
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(5, 0).data(ui::LogLinesModel::LineRole).toString(), u"newest"_s);
    }
    void fieldsAreDetected()
    {
        auto json = ui::parseLineFields("{\"level\":\"error\",\"req\":{\"path\":\"/a\",\"ms\":12.5},\"ok\":true,\"tags\":[1]}");
        QCOMPARE(json.format, ui::ParsedLine::Format::Json);
        QCOMPARE(json.fields.size(), std::size_t(4));
        std::map<std::string, std::string> j(json.fields.begin(), json.fields.end());
        QCOMPARE(j["req_path"], std::string("/a"));
        QCOMPARE(j["req_ms"], std::string("12.5"));
        QCOMPARE(j["ok"], std::string("true"));
        auto logfmt = ui::parseLineFields("ts=1 level=warn msg=\"disk \\\"sda\\\" full\" bare");
        QCOMPARE(logfmt.format, ui::ParsedLine::Format::Logfmt);
        QCOMPARE(logfmt.fields.size(), std::size_t(3));
        QCOMPARE(logfmt.fields[2].second, std::string("disk \"sda\" full"));
        QCOMPARE(ui::parseLineFields("plain words only").format, ui::ParsedLine::Format::None);
    }
    void lineDisplay()
    {
        ui::LineDisplay d;
        QCOMPARE(ui::displayLine(u"a\\nb"_s, d), u"a\\nb"_s);
        d.escapeNewlines = true;
        QCOMPARE(ui::displayLine(u"a\\nb\\tc"_s, d), u"a\nb\tc"_s);
        d = {};
        d.prettifyJson = true;
        QCOMPARE(ui::displayLine(u"{\"a\":1}"_s, d), u"{\n    \"a\": 1\n}"_s);
        QCOMPARE(ui::displayLine(u"{not json"_s, d), u"{not json"_s);
        d = {};
        QCOMPARE(ui::displayLine(u"x\ny"_s, d), u"x\u23CEy"_s);
        const auto patterns = ui::highlightPatterns(u"{a=\"1\"} |= \"a.b\" |~ \"(?i)err\""_s);
        QCOMPARE(patterns.size(), 2);
        const auto ranges = ui::highlightRanges(u"axb a.b ERR"_s, patterns, {});
        QCOMPARE(ranges.size(), 2);
        QCOMPARE(ranges[0].start, 4);
        QCOMPARE(ranges[1].start, 8);
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
