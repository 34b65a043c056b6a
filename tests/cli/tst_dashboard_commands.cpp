// `sightglass dashboard convert` and `sightglass dashboard check` as real processes: the shared real dashboards
// convert and check clean; crafted dashboards check the output format, positions in the query as written, exit
// codes and the files that are refused. `sightglass render` writes SVG or PNG by the output's extension.
#include "tests/common/require_peer.h"
#include "tests/common/run_sightglass.h"
#include "tests/common/svg_summary.h"
#include "core/dashboards/dashboard_json.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {

using sg::testing::Run;

QString binary() { return sg::testing::sightglassBinary(); }
Run sightglass(const QStringList& args) { return sg::testing::runSightglass(args); }

QString corpusDir()
{
    return QStringLiteral(SG_SHARED_TESTDATA) + u"/dashboards"_s;
}

void addCorpusRows()
{
    QTest::addColumn<QString>("file");
    const QDir dir(corpusDir());
    if (!dir.exists())
        return;
    for (const QString& name : dir.entryList({ u"*.json"_s }, QDir::Files, QDir::Name))
        QTest::addRow("%s", qPrintable(name)) << dir.filePath(name);
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return path;
}

QString writeJson(const QTemporaryDir& dir, const QString& name, const QJsonObject& json)
{
    return write(dir, name, QJsonDocument(json).toJson());
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// Panel ids of a raw dashboard file: panels[], collapsed rows' panels and legacy rows[] panels.
std::set<int> rawPanelIds(const QJsonObject& d)
{
    std::set<int> ids;
    auto add = [&](const QJsonArray& panels, auto&& self) -> void {
        for (const QJsonValue& v : panels) {
            const QJsonObject p = v.toObject();
            if (p.value(u"id").isDouble())
                ids.insert(p.value(u"id").toInt());
            self(p.value(u"panels").toArray(), self);
        }
    };
    const QJsonObject model = d.value(u"dashboard").isObject() ? d.value(u"dashboard").toObject() : d;
    add(model.value(u"panels").toArray(), add);
    for (const QJsonValue& r : model.value(u"rows").toArray())
        add(r.toObject().value(u"panels").toArray(), add);
    return ids;
}

QJsonObject variable(const QString& name, const QString& type, const QString& value, const QJsonValue& query = {})
{
    QJsonObject v { { u"name"_s, name }, { u"type"_s, type },
        { u"current"_s, QJsonObject { { u"text"_s, value }, { u"value"_s, value } } },
        { u"options"_s, QJsonArray { QJsonObject { { u"text"_s, value }, { u"value"_s, value } } } } };
    if (!query.isUndefined())
        v.insert(u"query"_s, query);
    if (type == u"query")
        v.insert(u"datasource"_s, QJsonObject { { u"type"_s, u"prometheus"_s }, { u"uid"_s, u"prom-uid"_s } });
    return v;
}

QJsonObject ds(const QString& type)
{
    return { { u"type"_s, type }, { u"uid"_s, type + u"-uid"_s } };
}

QJsonObject target(const QString& refId, const QString& expr, const QJsonObject& datasource = {})
{
    QJsonObject t { { u"refId"_s, refId }, { u"expr"_s, expr } };
    if (!datasource.isEmpty())
        t.insert(u"datasource"_s, datasource);
    return t;
}

QJsonObject panel(int id, const QString& title, const QJsonObject& datasource, const QJsonArray& targets)
{
    return { { u"id"_s, id }, { u"type"_s, u"timeseries"_s }, { u"title"_s, title }, { u"datasource"_s, datasource },
        { u"gridPos"_s, QJsonObject { { u"x"_s, 0 }, { u"y"_s, 0 }, { u"w"_s, 12 }, { u"h"_s, 8 } } },
        { u"targets"_s, targets } };
}

/// A current-schema dashboard with a few variables: `job` (longer than `$job`), `bad` (a value that breaks a
/// selector), `level` (multi, All), and the given panels and extra variables.
QJsonObject dashboard(const QJsonArray& panels, const QJsonArray& extraVariables = {})
{
    QJsonArray vars { variable(u"job"_s, u"query"_s, u"a-very-long-value"_s, u"label_values(up, job)"_s),
        variable(u"bad"_s, u"custom"_s, u"a\"b"_s, u"a\"b"_s) };
    QJsonObject level { { u"name"_s, u"level"_s }, { u"type"_s, u"custom"_s }, { u"multi"_s, true },
        { u"includeAll"_s, true }, { u"query"_s, u"info,warn"_s },
        { u"current"_s, QJsonObject { { u"text"_s, u"All"_s }, { u"value"_s, QJsonArray { u"$__all"_s } } } } };
    vars.append(level);
    for (const QJsonValue& v : extraVariables)
        vars.append(v);
    return { { u"title"_s, u"Crafted"_s }, { u"uid"_s, u"crafted"_s }, { u"schemaVersion"_s, CurrentSchemaVersion },
        { u"panels"_s, panels }, { u"templating"_s, QJsonObject { { u"list"_s, vars } } } };
}

} // namespace

class TestDashboardCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(binary()), qPrintable(binary() + u" is missing: build the sightglass target"_s));
        QVERIFY(m_dir.isValid());
    }

    void convertShared_data()
    {
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard corpus cannot run");
        addCorpusRows();
    }
    void convertShared()
    {
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard corpus cannot run");
        QFETCH(QString, file);
        const QString out = m_dir.filePath(QFileInfo(file).fileName());
        const Run run = sightglass({ u"dashboard"_s, u"convert"_s, file, u"--out"_s, out });
        QVERIFY2(run.exitCode == 0, run.dump());

        const QJsonObject json = readJson(out);
        QCOMPARE(json.value(u"schemaVersion").toInt(), CurrentSchemaVersion);
        QVERIFY(!json.contains(u"rows"));
        // Re-importing the output changes nothing more.
        ImportReport report;
        auto again = importDashboardFile(out, &report);
        QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
        QCOMPARE(report.fromSchemaVersion, CurrentSchemaVersion);
        QCOMPARE(report.migrations, QStringList {});
        QCOMPARE(again->toJson(), json);
        // Every panel of the input is still there under its id.
        const std::set<int> before = rawPanelIds(readJson(file));
        std::set<int> after;
        for (const Panel& p : again->allPanels())
            after.insert(p.id());
        QVERIFY(!before.empty());
        for (int id : before)
            QVERIFY2(after.count(id), qPrintable(u"panel %1 lost"_s.arg(id)));
    }

    void convertForSharing()
    {
        const QJsonObject d = dashboard({ panel(1, u"Up"_s, ds(u"prometheus"_s), { target(u"A"_s, u"up"_s) }),
            panel(2, u"Logs"_s, ds(u"loki"_s), { target(u"A"_s, u"{job=\"x\"}"_s) }) });
        const QString in = writeJson(m_dir, u"sharing-in.json"_s, d);
        const QString out = m_dir.filePath(u"sharing-out.json"_s);
        const Run run = sightglass({ u"dashboard"_s, u"convert"_s, in, u"--out"_s, out, u"--for-sharing"_s });
        QVERIFY2(run.exitCode == 0, run.dump());
        const QJsonObject json = readJson(out);
        QStringList inputs;
        for (const QJsonValue& v : json.value(u"__inputs").toArray())
            inputs << v.toObject().value(u"name").toString();
        QCOMPARE(inputs, (QStringList { u"DS_LOKI"_s, u"DS_PROMETHEUS"_s }));
        QVERIFY(json.value(u"__requires").toArray().size() >= 3);
        QVERIFY(json.value(u"id").isNull());
        const QJsonArray panels = json.value(u"panels").toArray();
        QCOMPARE(panels[0].toObject().value(u"datasource").toObject().value(u"uid").toString(), u"${DS_PROMETHEUS}"_s);
        QCOMPARE(panels[1].toObject().value(u"datasource").toObject().value(u"uid").toString(), u"${DS_LOKI}"_s);
        // The shared file imports again.
        QVERIFY(importDashboardFile(out).ok());
    }

    void convertRows()
    {
        // Schema 14: panels live in rows[] with a 12-column span and a row height.
        const QByteArray legacy = R"({
  "title": "Legacy", "schemaVersion": 14,
  "rows": [
    {"title": "First", "height": "250px", "collapse": false, "showTitle": true, "panels": [
      {"id": 1, "type": "graph", "title": "A", "span": 6, "targets": [{"refId": "A", "expr": "up"}]},
      {"id": 2, "type": "singlestat", "title": "B", "span": 6, "targets": [{"refId": "A", "expr": "up"}]}]},
    {"title": "Second", "height": "250px", "collapse": false, "showTitle": true, "panels": [
      {"id": 3, "type": "graph", "title": "C", "span": 12, "targets": [{"refId": "A", "expr": "up"}]}]}
  ]
})";
        const QString in = write(m_dir, u"legacy.json"_s, legacy);
        const QString out = m_dir.filePath(u"legacy-out.json"_s);
        const Run run = sightglass({ u"dashboard"_s, u"convert"_s, in, u"--out"_s, out });
        QVERIFY2(run.exitCode == 0, run.dump());
        QVERIFY2(run.err.contains(in + u": schemaVersion 14 -> 42"_s), run.dump());
        QVERIFY2(run.err.contains(in + u": rows[] -> "_s), run.dump());
        const QJsonObject json = readJson(out);
        QVERIFY(!json.contains(u"rows"));
        std::map<int, QJsonObject> byId;
        for (const QJsonValue& v : json.value(u"panels").toArray())
            byId[v.toObject().value(u"id").toInt()] = v.toObject();
        for (int id : { 1, 2, 3 })
            QVERIFY2(byId.count(id) && byId[id].value(u"gridPos").isObject(), qPrintable(QString::number(id)));
        QCOMPARE(byId[1].value(u"gridPos").toObject().value(u"w").toInt(), 12);
        QCOMPARE(byId[3].value(u"gridPos").toObject().value(u"w").toInt(), 24);
        QCOMPARE(byId[1].value(u"type").toString(), u"timeseries"_s);
        QVERIFY(byId[3].value(u"gridPos").toObject().value(u"y").toInt()
            > byId[1].value(u"gridPos").toObject().value(u"y").toInt());
    }

    void convertRefuses_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); ///< part of the stderr line
        QTest::addRow("bad JSON") << QByteArray("{\"title\": \"x\",\n  \"panels\": [}\n")
                                  << u"invalid JSON at line 2, column"_s;
        QTest::addRow("not an object") << QByteArray("[1, 2]") << u"a dashboard is a JSON object"_s;
        QTest::addRow("not a dashboard") << QByteArray("{\"foo\": 1}") << u"not a Grafana dashboard"_s;
    }
    void convertRefuses()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString in = write(m_dir, u"refused.json"_s, content);
        const Run run = sightglass({ u"dashboard"_s, u"convert"_s, in, u"--out"_s, m_dir.filePath(u"never.json"_s) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith(u"dashboard convert: "_s + in + u": "_s), run.dump());
        QVERIFY2(run.err.contains(expected), run.dump());
        QVERIFY(!QFile::exists(m_dir.filePath(u"never.json"_s)));
    }

    void checkShared_data()
    {
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard corpus cannot run");
        addCorpusRows();
    }
    void checkShared()
    {
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard corpus cannot run");
        QFETCH(QString, file);
        const Run run = sightglass({ u"dashboard"_s, u"check"_s, file });
        QVERIFY2(run.exitCode == 0, run.dump());
        const QStringList lines = run.outLines();
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.last().startsWith(file + u": "_s) && lines.last().endsWith(u" queries checked, 0 errors"_s),
            run.dump());
        const int checked = lines.last().section(u' ', -5, -5).toInt();
        QVERIFY2(checked > 5, run.dump());
    }

    /// One bad target next to a good one in panel 12: the line names panel, refId and the position in the query
    /// as written.
    void checkReportsPosition_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("position"); ///< "line:column: parse error: "
        QTest::addColumn<QString>("message"); ///< part of the parser's message

        QTest::addRow("promql line 2") << u"prometheus"_s << u"sum by (job) (\n  rate(up[5m]]\n)"_s
                                       << u"2:14: parse error: "_s << u"]"_s;
        // `$job` is 4 characters, its value 17: a column in the interpolated text would be 13 further right.
        QTest::addRow("promql after variable") << u"prometheus"_s << u"sum(up{job=\"$job\"}))"_s
                                               << u"1:20: parse error: "_s << u"unexpected right parenthesis"_s;
        QTest::addRow("promql after two variables")
            << u"prometheus"_s << u"up{job=\"$job\", i=\"${job}\"} +"_s << u"1:29: parse error: "_s << u""_s;
        // The value of `bad` closes the string early: the error is inside the replacement, shown at `$bad`.
        QTest::addRow("promql inside a value")
            << u"prometheus"_s << u"up{job=\"$bad\"}"_s << u"1:9: parse error: "_s << u""_s;
        QTest::addRow("promql unknown variable")
            << u"prometheus"_s << u"rate(up[$nope])"_s << u"1:9: parse error: "_s << u""_s;
        QTest::addRow("promql characters not bytes")
            << u"prometheus"_s << u"up{job=\"h\u00e9llo\"})"_s << u"1:16: parse error: "_s << u"right parenthesis"_s;
        QTest::addRow("logql line 2 after variables")
            << u"loki"_s << u"{job=\"$job\"} |~ \"$level\"\n  | logfmt | = \"x\""_s << u"2:14: parse error: "_s
            << u"syntax error"_s;
        QTest::addRow("logql metric") << u"loki"_s << u"sum(rate({job=\"$job\"}[$__auto])) by (level"_s
                                      << u"1:43: parse error: "_s << u""_s;
    }
    void checkReportsPosition()
    {
        QFETCH(QString, type);
        QFETCH(QString, expr);
        QFETCH(QString, position);
        QFETCH(QString, message);
        const QJsonObject d = dashboard({ panel(12, u"Title \"q\""_s, ds(type),
            { target(u"A"_s, type == u"loki" ? u"{job=\"$job\"}"_s : u"up{job=\"$job\"}"_s), target(u"B"_s, expr) }) });
        const QString file = writeJson(m_dir, u"position.json"_s, d);
        const Run run = sightglass({ u"dashboard"_s, u"check"_s, file });
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = run.outLines();
        QCOMPARE(lines.size(), 2);
        const QString prefix = file + u": panel 12 \"Title \\\"q\\\"\" refId B: "_s + position;
        QVERIFY2(lines[0].startsWith(prefix), qPrintable(lines[0] + u"\nexpected: "_s + prefix));
        QVERIFY2(lines[0].contains(message), qPrintable(lines[0]));
        // the variable `job` (label_values(up, job)) is checked too
        QCOMPARE(lines[1], file + u": 3 queries checked, 1 errors"_s);
    }

    void checkVariablesAndPanels()
    {
        QJsonObject hiddenTarget = target(u"C"_s, u"sum(("_s);
        hiddenTarget.insert(u"hide"_s, true);
        QJsonObject row { { u"id"_s, 20 }, { u"type"_s, u"row"_s }, { u"title"_s, u"Collapsed"_s },
            { u"collapsed"_s, true },
            { u"panels"_s, QJsonArray { panel(21, u"Nested"_s, ds(u"prometheus"_s), { target(u"A"_s, u"up{"_s) }) } } };
        QJsonObject cloudwatch = panel(3, u"CW"_s, ds(u"cloudwatch"_s), {});
        cloudwatch.insert(
            u"targets"_s, QJsonArray { QJsonObject { { u"refId"_s, u"A"_s }, { u"namespace"_s, u"AWS/EC2"_s } } });
        const QJsonArray panels { panel(1, u"Good"_s, ds(u"prometheus"_s),
                                      { target(u"A"_s, u"rate(up{job=~\"$job\"}[$__rate_interval])"_s), hiddenTarget,
                                          target(u"D"_s, u""_s) }),
            cloudwatch, row };
        QJsonObject badSelector = variable(u"instance"_s, u"query"_s, {}, u"label_values(up{job=\"$job\", instance)"_s);
        badSelector.insert(u"current"_s, QJsonObject {});
        badSelector.insert(u"options"_s, QJsonArray {});
        const QJsonObject badResult
            = variable(u"top"_s, u"query"_s, u"x"_s, QJsonObject { { u"query"_s, u"query_result(topk(5, up) by)"_s } });
        const QJsonObject goodObject = variable(u"node"_s, u"query"_s, u"n"_s,
            QJsonObject { { u"qryType"_s, 1 }, { u"label"_s, u"instance"_s }, { u"metric"_s, u"up"_s } });
        const QString file
            = writeJson(m_dir, u"variables.json"_s, dashboard(panels, { badSelector, badResult, goodObject }));
        const Run run = sightglass({ u"dashboard"_s, u"check"_s, file });
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = run.outLines();
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0],
            file + u": panel 3 \"CW\" refId A: skipped: datasource type \"cloudwatch\" is not Prometheus or Loki"_s);
        QVERIFY2(
            lines[1].startsWith(file + u": panel 21 \"Nested\" refId A: 1:4: parse error: "_s), qPrintable(lines[1]));
        // label_values' selector ends before ", instance": the error is where it ends in the text as written.
        QVERIFY2(lines[2].startsWith(file + u": variable \"instance\": 1:27: parse error: "_s), qPrintable(lines[2]));
        // `query_result(` is 13 characters and the expression ends after 14 more: "unexpected end of input" at 28
        QVERIFY2(lines[3].startsWith(file + u": variable \"top\": 1:28: parse error: "_s), qPrintable(lines[3]));
        // job (label_values(up, job)), instance, top, node; panels 1 (A) and 21: 6 queries, the rest not run.
        QCOMPARE(lines[4], file + u": 6 queries checked, 3 errors"_s);
    }

    void checkAnnotations()
    {
        QJsonObject d = dashboard({});
        const QJsonArray list {
            QJsonObject { { u"builtIn"_s, 1 }, { u"name"_s, u"Annotations & Alerts"_s },
                { u"datasource"_s, QJsonObject { { u"type"_s, u"grafana"_s }, { u"uid"_s, u"-- Grafana --"_s } } } },
            QJsonObject { { u"name"_s, u"Deploys"_s }, { u"datasource"_s, ds(u"prometheus"_s) }, { u"step"_s, u"1m"_s },
                { u"expr"_s, u"changes(build_info{job=\"$job\"}[$__interval]) >"_s } },
            QJsonObject { { u"name"_s, u"Restarts"_s }, { u"datasource"_s, ds(u"loki"_s) },
                { u"expr"_s, u"{job=\"$job\"} |= \"restart\""_s } },
            QJsonObject { { u"name"_s, u"Tickets"_s }, { u"datasource"_s, ds(u"elasticsearch"_s) },
                { u"expr"_s, u"tags:ticket"_s } },
        };
        d.insert(u"annotations"_s, QJsonObject { { u"list"_s, list } });
        const QString file = writeJson(m_dir, u"annotations.json"_s, d);
        const Run run = sightglass({ u"dashboard"_s, u"check"_s, file });
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = run.outLines();
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(file + u": annotation \"Deploys\": 1:47: parse error: "_s), qPrintable(lines[0]));
        QCOMPARE(lines[1],
            file + u": annotation \"Tickets\": skipped: datasource type \"elasticsearch\" is not Prometheus or Loki"_s);
        QCOMPARE(lines[2], file + u": 3 queries checked, 1 errors"_s); // the variable `job` and two annotations
    }

    void checkExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("no files") << QStringList { u"check"_s } << 2;
        QTest::addRow("unknown option") << QStringList { u"check"_s, u"--strict"_s, u"x.json"_s } << 2;
        QTest::addRow("no verb") << QStringList {} << 2;
        QTest::addRow("unknown verb") << QStringList { u"lint"_s } << 2;
        QTest::addRow("convert without --out") << QStringList { u"convert"_s, u"in.json"_s } << 2;
        QTest::addRow("help") << QStringList { u"--help"_s } << 0;
        QTest::addRow("check help") << QStringList { u"check"_s, u"--help"_s } << 0;
    }
    void checkExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const Run run = sightglass(QStringList { u"dashboard"_s } + args);
        QVERIFY2(run.exitCode == exitCode, run.dump());
        QVERIFY2((exitCode == 0 ? run.out : run.err).contains(u"usage: sightglass dashboard"_s), run.dump());
    }

    void checkUnreadable()
    {
        const QString bad = write(m_dir, u"bad.json"_s, "{\n  \"panels\": [1,\n}");
        const QString missing = m_dir.filePath(u"missing.json"_s);
        const QString good = writeJson(
            m_dir, u"good.json"_s, dashboard({ panel(1, u"Up"_s, ds(u"prometheus"_s), { target(u"A"_s, u"up"_s) }) }));
        const Run run = sightglass({ u"dashboard"_s, u"check"_s, bad, missing, good });
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = run.outLines();
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines[0].startsWith(bad + u": invalid JSON at line 3, column "_s), qPrintable(lines[0]));
        QCOMPARE(lines[1], bad + u": 0 queries checked, 1 errors"_s);
        QVERIFY2(lines[2].startsWith(missing + u": "_s), qPrintable(lines[2]));
        QCOMPARE(lines[3], missing + u": 0 queries checked, 1 errors"_s);
        QCOMPARE(lines[4], good + u": 2 queries checked, 0 errors"_s); // panel 1 and the variable `job`
    }

    void renderPicksSvgByExtension()
    {
        // `render --out F.svg` writes an SVG document (panel titles as text, the series as paths); `--out F.png` a
        // PNG, with the other flags as before.
        const QString file = writeJson(m_dir, u"render.json"_s,
            dashboard({ panel(1, u"Up series"_s, ds(u"prometheus"_s), { target(u"A"_s, u"up"_s) }) }));
        const QString svgPath = m_dir.filePath(u"out.svg"_s);
        const QString pngPath = m_dir.filePath(u"out.png"_s);
        const QStringList common { u"--from"_s, u"now-15m"_s, u"--size"_s, u"800x400"_s, u"--var"_s, u"job=api"_s };
        const Run svgRun = sightglass(QStringList { u"render"_s, file, u"--out"_s, svgPath } + common);
        QVERIFY2(svgRun.exitCode == 0, svgRun.dump());
        QFile svgFile(svgPath);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const sg::testing::SvgSummary svg = sg::testing::summarizeSvg(svgFile.readAll());
        QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
        QVERIFY2(svg.texts.contains(u"Up series"_s), qPrintable(svg.texts.join(u" | "_s)));
        QVERIFY(svg.paths > 0);
        QVERIFY(svg.largestImage < 32 * 32);
        const Run pngRun = sightglass(QStringList { u"render"_s, file, u"--out"_s, pngPath } + common);
        QVERIFY2(pngRun.exitCode == 0, pngRun.dump());
        QFile pngFile(pngPath);
        QVERIFY(pngFile.open(QIODevice::ReadOnly));
        QCOMPARE(pngFile.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDashboardCommands)
#include "tst_dashboard_commands.moc"
