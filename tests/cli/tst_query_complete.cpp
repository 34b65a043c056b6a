// `sightglass query complete` as a real process over a real data dir (written with the stores, read by the command
// without a lock): the JSON items others script against, positions counted in characters, the usage errors.

#include "core/datadir/layout.h"
#include "core/logstore/store.h"
#include "core/tsdb/store.h"
#include "tests/common/run_sightglass.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

class TestQueryComplete : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void items_data();
    void items();
    void itemFields();
    void cursorCountsCharacters();
    void withoutDataDir();
    void usage_data();
    void usage();

private:
    QTemporaryDir m_dir;
};

namespace {

QJsonArray completeJson(const QStringList& args, sg::testing::Run* run = nullptr)
{
    const sg::testing::Run r = sg::testing::runSightglass(QStringList { u"query"_s, u"complete"_s } + args, {}, 30'000);
    if (run)
        *run = r;
    return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

QStringList labels(const QJsonArray& items)
{
    QStringList out;
    for (const auto& v : items)
        out << v.toObject().value(u"label"_s).toString();
    return out;
}

} // namespace

void TestQueryComplete::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        auto metrics = tsdb::Store::open(datadir::metricsDir(m_dir.path()).toStdString());
        QVERIFY2(metrics.ok(), metrics.ok() ? "" : metrics.error().message.c_str());
        tsdb::AppendBatch batch;
        for (const char* job : { "api", "worker" })
            for (const char* code : { "200", "503" })
                batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "job", job }, { "code", code } },
                    now - 60'000, 1 });
        batch.samples.push_back({ Labels { { "__name__", "queue_depth" }, { "job", "worker" } }, now - 60'000, 3 });
        QCOMPARE((*metrics)->append(batch).appended, batch.samples.size());
    }
    {
        auto logs = logs::Store::open(datadir::logsDir(m_dir.path()).toStdString());
        QVERIFY2(logs.ok(), logs.ok() ? "" : logs.error().message.c_str());
        logs::PushBatch push;
        logs::Stream s { Labels { { "app", "api" } }, {} };
        for (int i = 0; i < 10; ++i)
            s.entries.push_back({ (now - 60'000 + i) * 1'000'000LL,
                "{\"status\":" + std::to_string(200 + i % 2 * 300) + ",\"route\":\"/r\"}", {} });
        push.streams.push_back(s);
        QCOMPARE((*logs)->push(push).accepted, std::size_t(10));
    }
}

void TestQueryComplete::items_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QStringList>("all"); // exactly these labels, when not empty
    QTest::newRow("metric") << u"promql"_s << u"http_"_s << 5 << u"http_requests_total"_s << QStringList();
    QTest::newRow("label values scoped") << u"promql"_s << u"queue_depth{job=\"\"}"_s << 17 << u"worker"_s
                                         << QStringList { u"worker"_s };
    QTest::newRow("label values") << u"promql"_s << u"http_requests_total{code=\"\"}"_s << 26 << u"200"_s
                                  << QStringList { u"200"_s, u"503"_s };
    QTest::newRow("label names") << u"promql"_s << u"http_requests_total{job=\"api\",}"_s << 30 << u"code"_s
                                 << QStringList { u"code"_s };
    QTest::newRow("stream labels") << u"logql"_s << u"{}"_s << 1 << u"app"_s << QStringList { u"app"_s };
    QTest::newRow("json fields") << u"logql"_s << u"{app=\"api\"} | json | "_s << 21 << QString()
                                 << QStringList();
    QTest::newRow("field values") << u"logql"_s << u"{app=\"api\"} | json | status="_s << 28 << u"200"_s
                                  << QStringList { u"200"_s, u"500"_s };
}

void TestQueryComplete::items()
{
    QFETCH(QString, lang);
    QFETCH(QString, query);
    QFETCH(int, cursor);
    QFETCH(QString, first);
    QFETCH(QStringList, all);
    sg::testing::Run run;
    const QJsonArray items = completeJson(
        { u"--lang"_s, lang, u"--cursor"_s, QString::number(cursor), u"--data-dir"_s, m_dir.path(), query }, &run);
    QVERIFY2(run.exitCode == 0, run.dump());
    QVERIFY2(!items.isEmpty(), run.dump());
    if (!first.isEmpty())
        QCOMPARE(labels(items).value(0), first);
    if (!all.isEmpty())
        QCOMPARE(labels(items), all);
    if (query.endsWith(u"| json | "_s)) {
        QVERIFY(labels(items).contains(u"status"_s));
        QVERIFY(labels(items).contains(u"route"_s));
    }
}

void TestQueryComplete::itemFields()
{
    // Every item has exactly the documented fields (documentation only when there is some).
    const QJsonArray items = completeJson({ u"--lang"_s, u"promql"_s, u"--cursor"_s, u"4"_s, u"--data-dir"_s,
        m_dir.path(), u"rate"_s });
    QVERIFY(!items.isEmpty());
    const QJsonObject rate = items.first().toObject();
    QCOMPARE(rate.value(u"label"_s).toString(), u"rate"_s);
    QCOMPARE(rate.value(u"kind"_s).toString(), u"function"_s);
    QCOMPARE(rate.value(u"insert"_s).toString(), u"rate("_s);
    QVERIFY(rate.value(u"detail"_s).toString().startsWith(u"rate(range-vector)"_s));
    for (const auto& v : items) {
        const QJsonObject o = v.toObject();
        for (const QString& key : o.keys())
            QVERIFY2(QStringList({ u"label"_s, u"kind"_s, u"detail"_s, u"insert"_s, u"documentation"_s }).contains(key),
                qPrintable(key));
        QVERIFY(o.contains(u"label"_s) && o.contains(u"kind"_s) && o.contains(u"detail"_s) && o.contains(u"insert"_s));
    }
}

void TestQueryComplete::cursorCountsCharacters()
{
    // `é` is two bytes but one character: the cursor after `{x="é", ` is character 9.
    sg::testing::Run run;
    const QJsonDocument doc = QJsonDocument::fromJson(
        sg::testing::runSightglass({ u"query"_s, u"complete"_s, u"--lang"_s, u"promql"_s, u"--cursor"_s, u"9"_s,
                                       u"--json-situation"_s, u"{x=\"é\", jo}"_s },
            {}, 30'000)
            .out.toUtf8());
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(u"situation"_s).toString(), u"label-name"_s);
    QCOMPARE(o.value(u"prefix"_s).toString(), u"j"_s);
    QCOMPARE(o.value(u"replace"_s).toArray(), (QJsonArray { 8, 10 }));
}

void TestQueryComplete::withoutDataDir()
{
    // Functions, keywords and durations need no data.
    const QJsonArray items = completeJson({ u"--lang"_s, u"promql"_s, u"--cursor"_s, u"7"_s, u"rate(x["_s });
    QVERIFY(labels(items).contains(u"5m"_s));
    QVERIFY(labels(items).contains(u"$__rate_interval"_s));
}

void TestQueryComplete::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("no lang") << QStringList { u"--cursor"_s, u"1"_s, u"x"_s } << 2;
    QTest::newRow("no cursor") << QStringList { u"--lang"_s, u"promql"_s, u"x"_s } << 2;
    QTest::newRow("bad cursor") << QStringList { u"--lang"_s, u"promql"_s, u"--cursor"_s, u"-1"_s, u"x"_s } << 2;
    QTest::newRow("no query") << QStringList { u"--lang"_s, u"promql"_s, u"--cursor"_s, u"0"_s } << 2;
    QTest::newRow("missing data dir") << QStringList { u"--lang"_s, u"promql"_s, u"--cursor"_s, u"0"_s, u"--data-dir"_s,
        u"/nonexistent/sightglass"_s, u"x"_s } << 1;
}

void TestQueryComplete::usage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const sg::testing::Run r = sg::testing::runSightglass(QStringList { u"query"_s, u"complete"_s } + args, {}, 30'000);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(!r.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestQueryComplete)
#include "tst_query_complete.moc"
