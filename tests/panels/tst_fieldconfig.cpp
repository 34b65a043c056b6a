// Grafana's field config semantics; expected values follow @grafana/data's fieldReducer.ts, thresholds.ts,
// valueMappings.ts, fieldColor.ts, createVisualizationColors.ts, fieldOverrides.ts and displayProcessor.ts.
#include "core/fieldconfig/colors.h"
#include "core/fieldconfig/display.h"
#include "core/fieldconfig/field_color.h"
#include "core/fieldconfig/field_config.h"
#include "core/fieldconfig/field_display.h"
#include "core/fieldconfig/reducers.h"
#include "core/fieldconfig/thresholds.h"
#include "core/fieldconfig/value_mappings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <cfloat>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace sg::fieldconfig;
using sg::query::SeriesFrame;

namespace {
constexpr double N = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

QJsonObject obj(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

SeriesFrame frame(
    const QString& name, std::vector<double> values, const QString& refId = u"A"_s, sg::query::LabelPairs labels = {})
{
    SeriesFrame s;
    s.name = name;
    s.refId = refId;
    s.labels = std::move(labels);
    for (std::size_t i = 0; i < values.size(); ++i)
        s.timesMs.push_back(qint64(i) * 1000);
    s.values = std::move(values);
    return s;
}

bool sameNumber(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return a == b || std::fabs(a - b) < 1e-9 * std::max(1.0, std::fabs(b));
}
} // namespace

Q_DECLARE_METATYPE(std::vector<double>)

class TestFieldConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reducers_data();
    void reducers();
    void reducerRegistry();
    void jsNumbers_data();
    void jsNumbers();
    void namedColors_data();
    void namedColors();
    void palette();
    void continuous_data();
    void continuous();
    void byNameAndShades();
    void chromaticSchemes_data();
    void chromaticSchemes();
    void thresholds_data();
    void thresholds();
    void mappings_data();
    void mappings();
    void overrides();
    void displayNames_data();
    void displayNames();
    void ranges();
    void displayProcessor();
    void displayColor_data();
    void displayColor();
    void fieldDisplayValues();
};

void TestFieldConfig::reducers_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("reducer");
    QTest::addColumn<double>("expected");

    const std::vector<double> gaps { N, 1, N, 3, 2, N };
    const QString ignore = u"connected"_s;
    QTest::addRow("first is raw") << gaps << ignore << u"first"_s << N;
    QTest::addRow("firstNotNull") << gaps << ignore << u"firstNotNull"_s << 1.0;
    QTest::addRow("last is raw") << gaps << ignore << u"last"_s << N;
    QTest::addRow("lastNotNull") << gaps << ignore << u"lastNotNull"_s << 2.0;
    QTest::addRow("current alias") << gaps << ignore << u"current"_s << 2.0;
    QTest::addRow("min") << gaps << ignore << u"min"_s << 1.0;
    QTest::addRow("max") << gaps << ignore << u"max"_s << 3.0;
    QTest::addRow("mean skips nulls") << gaps << ignore << u"mean"_s << 2.0;
    QTest::addRow("avg alias") << gaps << ignore << u"avg"_s << 2.0;
    QTest::addRow("sum") << gaps << ignore << u"sum"_s << 6.0;
    QTest::addRow("count skips nulls") << gaps << ignore << u"count"_s << 3.0;
    QTest::addRow("countAll") << gaps << ignore << u"countAll"_s << 6.0;
    QTest::addRow("range") << gaps << ignore << u"range"_s << 2.0;
    QTest::addRow("diff") << gaps << ignore << u"diff"_s << 1.0;
    QTest::addRow("diffperc") << gaps << ignore << u"diffperc"_s << 100.0;
    QTest::addRow("delta stops at reset") << gaps << ignore << u"delta"_s << 2.0;
    QTest::addRow("step is smallest difference") << gaps << ignore << u"step"_s << -1.0;
    QTest::addRow("changeCount") << gaps << ignore << u"changeCount"_s << 2.0;
    QTest::addRow("distinctCount") << gaps << ignore << u"distinctCount"_s << 3.0;
    QTest::addRow("allIsNull") << gaps << ignore << u"allIsNull"_s << 0.0;
    QTest::addRow("allIsZero") << gaps << ignore << u"allIsZero"_s << 0.0;
    QTest::addRow("logmin") << gaps << ignore << u"logmin"_s << 1.0;
    QTest::addRow("median odd") << gaps << ignore << u"median"_s << 2.0;
    QTest::addRow("median even") << std::vector<double> { 4, 1, 3, 2 } << ignore << u"median"_s << 2.5;
    QTest::addRow("variance population") << gaps << ignore << u"variance"_s << 2.0 / 3.0;
    QTest::addRow("stdDev") << gaps << ignore << u"stdDev"_s << std::sqrt(2.0 / 3.0);
    QTest::addRow("p50") << gaps << ignore << u"p50"_s << 2.0;
    QTest::addRow("p90 rounds index") << gaps << ignore << u"p90"_s << 3.0;

    // delta: a counter reset is not counted, nor is the first rise after it (current fieldReducer.ts).
    QTest::addRow("delta over reset") << std::vector<double> { 1, 5, 2, 4, 6 } << ignore << u"delta"_s << 6.0;

    const std::vector<double> empty;
    QTest::addRow("empty sum") << empty << ignore << u"sum"_s << 0.0;
    QTest::addRow("empty count") << empty << ignore << u"count"_s << 0.0;
    QTest::addRow("empty allIsNull") << empty << ignore << u"allIsNull"_s << 1.0;
    QTest::addRow("empty allIsZero") << empty << ignore << u"allIsZero"_s << 0.0;
    QTest::addRow("empty max") << empty << ignore << u"max"_s << N;
    QTest::addRow("empty mean") << empty << ignore << u"mean"_s << N;

    const std::vector<double> nulls { N, N };
    QTest::addRow("nulls allIsNull") << nulls << ignore << u"allIsNull"_s << 1.0;
    QTest::addRow("nulls allIsZero") << nulls << ignore << u"allIsZero"_s << 0.0;
    QTest::addRow("nulls count") << nulls << ignore << u"count"_s << 0.0;
    QTest::addRow("nulls max") << nulls << ignore << u"max"_s << N;
    QTest::addRow("nulls diffperc stays 0") << nulls << ignore << u"diffperc"_s << 0.0;
    QTest::addRow("nulls logmin stays MAX_VALUE") << nulls << ignore << u"logmin"_s << DBL_MAX;
    QTest::addRow("zeros allIsZero") << std::vector<double> { 0, 0 } << ignore << u"allIsZero"_s << 1.0;

    const std::vector<double> withNull { 1, N, 1 };
    QTest::addRow("null mode count") << withNull << u"null"_s << u"count"_s << 3.0;
    QTest::addRow("null mode changeCount") << withNull << u"null"_s << u"changeCount"_s << 2.0;
    QTest::addRow("null mode distinctCount") << withNull << u"null"_s << u"distinctCount"_s << 2.0;
    QTest::addRow("null mode mean") << withNull << u"null"_s << u"mean"_s << 1.0;
    QTest::addRow("as zero mean") << std::vector<double> { 1, N, 3 } << u"null as zero"_s << u"mean"_s << 4.0 / 3.0;
    QTest::addRow("as zero min") << std::vector<double> { 1, N, 3 } << u"null as zero"_s << u"min"_s << 0.0;
    QTest::addRow("unknown reducer") << gaps << ignore << u"nope"_s << N;
}

void TestFieldConfig::reducers()
{
    QFETCH(std::vector<double>, values);
    QFETCH(QString, mode);
    QFETCH(QString, reducer);
    QFETCH(double, expected);
    const double got = reduce(reducer, values, nullValueModeFromString(mode));
    QVERIFY2(sameNumber(got, expected), qPrintable(u"%1 != %2"_s.arg(got).arg(expected)));
    // The shared standard pass gives the same answer as the single reducer.
    const auto many = reduce(QStringList { u"max"_s, reducer, u"sum"_s }, values, nullValueModeFromString(mode));
    QVERIFY(sameNumber(many[1], expected));
}

void TestFieldConfig::reducerRegistry()
{
    const auto& list = reducerList();
    QCOMPARE(list.front().id, u"lastNotNull"_s);
    QCOMPARE(list.front().name, u"Last *"_s);
    QVERIFY(reducerInfo(u"p99"));
    QCOMPARE(reducerInfo(u"p1")->name, u"1st %"_s);
    QCOMPARE(reducerInfo(u"p12")->name, u"12th %"_s);
    QCOMPARE(reducerInfo(u"p22")->name, u"22nd %"_s);
    QCOMPARE(reducerInfo(u"total")->id, u"sum"_s);
    QVERIFY(!reducerInfo(u"count")->preservesUnits);
    QVERIFY(reducerInfo(u"allIsNull")->isBoolean);
}

void TestFieldConfig::jsNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::addRow("int") << 1.0 << u"1"_s;
    QTest::addRow("half") << 0.5 << u"0.5"_s;
    QTest::addRow("negative") << -2.5 << u"-2.5"_s;
    QTest::addRow("fraction") << 123.456 << u"123.456"_s;
    QTest::addRow("1e20") << 1e20 << u"100000000000000000000"_s;
    QTest::addRow("1e21") << 1e21 << u"1e+21"_s;
    QTest::addRow("1e-6") << 1e-6 << u"0.000001"_s;
    QTest::addRow("1e-7") << 1e-7 << u"1e-7"_s;
    QTest::addRow("1.5e-7") << 1.5e-7 << u"1.5e-7"_s;
    QTest::addRow("0.1+0.2") << (0.1 + 0.2) << u"0.30000000000000004"_s;
    QTest::addRow("NaN") << N << u"NaN"_s;
    QTest::addRow("-Inf") << -Inf << u"-Infinity"_s;
}

void TestFieldConfig::jsNumbers()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(jsNumberToString(value), expected);
}

void TestFieldConfig::namedColors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addRow("green") << u"green"_s << u"#73BF69"_s;
    QTest::addRow("red") << u"red"_s << u"#F2495C"_s;
    QTest::addRow("orange") << u"orange"_s << u"#FF9830"_s;
    QTest::addRow("yellow") << u"yellow"_s << u"#FADE2A"_s;
    QTest::addRow("blue") << u"blue"_s << u"#5794F2"_s;
    QTest::addRow("purple") << u"purple"_s << u"#B877D9"_s;
    QTest::addRow("dark-red") << u"dark-red"_s << u"#C4162A"_s;
    QTest::addRow("semi-dark-green") << u"semi-dark-green"_s << u"#56A64B"_s;
    QTest::addRow("light-blue") << u"light-blue"_s << u"#8AB8FF"_s;
    QTest::addRow("super-light-purple") << u"super-light-purple"_s << u"#DEB6F2"_s;
    QTest::addRow("dark-yellow") << u"dark-yellow"_s << u"#E0B400"_s;
    QTest::addRow("text") << u"text"_s << u"rgb(204, 204, 220)"_s;
    QTest::addRow("transparent") << u"transparent"_s << u"rgba(0,0,0,0)"_s;
    QTest::addRow("panel-bg") << u"panel-bg"_s << u"#181b1f"_s;
    QTest::addRow("hex passes") << u"#123456"_s << u"#123456"_s;
    QTest::addRow("rgba passes") << u"rgba(1, 2, 3, 0.5)"_s << u"rgba(1, 2, 3, 0.5)"_s;
    QTest::addRow("css name") << u"Gold"_s << u"#ffd700"_s;
    QTest::addRow("empty falls back") << QString() << u"#808080"_s;
}

void TestFieldConfig::namedColors()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(colorByName(name), expected);
}

void TestFieldConfig::palette()
{
    const QStringList& p = classicPalette();
    QCOMPARE(p.size(), 64);
    QCOMPARE(p.mid(0, 6), (QStringList { u"green"_s, u"yellow"_s, u"blue"_s, u"orange"_s, u"red"_s, u"purple"_s }));
    QCOMPARE(p.at(18), u"#447EBC"_s);
    QCOMPARE(p.last(), u"#DEDAF7"_s);

    FieldConfig c = FieldConfig::fromJson(obj(R"({"color": {"mode": "palette-classic"}})"));
    c.seriesIndex = 2;
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), u"#5794F2"_s);
    c.seriesIndex = 64 + 4;
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), u"#F2495C"_s);
    QCOMPARE(seriesColor(c, { 1, 2 }), u"#F2495C"_s);
}

void TestFieldConfig::continuous_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("percent");
    QTest::addColumn<QString>("expected");
    // d3's interpolateRgbBasis: endpoints are the colours, a 2-colour scheme is linear.
    QTest::addRow("GrYlRd 0") << u"continuous-GrYlRd"_s << 0.0 << u"rgb(115, 191, 105)"_s;
    QTest::addRow("GrYlRd 1") << u"continuous-GrYlRd"_s << 1.0 << u"rgb(242, 73, 92)"_s;
    QTest::addRow("GrYlRd 0.5 (B-spline)") << u"continuous-GrYlRd"_s << 0.5 << u"rgb(226, 192, 61)"_s;
    QTest::addRow("GrYlRd clamps") << u"continuous-GrYlRd"_s << 7.0 << u"rgb(242, 73, 92)"_s;
    QTest::addRow("BlPu 0.5 linear") << u"continuous-BlPu"_s << 0.5 << u"rgb(136, 134, 230)"_s;
    QTest::addRow("blues from panel-bg") << u"continuous-blues"_s << 0.0 << u"rgb(24, 27, 31)"_s;
    QTest::addRow("reds to dark-red") << u"continuous-reds"_s << 1.0 << u"rgb(196, 22, 42)"_s;
}

void TestFieldConfig::continuous()
{
    QFETCH(QString, mode);
    QFETCH(double, percent);
    QFETCH(QString, expected);
    FieldConfig c;
    c.color.mode = mode;
    QCOMPARE(fieldColor(c, 0, percent, fallbackThreshold()), expected);
    QVERIFY(isByValueColorMode(mode));
}

void TestFieldConfig::byNameAndShades()
{
    QCOMPARE(stringHash(u""), 5381u);
    QCOMPARE(stringHash(u"abc"), 193415941u);
    FieldConfig c;
    c.color.mode = u"palette-classic-by-name"_s;
    c.seriesName = u"server-1"_s;
    const QString first = fieldColor(c, 0, 0, fallbackThreshold());
    c.seriesIndex = 5; // by name: the index does not matter
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), first);
    // Dark palette colours that do not read on the panel background are left out.
    QVERIFY(contrastRatio(first, u"#181b1f") >= 3.0);
    QVERIFY(contrastRatio(u"#052B51", u"#181b1f") < 3.0);
    QCOMPARE(contrastRatio(u"#000000", u"#ffffff"), 21.0);

    c.color.mode = u"shades"_s;
    c.color.fixedColor = u"blue"_s;
    c.seriesIndex = 0;
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), u"#5794F2"_s);
    const QStringList shades = shadesOf(u"blue"_s);
    QCOMPARE(shades.size(), 11);
    QCOMPARE(QSet<QString>(shades.begin(), shades.end()).size(), 11);
    c.seriesIndex = 11;
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), u"#5794F2"_s);

    c.color.mode = u"fixed"_s;
    c.color.fixedColor = u"dark-orange"_s;
    QCOMPARE(fieldColor(c, 0, 0, fallbackThreshold()), u"#FA6400"_s);
    QVERIFY(!isByValueColorMode(u"fixed"_s));
}

void TestFieldConfig::chromaticSchemes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("t");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("invertOnDark");
    // d3-scale-chromatic's stops; between two stops the colour is linear.
    QTest::addRow("Oranges low") << u"Oranges"_s << 0.0 << u"#fff5eb"_s << true;
    QTest::addRow("Oranges high") << u"Oranges"_s << 1.0 << u"#7f2704"_s << true;
    QTest::addRow("Oranges clamps") << u"Oranges"_s << 3.0 << u"#7f2704"_s << true;
    QTest::addRow("Blues middle stop") << u"Blues"_s << 0.5 << u"#6baed6"_s << true;
    QTest::addRow("Spectral middle stop") << u"Spectral"_s << 0.5 << u"#ffffbf"_s << false;
    QTest::addRow("Viridis between stops") << u"Viridis"_s << 0.0625 << u"#461768"_s << false;
    QTest::addRow("case-insensitive") << u"rdylbu"_s << 0.0 << u"#a50026"_s << false;
    QTest::addRow("unknown is Oranges") << u"Nope"_s << 0.0 << u"#fff5eb"_s << true;
}

void TestFieldConfig::chromaticSchemes()
{
    QFETCH(QString, name);
    QFETCH(double, t);
    QFETCH(QString, expected);
    QFETCH(bool, invertOnDark);
    const ChromaticScheme& scheme = chromaticScheme(name);
    QCOMPARE(sampleChromaticScheme(scheme, t).toHex(), expected);
    QCOMPARE(scheme.invertOnDark, invertOnDark);
    QCOMPARE(sg::fieldconfig::chromaticSchemes().size(), std::size_t(21));
    QCOMPARE(QLatin1StringView(sg::fieldconfig::chromaticSchemes().front().name), u"Blues");
}

void TestFieldConfig::thresholds_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("percent");
    QTest::addColumn<QString>("color");
    const QString std = uR"({"mode": "absolute", "steps": [{"color": "green", "value": null},
        {"color": "red", "value": 80}]})"_s;
    QTest::addRow("below") << std << 50.0 << 0.0 << u"green"_s;
    QTest::addRow("at step") << std << 80.0 << 0.0 << u"red"_s;
    QTest::addRow("above") << std << 1000.0 << 0.0 << u"red"_s;
    QTest::addRow("-Inf is base") << std << -Inf << 0.0 << u"green"_s;
    QTest::addRow("below base still base") << uR"({"steps": [{"color": "blue", "value": 10},
        {"color": "red", "value": 20}]})"_s << 5.0
                                           << 0.0 << u"blue"_s;
    const QString pct = uR"({"mode": "percentage", "steps": [{"color": "green", "value": null},
        {"color": "orange", "value": 50}, {"color": "red", "value": 90}]})"_s;
    QTest::addRow("percent orange") << pct << 999.0 << 0.6 << u"orange"_s;
    QTest::addRow("percent red") << pct << 0.0 << 0.95 << u"red"_s;
    QTest::addRow("unsorted steps") << uR"({"steps": [{"color": "red", "value": 80},
        {"color": "green", "value": null}]})"_s
                                    << 85.0 << 0.0 << u"red"_s;
    QTest::addRow("no steps: fallback") << u"{}"_s << 1.0 << 0.0 << u"#808080"_s;
}

void TestFieldConfig::thresholds()
{
    QFETCH(QString, json);
    QFETCH(double, value);
    QFETCH(double, percent);
    QFETCH(QString, color);
    const auto t = ThresholdsConfig::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    QCOMPARE(getActiveThresholdForValue(t, value, percent).color, color);
}

void TestFieldConfig::mappings_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("text"); // "-" : no match

    const QString value = uR"([{"type": "value", "options": {"1": {"text": "Up", "color": "green"},
        "0.5": {"text": "Half"}}}])"_s;
    QTest::addRow("value 1") << value << u"number"_s << u"1"_s << u"Up"_s;
    QTest::addRow("value 0.5") << value << u"number"_s << u"0.5"_s << u"Half"_s;
    QTest::addRow("value miss") << value << u"number"_s << u"2"_s << u"-"_s;
    QTest::addRow("value string key") << value << u"string"_s << u"1"_s << u"Up"_s;
    QTest::addRow("value null skipped") << value << u"null"_s << QString() << u"-"_s;

    const QString range = uR"([{"type": "range", "options": {"from": 0, "to": 10, "result": {"text": "Low"}}},
        {"type": "range", "options": {"from": 10, "result": {"text": "High"}}}])"_s;
    QTest::addRow("range inside") << range << u"number"_s << u"5"_s << u"Low"_s;
    QTest::addRow("range inclusive") << range << u"number"_s << u"10"_s << u"Low"_s;
    QTest::addRow("range open end") << range << u"number"_s << u"1e6"_s << u"High"_s;
    QTest::addRow("range below") << range << u"number"_s << u"-1"_s << u"-"_s;
    QTest::addRow("range numeric string") << range << u"string"_s << u"7 ms"_s << u"Low"_s;
    QTest::addRow("range null from is 0") << uR"([{"type": "range", "options": {"from": null, "to": 5,
        "result": {"text": "x"}}}])"_s << u"number"_s
                                          << u"-3"_s << u"-"_s;

    const QString regex = uR"([{"type": "regex", "options": {"pattern": "/(\\w+)-(\\d+)/",
        "result": {"text": "#$2 on $1"}}}])"_s;
    QTest::addRow("regex groups") << regex << u"string"_s << u"web-42"_s << u"#42 on web"_s;
    QTest::addRow("regex numbers never match") << uR"([{"type": "regex", "options": {"pattern": ".*",
        "result": {"text": "any"}}}])"_s << u"number"_s
                                               << u"3"_s << u"-"_s;
    QTest::addRow("regex plain is anchored") << uR"([{"type": "regex", "options": {"pattern": "web",
        "result": {"text": "w"}}}])"_s << u"string"_s
                                             << u"xweb"_s << u"-"_s;
    QTest::addRow("regex flags") << uR"([{"type": "regex", "options": {"pattern": "/^WEB$/i",
        "result": {"text": "w"}}}])"_s
                                 << u"string"_s << u"web"_s << u"w"_s;

    QTest::addRow("special null") << uR"([{"type": "special", "options": {"match": "null",
        "result": {"text": "N/A"}}}])"_s
                                  << u"null"_s << QString() << u"N/A"_s;
    QTest::addRow("special nan string") << uR"([{"type": "special", "options": {"match": "nan",
        "result": {"text": "NaN!"}}}])"_s
                                        << u"string"_s << u"abc"_s << u"NaN!"_s;
    QTest::addRow("special nan number") << uR"([{"type": "special", "options": {"match": "nan",
        "result": {"text": "NaN!"}}}])"_s
                                        << u"number"_s << u"4"_s << u"-"_s;
    QTest::addRow("special true") << uR"([{"type": "special", "options": {"match": "true",
        "result": {"text": "yes"}}}])"_s
                                  << u"string"_s << u"true"_s << u"yes"_s;
    QTest::addRow("special false bool") << uR"([{"type": "special", "options": {"match": "false",
        "result": {"text": "no"}}}])"_s << u"bool"_s
                                        << u"false"_s << u"no"_s;
    QTest::addRow("special empty") << uR"json([{"type": "special", "options": {"match": "empty",
        "result": {"text": "(empty)"}}}])json"_s
                                   << u"string"_s << QString() << u"(empty)"_s;
    QTest::addRow("first match wins") << uR"([{"type": "range", "options": {"from": 0, "to": 100,
        "result": {"text": "range"}}}, {"type": "value", "options": {"5": {"text": "value"}}}])"_s
                                      << u"number"_s << u"5"_s << u"range"_s;
}

void TestFieldConfig::mappings()
{
    QFETCH(QString, json);
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(QString, text);
    const auto list = mappingsFromJson(QJsonDocument::fromJson(json.toUtf8()).array());
    QVERIFY(!list.empty());
    MappingInput in;
    if (kind == u"number")
        in = MappingInput::fromNumber(input.toDouble());
    else if (kind == u"string")
        in = MappingInput::fromString(input);
    else if (kind == u"bool")
        in = MappingInput::fromBool(input == u"true");
    const auto r = getValueMappingResult(list, in);
    if (text == u"-") {
        QVERIFY(!r);
    } else {
        QVERIFY(r);
        QCOMPARE(r->text.value_or(QString()), text);
    }
}

void TestFieldConfig::overrides()
{
    const QJsonObject fc = obj(R"({
        "defaults": {"unit": "short", "custom": {"align": "auto"}},
        "overrides": [
          {"matcher": {"id": "byName", "options": "b"},
           "properties": [{"id": "unit", "value": "bytes"}, {"id": "custom.width", "value": 100},
                          {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}]},
          {"matcher": {"id": "byRegexp", "options": "/^c.*/"}, "properties": [{"id": "decimals", "value": 3}]},
          {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [{"id": "displayName", "value": "bee"}]},
          {"matcher": {"id": "byValue", "options": {"reducer": "max", "op": "gt", "value": 10}},
           "properties": [{"id": "noValue", "value": "big"}]},
          {"matcher": {"id": "byNames", "options": {"mode": "exclude", "names": ["a", "b"]}},
           "properties": [{"id": "custom.align", "value": "right"}]},
          {"matcher": {"id": "byName", "options": "a"}, "properties": [{"id": "unit", "value": null}]}
        ]})");
    const std::vector<SeriesFrame> series { frame(u"a"_s, { 1, 2 }), frame(u"b"_s, { 1, 20 }),
        frame(u"cpu"_s, { 3 }, u"B"_s) };
    const auto fields = applyFieldConfig(fc, series);
    QCOMPARE(fields.size(), std::size_t(3));
    QCOMPARE(fields[0].config.unit, QString()); // a null override value removes the property
    QCOMPARE(fields[0].config.custom.value(u"align").toString(), u"auto"_s);
    QCOMPARE(fields[1].config.unit, u"bytes"_s);
    QCOMPARE(fields[1].config.custom.value(u"width").toInt(), 100);
    QCOMPARE(fields[1].config.custom.value(u"align").toString(), u"auto"_s);
    QCOMPARE(fields[1].config.color.mode, u"fixed"_s);
    QCOMPARE(fields[1].config.noValue, u"big"_s);
    QCOMPARE(fields[2].config.decimals, std::optional<int>(3));
    QCOMPARE(fields[2].name, u"bee"_s);
    QCOMPARE(fields[2].config.custom.value(u"align").toString(), u"right"_s);
    QCOMPARE(fields[2].config.noValue, QString());
    QCOMPARE(fields[2].config.seriesIndex, 2);

    QJsonObject merged = mergeDefaults(obj(R"({"thresholds": {"mode": "absolute"}, "color": {"mode": "thresholds"},
        "custom": {"a": 1, "b": 2}})"),
        obj(R"({"custom": {"b": 3}, "unit": "ms"})"));
    QCOMPARE(merged.value(u"custom").toObject().value(u"a").toInt(), 1);
    QCOMPARE(merged.value(u"custom").toObject().value(u"b").toInt(), 3);
    QCOMPARE(merged.value(u"unit").toString(), u"ms"_s);
}

void TestFieldConfig::displayNames_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("expected");
    QTest::addRow("none: frame name") << QString() << u"up"_s;
    QTest::addRow("labels") << u"${__field.labels.instance} - ${__series.name}"_s << u"host1 - up"_s;
    QTest::addRow("all labels") << u"${__field.labels}"_s << u"{instance=\"host1\", job=\"node\"}"_s;
    QTest::addRow("missing label") << u"[${__field.labels.nope}]"_s << u"[]"_s;
    QTest::addRow("unknown var kept") << u"$dc ${__field.name}"_s << u"$dc up"_s;
    QTest::addRow("plain") << u"CPU"_s << u"CPU"_s;
}

void TestFieldConfig::displayNames()
{
    QFETCH(QString, templ);
    QFETCH(QString, expected);
    const SeriesFrame s = frame(u"up"_s, { 1 }, u"A"_s, { { u"instance"_s, u"host1"_s }, { u"job"_s, u"node"_s } });
    FieldConfig c;
    c.displayName = templ;
    QCOMPARE(displayName(c, s), expected);
}

void TestFieldConfig::ranges()
{
    const std::vector<SeriesFrame> series { frame(u"a"_s, { 1, 5 }), frame(u"b"_s, { 10, 20 }) };
    auto fields = applyFieldConfig(obj(R"({"defaults": {}})"), series);
    QCOMPARE(fields[0].config.rangeMin, 1.0); // global over every series
    QCOMPARE(fields[0].config.rangeMax, 20.0);
    fields = applyFieldConfig(obj(R"({"defaults": {"max": 100}})"), series);
    QCOMPARE(fields[1].config.rangeMin, 1.0);
    QCOMPARE(fields[1].config.rangeMax, 100.0);
    fields = applyFieldConfig(obj(R"({"defaults": {"fieldMinMax": true}})"), series);
    QCOMPARE(fields[0].config.rangeMax, 5.0);
    QCOMPARE(fields[1].config.rangeMin, 10.0);
    fields = applyFieldConfig(obj(R"({"defaults": {"min": 50, "max": 10}})"), series);
    QCOMPARE(fields[0].config.rangeMin, 10.0); // swapped as validateFieldConfig does
    QCOMPARE(fields[0].config.rangeMax, 50.0);
}

void TestFieldConfig::displayProcessor()
{
    FieldConfig c = FieldConfig::fromJson(obj(R"({
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]},
        "mappings": [{"type": "value", "options": {"1": {"text": "Up", "color": "blue"}}},
                     {"type": "special", "options": {"match": "null", "result": {"text": "gone", "color": "purple"}}}],
        "noValue": "N/A"})"));
    QCOMPARE(c.color.mode, u"thresholds"_s); // thresholds without a colour imply thresholds mode

    DisplayValue v = display(c, 42);
    QCOMPARE(v.text, u"42"_s);
    QCOMPARE(v.color, u"#73BF69"_s);
    QCOMPARE(v.numeric, 42.0);
    QCOMPARE(v.percent, 0.42);

    v = display(c, 95);
    QCOMPARE(v.color, u"#F2495C"_s);

    v = display(c, 1);
    QCOMPARE(v.text, u"Up"_s);
    QCOMPARE(v.color, u"#5794F2"_s);

    v = display(c, N);
    QCOMPARE(v.text, u"gone"_s);
    QCOMPARE(v.color, u"#B877D9"_s);

    c.mappings.clear();
    v = display(c, N);
    QCOMPARE(v.text, u"N/A"_s);
    QCOMPARE(v.color, u"#73BF69"_s); // null is coloured as -Infinity: the base step

    FieldConfig none = FieldConfig::fromJson({});
    QCOMPARE(display(none, 3).color, u"#808080"_s);
    QCOMPARE(display(none, N).text, QString());

    const DisplayValue s = displayString(c, u"host-1"_s);
    QCOMPARE(s.text, u"host-1"_s);
    QCOMPARE(displayString(c, QString()).text, u"N/A"_s);
}

void TestFieldConfig::displayColor_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<double>("value");
    const QString mapped = uR"({"mappings": [{"type": "value", "options": {"1": {"text": "Up", "color": "blue"}}},
        {"type": "special", "options": {"match": "null", "result": {"color": "purple"}}}],
        "thresholds": {"steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]}})"_s;
    QTest::addRow("mapped value") << mapped << 1.0;
    QTest::addRow("unmapped value, threshold") << mapped << 95.0;
    QTest::addRow("mapped null") << mapped << N;
    QTest::addRow("null, base threshold") << uR"({"thresholds": {"steps": [{"color": "green", "value": null}]}})"_s << N;
    QTest::addRow("continuous") << uR"({"color": {"mode": "continuous-GrYlRd"}, "min": 0, "max": 10})"_s << 5.0;
    QTest::addRow("no config") << u"{}"_s << 3.0;
}

void TestFieldConfig::displayColor()
{
    QFETCH(QString, config);
    QFETCH(double, value);
    const FieldConfig c = FieldConfig::fromJson(QJsonDocument::fromJson(config.toUtf8()).object());
    QCOMPARE(sg::fieldconfig::displayColor(c, value), display(c, value).color);
}

void TestFieldConfig::fieldDisplayValues()
{
    const QJsonObject fc = obj(R"({"defaults": {"thresholds": {"mode": "absolute",
        "steps": [{"color": "green", "value": null}, {"color": "red", "value": 15}]}}})");
    const std::vector<SeriesFrame> series { frame(u"a"_s, { 1, 3 }), frame(u"b"_s, { 10, 20 }) };
    const auto fields = applyFieldConfig(fc, series);

    ReduceOptions ro = ReduceOptions::fromJson(obj(R"({"calcs": ["mean", "max"]})"));
    auto values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values.size(), std::size_t(4));
    QCOMPARE(values[0].display.title, u"Mean a"_s);
    QCOMPARE(values[0].display.text, u"2"_s);
    QCOMPARE(values[3].display.title, u"Max b"_s);
    QCOMPARE(values[3].display.text, u"20"_s);
    QCOMPARE(values[3].display.color, u"#F2495C"_s);

    ro = ReduceOptions::fromJson(obj(R"({"calcs": ["current"]})"));
    values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values.size(), std::size_t(2));
    QCOMPARE(values[1].display.title, u"b"_s);
    QCOMPARE(values[1].name, u"lastNotNull"_s);

    ro = ReduceOptions::fromJson(obj(R"({"values": true, "limit": 3, "calcs": []})"));
    values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values.size(), std::size_t(3));
    QCOMPARE(values[2].rowIndex, 0);
    QCOMPARE(values[2].display.text, u"10"_s);

    ro = ReduceOptions::fromJson(obj(R"({"fields": "/^b$/", "calcs": ["lastNotNull"]})"));
    values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values.size(), std::size_t(1));
    QCOMPARE(values[0].display.title, u"b"_s);

    ro = ReduceOptions::fromJson(obj(R"({"calcs": ["count"]})"));
    values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values[0].display.text, u"2"_s);

    ro = ReduceOptions::fromJson(obj(R"({"calcs": ["allIsNull"]})"));
    values = getFieldDisplayValues(fields, series, ro, fc);
    QCOMPARE(values[0].display.text, u"false"_s);

    values = getFieldDisplayValues({}, {}, ro, fc);
    QCOMPARE(values.size(), std::size_t(1));
    QVERIFY(values[0].noData);
    QCOMPARE(values[0].display.text, u"No data"_s);
    QCOMPARE(values[0].display.color, u"#73BF69"_s);

    const QJsonObject withNoValue = obj(R"({"defaults": {"noValue": "nothing"}})");
    values = getFieldDisplayValues({}, {}, ro, withNoValue);
    QCOMPARE(values[0].display.text, u"nothing"_s);
}

QTEST_GUILESS_MAIN(TestFieldConfig)
#include "tst_fieldconfig.moc"
