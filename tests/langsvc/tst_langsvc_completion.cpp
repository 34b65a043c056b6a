// Completion against real stores (in memory, through the QueryClient): what a person gets at each situation, scoped
// by what is already typed; fuzzy ranking; cancellation; and completion without data.

#include "core/langsvc/language_service.h"
#include "core/langsvc/query_client_data.h"
#include "cursor_text.h"
#include "small_world.h"

#include <QTest>

#include <algorithm>

using namespace sg;
using namespace sg::langsvc;

class TestCompletion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void items_data();
    void items();
    void labelValueInsertion();
    void metricMetadata();
    void detectedParserFirst();
    void fuzzyRanking();
    void withoutData();
    void variables();
    void cancelled();
    void metadataFromTheClient();
    void dataDiagnostics_data();
    void dataDiagnostics();

private:
    CompletionResult run(Language language, const std::string& marked, std::vector<std::string> variables = {});
    std::unique_ptr<services::QueryClient> m_client;
    std::unique_ptr<QueryClientCompletionData> m_data;
};

namespace {

QStringList labelsOf(const CompletionResult& r, std::size_t max = 1000)
{
    QStringList out;
    for (std::size_t i = 0; i < r.items.size() && i < max; ++i)
        out << QString::fromStdString(r.items[i].label);
    return out;
}

} // namespace

void TestCompletion::initTestCase()
{
    m_client = testing::smallWorld();
    m_data = std::make_unique<QueryClientCompletionData>(m_client.get(), testing::WorldFrom, testing::WorldT0,
        [] {
            return std::vector<MetricMetadata> { { "http_requests_total", "counter", "Requests served.", "" },
                { "go_goroutines", "gauge", "Goroutines that exist.", "" } };
        });
}

CompletionResult TestCompletion::run(Language language, const std::string& marked, std::vector<std::string> variables)
{
    const auto [text, cursor] = testing::cursorText(marked);
    CompletionRequest request { language, text, cursor, std::move(variables), 200 };
    return complete(request, m_data.get());
}

void TestCompletion::items_data()
{
    QTest::addColumn<bool>("logql");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("present"); // these labels are offered
    QTest::addColumn<QStringList>("absent");  // these are not
    QTest::addColumn<QString>("first");       // the first item ("" when not checked)

    // `present` and `absent`: comma-separated labels.
    const auto row = [](const char* name, bool logql, const char* q, const char* present, const char* absent,
                         const char* first = "") {
        const auto list = [](const char* l) { return QString::fromUtf8(l).split(u',', Qt::SkipEmptyParts); };
        QTest::newRow(name) << logql << QString::fromUtf8(q) << list(present) << list(absent) << QString::fromUtf8(first);
    };
    // PromQL
    row("metric prefix", false, "http_‸", "http_requests_total", "go_goroutines,rate", "http_requests_total");
    row("metric fuzzy", false, "ndcpu‸", "node_cpu_seconds_total", "go_goroutines");
    row("functions and metrics", false, "rate(‸", "rate,http_requests_total,sum,histogram_quantile", "");
    row("label names of the metric", false, "go_goroutines{‸", "job", "method,cpu,__name__");
    row("label names exclude typed", false, "http_requests_total{job=\"api\", ‸}", "method,code", "job");
    row("label values scoped", false, "http_requests_total{job=\"‸\"}", "api,web", "");
    row("label values by matchers", false, "node_cpu_seconds_total{mode=\"idle\", cpu=\"‸\"}", "0,1", "api");
    row("label values of metric only", false, "go_goroutines{job=\"‸\"}", "api", "web");
    row("grouping labels", false, "sum by (‸) (rate(node_cpu_seconds_total[5m]))", "cpu,mode", "job");
    row("keywords", false, "http_requests_total o‸", "offset,or,on", "sum");
    row("after aggregation", false, "sum ‸", "by,without", "rate");
    row("at modifier", false, "up @ ‸", "start(),end()", "offset");
    row("durations", false, "rate(http_requests_total[‸", "5m,1h,$__rate_interval,$__interval", "");
    row("duration prefix", false, "rate(x[$__r‸", "$__rate_interval,$__range", "5m");
    // LogQL
    row("stream labels", true, "{‸}", "app,level", "");
    row("stream values", true, "{app=\"‸\"}", "api,web", "");
    row("stream values scoped", true, "{app=\"web\", level=\"‸\"}", "", "info,error");
    row("line filters", true, "{app=\"api\"} ‸", "|=,!=,|~,|", "", "|=");
    row("logfmt fields", true, "{app=\"api\"} | logfmt | ‸", "status,duration,method,path,msg",
        "route");
    row("json fields", true, "{app=\"web\"} | json | ‸", "route,status,bytes,user_id", "path");
    row("field values", true, "{app=\"api\"} | logfmt | method=‸", "GET,POST", "info", "GET");
    row("unwrap numeric", true, "sum_over_time({app=\"web\"} | json | unwrap ‸", "status,bytes",
        "route,user_id");
    row("unwrap durations", true, "sum_over_time({app=\"api\"} | logfmt | unwrap ‸",
        "duration,status", "path,msg");
    row("template fields", true, "{app=\"web\"} | json | line_format \"{{.‸", "route,user_id,__line__", "");
    row("keep", true, "{app=\"web\"} | json | keep ‸", "route,app", "");
    row("grouping", true, "sum by (‸) (count_over_time({app=\"web\"} | json [5m]))", "route,app", "");
    row("range functions", true, "count_‸", "count_over_time", "rate", "count_over_time");
    row("log ranges", true, "count_over_time({app=\"api\"}[‸", "$__auto,5m", "");
}

void TestCompletion::items()
{
    QFETCH(bool, logql);
    QFETCH(QString, query);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    QFETCH(QString, first);
    const CompletionResult r = run(logql ? Language::LogQL : Language::PromQL, query.toStdString());
    const QStringList got = labelsOf(r);
    for (const QString& p : present)
        QVERIFY2(got.contains(p), qPrintable(p + QStringLiteral(" missing from ") + got.join(QStringLiteral(", "))));
    for (const QString& a : absent)
        QVERIFY2(!got.contains(a), qPrintable(a + QStringLiteral(" offered in ") + got.join(QStringLiteral(", "))));
    if (!first.isEmpty())
        QCOMPARE(got.value(0), first);
}

void TestCompletion::labelValueInsertion()
{
    // Without quotes typed, the value comes quoted; inside quotes, escaped only; after =~, regex-escaped.
    auto find = [](const CompletionResult& r, const std::string& label) {
        const auto it = std::find_if(r.items.begin(), r.items.end(), [&](const auto& i) { return i.label == label; });
        return it == r.items.end() ? std::string("<none>") : it->insert;
    };
    QCOMPARE(find(run(Language::PromQL, "http_requests_total{job=‸"), "api"), std::string("\"api\""));
    QCOMPARE(find(run(Language::PromQL, "http_requests_total{job=\"a‸\"}"), "api"), std::string("api"));
    QCOMPARE(find(run(Language::LogQL, "{app=\"api\"} | logfmt | path=‸"), "/items"), std::string("\"/items\""));
    QCOMPARE(find(run(Language::LogQL, "{app=\"api\"} | logfmt | msg=\"‸"), "db timeout"), std::string("db timeout"));
    const CompletionResult regex = run(Language::LogQL, "{app=\"api\"} | logfmt | path=~\"‸\"");
    QCOMPARE(regex.situation.kind, SituationKind::LabelFilterValue);
    QCOMPARE(find(run(Language::PromQL, "node_cpu_seconds_total{mode=~‸"), "idle"), std::string("\"idle\""));
}

void TestCompletion::metricMetadata()
{
    const CompletionResult r = run(Language::PromQL, "http_req‸");
    QVERIFY(!r.items.empty());
    QCOMPARE(r.items[0].label, std::string("http_requests_total"));
    QCOMPARE(r.items[0].kind, std::string("metric"));
    QCOMPARE(r.items[0].detail, std::string("counter"));
    QCOMPARE(r.items[0].documentation, std::string("Requests served."));
    // Functions carry their signature and a line of documentation.
    const CompletionResult f = run(Language::PromQL, "histogram_q‸");
    QCOMPARE(f.items[0].label, std::string("histogram_quantile"));
    QCOMPARE(f.items[0].insert, std::string("histogram_quantile("));
    QVERIFY(f.items[0].detail.find("scalar, instant-vector") != std::string::npos);
    QVERIFY(!f.items[0].documentation.empty());
}

void TestCompletion::detectedParserFirst()
{
    // The sampled lines of each app suit one parser; it comes first, saying so.
    const CompletionResult api = run(Language::LogQL, "{app=\"api\"} | ‸");
    QCOMPARE(api.items[0].label, std::string("logfmt"));
    QVERIFY2(api.items[0].detail.find("detected in") == 0, api.items[0].detail.c_str());
    const CompletionResult web = run(Language::LogQL, "{app=\"web\"} | ‸");
    QCOMPARE(web.items[0].label, std::string("json"));
    // After a parser, the fields it extracts lead, with how often they appear and an example.
    const CompletionResult fields = run(Language::LogQL, "{app=\"web\"} | json | ‸");
    QCOMPARE(fields.items[0].kind, std::string("field"));
    QVERIFY2(fields.items[0].detail.find("in 40 of 40 lines") != std::string::npos, fields.items[0].detail.c_str());
}

void TestCompletion::fuzzyRanking()
{
    QVERIFY(fuzzyScore("rate", "rate") > fuzzyScore("rate", "rate_counter"));
    QVERIFY(fuzzyScore("rate", "rate_counter") > fuzzyScore("rate", "irate"));
    QVERIFY(fuzzyScore("hrt", "http_requests_total") > fuzzyScore("hrt", "shortest"));
    QVERIFY(fuzzyScore("hrt", "http_requests_total") > 0);
    QCOMPARE(fuzzyScore("xyz", "http_requests_total"), -1);
    QCOMPARE(fuzzyScore("", "anything"), 0);
    QVERIFY(fuzzyScore("HTTP", "http_requests_total") >= 2000); // case-insensitive prefix
    const CompletionResult r = run(Language::PromQL, "irat‸");
    QCOMPARE(r.items[0].label, std::string("irate"));
}

void TestCompletion::withoutData()
{
    const auto [text, cursor] = testing::cursorText("sum(rat‸");
    const CompletionResult r = complete({ Language::PromQL, text, cursor, {}, 50 }, nullptr);
    QCOMPARE(r.items[0].label, std::string("rate"));
    const auto labels = testing::cursorText("up{‸");
    QVERIFY(complete({ Language::PromQL, labels.text, labels.cursor, {}, 50 }, nullptr).items.empty());
}

void TestCompletion::variables()
{
    const CompletionResult value = run(Language::PromQL, "http_requests_total{job=‸", { "job", "instance" });
    const QStringList got = labelsOf(value);
    QVERIFY(got.contains(QStringLiteral("$job")));
    const auto it = std::find_if(value.items.begin(), value.items.end(), [](const auto& i) { return i.label == "$job"; });
    QCOMPARE(it->insert, std::string("\"$job\""));
    QVERIFY(labelsOf(run(Language::PromQL, "$j‸", { "job" })).contains(QStringLiteral("$job")));
}

void TestCompletion::cancelled()
{
    std::atomic_bool cancel { true };
    const auto [text, cursor] = testing::cursorText("http_‸");
    const CompletionResult r = complete({ Language::PromQL, text, cursor, {}, 50 }, m_data.get(), &cancel);
    QVERIFY(r.items.empty());
}

void TestCompletion::metadataFromTheClient()
{
    // Without a callback the data asks the client, which asks the scrape manager in the workbench.
    m_client->setMetricMetadataSource([] {
        return std::vector<scrape::MetricMetadata> { { "go_goroutines", scrape::MetricType::Gauge, "Goroutines.", "" },
            { "go_goroutines", scrape::MetricType::Counter, "A second target disagrees.", "" } };
    });
    QueryClientCompletionData data(m_client.get(), testing::WorldFrom, testing::WorldT0);
    const auto [text, cursor] = testing::cursorText("go_gor‸");
    const CompletionResult r = complete({ Language::PromQL, text, cursor, {}, 10 }, &data);
    QCOMPARE(r.items.at(0).label, std::string("go_goroutines"));
    QCOMPARE(r.items.at(0).detail, std::string("gauge"));
    QCOMPARE(r.items.at(0).documentation, std::string("Goroutines."));
    const auto hover = hoverAt(Language::PromQL, "go_goroutines", 3, &data);
    QVERIFY(hover);
    QCOMPARE(hover->markdown, std::string("**go_goroutines** (gauge)\n\nGoroutines."));
    m_client->setMetricMetadataSource({});
    QVERIFY(m_client->metricMetadata().empty());
}

void TestCompletion::dataDiagnostics_data()
{
    QTest::addColumn<bool>("logql");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // "COLUMN message" per diagnostic, in order
    const auto row = [](const char* name, bool logql, const char* q, QStringList expected) {
        QTest::newRow(name) << logql << QString::fromUtf8(q) << expected;
    };
    row("known", false, "sum by (job) (rate(http_requests_total{job=\"api\", code=~\"5..\"}[5m]))", {});
    row("unknown metric", false, "rate(http_request_total[5m])",
        { QStringLiteral("5 unknown metric \"http_request_total\": no series in this store") });
    row("unknown label", false, "go_goroutines{method=\"GET\"}",
        { QStringLiteral("14 no series of go_goroutines has the label \"method\"") });
    row("unknown value", false, "http_requests_total{job=\"db\"}",
        { QStringLiteral("24 no series of http_requests_total has job=\"db\"") });
    row("negative matchers are fine", false, "http_requests_total{job!=\"db\", zone!~\"x\"}", {});
    row("variables not checked", false, "http_requests_total{job=\"$job\"} + $metric", {});
    row("gauge under rate", false, "rate(go_goroutines[5m])",
        { QStringLiteral("5 rate() over \"go_goroutines\", a gauge by its metadata: rate, irate and increase are "
                         "meant for counters") });
    row("parse error only", false, "rate(nope[5m]", { QStringLiteral("0 unclosed left parenthesis") });
    row("stream label", true, "{app=\"api\", zone=\"eu\"} |= \"x\"",
        { QStringLiteral("12 no stream has the label \"zone\"") });
    row("stream value", true, "{app=\"db\"}", { QStringLiteral("5 no stream has app=\"db\"") });
}

void TestCompletion::dataDiagnostics()
{
    QFETCH(bool, logql);
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const std::string text = query.toStdString();
    QStringList got;
    for (const Diagnostic& d : checkWithData(logql ? Language::LogQL : Language::PromQL, text, m_data.get()))
        got << QString::number(d.where.begin) + u' ' + QString::fromStdString(d.message);
    QCOMPARE(got, expected);
}

QTEST_APPLESS_MAIN(TestCompletion)
#include "tst_langsvc_completion.moc"
