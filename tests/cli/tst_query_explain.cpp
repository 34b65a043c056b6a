// `sightglass query explain` as a real process: the tree without data, every node evaluated against a data dir's
// stores (opened read-only) at --time, as text and as --json; exit 1 on a parse error, 2 on usage errors.

#include "core/logstore/store.h"
#include "core/tsdb/store.h"
#include "tests/common/explain_data.h"
#include "tests/common/run_sightglass.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

/// The output with each ` · N.N ms` timing replaced by ` · T ms`, for exact comparison.
QString withoutTimings(QString out)
{
    static const QRegularExpression ms(u" · [0-9]+\\.[0-9] ms"_s);
    return out.replace(ms, u" · T ms"_s);
}

} // namespace

class TestQueryExplain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        {
            sg::tsdb::StoreOptions options;
            options.retention = 0;
            auto metrics = sg::tsdb::Store::open(m_dir.filePath(u"metrics"_s).toStdString(), options);
            QVERIFY(metrics.ok());
            QVERIFY((*metrics)->append(sg::testing::explainMetrics()).error.empty());
            auto logStore = sg::logs::Store::open(m_dir.filePath(u"logs"_s).toStdString());
            QVERIFY(logStore.ok());
            (*logStore)->push(sg::testing::explainLogs());
        }
        m_time = QString::number(sg::testing::ExplainAt / 1000);
    }

    void treeWithoutData()
    {
        const auto r = sg::testing::runSightglass(
            { u"query"_s, u"explain"_s, u"--lang"_s, u"promql"_s, u"sum by (job) (rate(http_requests_total[5m]))"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        QCOMPARE(r.out,
            u"sum by (job) (rate(http_requests_total[5m]))  — sum, keeping job\n"
            "  rate(http_requests_total[5m])  — per-second rate over 5m\n"
            "    http_requests_total[5m]  — the last 5m of samples of series http_requests_total\n"_s);
    }

    void evaluatedText()
    {
        const auto r = sg::testing::runSightglass({ u"query"_s, u"explain"_s, u"--lang"_s, u"promql"_s, u"--data-dir"_s,
            m_dir.path(), u"--time"_s, m_time, u"a / on(job) b"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        QCOMPARE(withoutTimings(r.out),
            u"a / on (job) b  — left divided by right, matching on job  · 1 series · T ms\n"
            "    matched: left 1 of 2, right 1 of 2\n"
            "    unmatched left: a{job=\"db\"}\n"
            "    unmatched right: b{job=\"web\"}\n"
            "    = {job=\"api\"} 5\n"
            "  a  — series a  · 2 series · T ms\n"
            "      = a{job=\"api\"} 10\n"
            "      = a{job=\"db\"} 20\n"
            "  b  — series b  · 2 series · T ms\n"
            "      = b{job=\"api\"} 2\n"
            "      = b{job=\"web\"} 4\n"_s);
    }

    void evaluatedLogqlJson()
    {
        const auto r = sg::testing::runSightglass({ u"query"_s, u"explain"_s, u"--lang"_s, u"logql"_s, u"--data-dir"_s,
            m_dir.path(), u"--time"_s, m_time, u"--json"_s, u"{app=\"api\"} | json"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(root.value(u"expr"_s).toString(), u"{app=\"api\"} | json"_s);
        QCOMPARE(root.value(u"kind"_s).toString(), u"parser"_s);
        QCOMPARE(root.value(u"range"_s).toArray(), (QJsonArray { 0, 18 }));
        const QJsonObject stage = root.value(u"eval"_s).toObject().value(u"stage"_s).toObject();
        QCOMPARE(stage.value(u"linesIn"_s).toInt(), 7);
        QCOMPARE(stage.value(u"linesOut"_s).toInt(), 7);
        QCOMPARE(stage.value(u"fieldsAdded"_s).toArray(), (QJsonArray { u"level"_s, u"msg"_s }));
        QCOMPARE(stage.value(u"errors"_s).toObject().value(u"JSONParserErr"_s).toInt(), 2);
        const QJsonObject selector = root.value(u"children"_s).toArray().at(0).toObject();
        QCOMPARE(selector.value(u"kind"_s).toString(), u"selector"_s);
        QCOMPARE(selector.value(u"eval"_s).toObject().value(u"lines"_s).toInt(), 7);
        QCOMPARE(selector.value(u"children"_s).toArray().size(), 0);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("err");
        QTest::addRow("parse error") << QStringList { u"--lang"_s, u"promql"_s, u"sum(rate(x[5m])"_s } << 1
                                     << u"1:1: parse error: unclosed left parenthesis\n"_s;
        QTest::addRow("no query") << QStringList { u"--lang"_s, u"promql"_s } << 2 << QString();
        QTest::addRow("bad language") << QStringList { u"--lang"_s, u"sql"_s, u"x"_s } << 2 << QString();
        QTest::addRow("two queries") << QStringList { u"x"_s, u"y"_s } << 2 << QString();
        QTest::addRow("bad time") << QStringList { u"--time"_s, u"soon"_s, u"x"_s } << 2 << QString();
        QTest::addRow("missing data dir") << QStringList { u"--data-dir"_s, u"/nonexistent/sg"_s, u"x"_s } << 1
                                          << u"query explain: /nonexistent/sg: no such data dir\n"_s;
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, err);
        const auto r = sg::testing::runSightglass(QStringList { u"query"_s, u"explain"_s } + args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.out, QString());
        if (!err.isEmpty())
            QCOMPARE(r.err, err);
        else
            QVERIFY2(r.err.contains(u"usage: sightglass query explain"_s), r.dump());
    }

private:
    QTemporaryDir m_dir;
    QString m_time;
};

QTEST_GUILESS_MAIN(TestQueryExplain)
#include "tst_query_explain.moc"
