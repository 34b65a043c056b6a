// sg_units against Grafana: hand-checked answers always, and when node and tests/units/reference/node_modules are
// installed, every catalogue id (and the parameterised forms) over a grid of values and decimals against
// @grafana/data's getValueFormat(id)(value, decimals), plus the catalogue against getValueFormats().
#include "core/units/units.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using sg::units::FormatOptions;
using sg::units::FormattedValue;

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
/// "Now" for both sides (2024-06-10T06:13:20.123Z): format.js pins Date.now to it.
constexpr qint64 NowMs = 1718000000123;

struct Case
{
    QString id;
    double value;
    std::optional<int> decimals;
};

/// Ids beyond the catalogue: the parameterised forms, the alias, unknown ids and moment patterns.
QStringList extraIds()
{
    return { u""_s, u"unknownunit"_s, u":lead"_s, u"farenheit"_s, u"prefix:$"_s, u"suffix: apples"_s, u"si:kB"_s,
        u"si:mps"_s, u"si:µg"_s, u"si:μg"_s, u"si:B"_s, u"si:"_s, u"count:req"_s, u"currency:£"_s,
        u"currency:financial:€"_s, u"currency:financial:CHF:suffix"_s, u"currency:financial:"_s, u"bool:Up/Down"_s,
        u"bool:On"_s, u"time:"_s, u"time:YYYY-MM-DD"_s, u"time:HH:mm:ss.SSS"_s, u"time:[Today is] dddd \\d\\a\\y \\e"_s,
        u"time:YY YYYYY YYYYYY Y MMMM MMM M Mo DDD DDDD DDDo DD D Do d do dd ddd E e eHHmm"_s,
        u"time:hmm Hmm hmmss Hmmss h hh k kk a A S SS SSSS SSSSSSSSS x X Z ZZ Q Qo"_s,
        u"time:w ww wo W WW Wo gg gggg GG GGGG N NNNN NNNNN y yo yyyy [unclosed"_s,
        u"time:L LL LLL LLLL LT LTS l ll lll llll [L] \\L \\"_s };
}

QList<double> gridValues()
{
    QList<double> v { 0, -0.0, 1, -1, 0.5, 1.5, -1.5, 2.25, 7, 42, 99.5, 100, 999, 999.9996, 1000, 1023, 1024, 1536,
        -1536, 12345.678, 1e6, 1048576, 3.6e6, 8.64e7, 1e9, 1.5e12, 1e15, 1e21, 1e300, 0.001, 0.015, 1.5e-5, 1e-7,
        -2.5e-8, 1e-10, 123.456, 0.125, NaN, Inf, -Inf };
    // Around "now" for the date units: seconds, minutes, hours, days, months and years away, both ways.
    for (double d : { 0.0, -5e3, -90e3, -3 * 3600e3, 2 * 86400e3, -40 * 86400e3, -400 * 86400e3, 5 * 365 * 86400e3 })
        v << double(NowMs) + d;
    // SG_UNITS_FUZZ=N adds N values from a fixed seed: random digits at every magnitude, ties (x.5, x.005),
    // neighbours of the scaling thresholds and times around now.
    const int fuzz = qEnvironmentVariableIntValue("SG_UNITS_FUZZ");
    QRandomGenerator rng(20240610);
    for (int i = 0; i < fuzz; ++i) {
        const double sign = rng.bounded(4) == 0 ? -1 : 1;
        switch (rng.bounded(5)) {
        case 0:
            v << sign * rng.generateDouble() * std::pow(10.0, rng.bounded(-12, 25));
            break;
        case 1:
            v << sign * (rng.bounded(100000) + 0.5) / std::pow(10.0, rng.bounded(0, 6));
            break;
        case 2: {
            const double threshold = std::pow(rng.bounded(2) ? 1000.0 : 1024.0, rng.bounded(-4, 9));
            v << sign * std::nextafter(threshold, rng.bounded(2) ? Inf : 0.0);
            break;
        }
        case 3:
            v << sign * double(rng.bounded(1000000000));
            break;
        default:
            v << double(NowMs) + (rng.generateDouble() - 0.5) * 4e11;
            break;
        }
    }
    return v;
}

QList<Case> grid()
{
    QStringList ids;
    for (const auto& u : sg::units::catalogue())
        ids << u.id;
    ids << extraIds();
    const QList<std::optional<int>> decimals { std::nullopt, 0, 1, 2, 4 };
    QList<Case> cases;
    for (const QString& id : ids) {
        for (double v : gridValues()) {
            for (const auto& d : decimals)
                cases.append({ id, v, d });
        }
    }
    return cases;
}

QString valueText(double v)
{
    if (std::isnan(v))
        return u"NaN"_s;
    if (std::isinf(v))
        return v > 0 ? u"Infinity"_s : u"-Infinity"_s;
    if (v == 0 && std::signbit(v))
        return u"-0"_s;
    return QString::number(v, 'g', 17);
}

QString describe(const FormattedValue& v)
{
    return u"{text \"%1\" prefix \"%2\" suffix \"%3\"}"_s.arg(v.text, v.prefix, v.suffix);
}

/// @grafana/data's answers for the grid, produced once by tests/units/reference/format.js.
struct Reference
{
    QString unavailable; // why node could not be asked; empty when it answered
    QString version;
    QJsonArray catalogue;
    QList<Case> cases;
    QList<FormattedValue> results;
};

const Reference& reference()
{
    static const Reference ref = [] {
        Reference r;
        const QString dir = QStringLiteral(SG_SOURCE_DIR "/tests/units/reference");
        const QString node = QStandardPaths::findExecutable(u"node"_s);
        if (node.isEmpty()) {
            r.unavailable = u"node is not installed"_s;
            return r;
        }
        if (!QDir(dir + u"/node_modules/@grafana/data"_s).exists()) {
            r.unavailable = u"@grafana/data is not installed (npm ci --prefix tests/units/reference)"_s;
            return r;
        }
        r.cases = grid();
        QJsonArray cases;
        for (const Case& c : std::as_const(r.cases))
            cases.append(QJsonArray { c.id, valueText(c.value), c.decimals ? QJsonValue(*c.decimals) : QJsonValue() });
        const QByteArray input = QJsonDocument(QJsonObject { { u"now"_s, double(NowMs) }, { u"cases"_s, cases } })
                                     .toJson(QJsonDocument::Compact);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TZ"_s, u"UTC"_s);
        env.insert(u"LC_ALL"_s, u"en_US.UTF-8"_s);
        env.insert(u"LANG"_s, u"en_US.UTF-8"_s);
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(dir);
        p.start(node, { dir + u"/format.js"_s });
        if (!p.waitForStarted(10000)) {
            r.unavailable = u"node did not start: "_s + p.errorString();
            return r;
        }
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(300000) || p.exitCode() != 0) {
            r.unavailable = u"format.js failed: "_s + QString::fromUtf8(p.readAllStandardError());
            return r;
        }
        const QJsonObject out = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonArray results = out.value(u"results").toArray();
        if (results.size() != r.cases.size()) {
            r.unavailable = u"format.js answered %1 of %2 cases"_s.arg(results.size()).arg(r.cases.size());
            return r;
        }
        r.version = out.value(u"version").toString();
        r.catalogue = out.value(u"catalogue").toArray();
        for (const QJsonValue& v : results) {
            const QJsonArray a = v.toArray();
            r.results.append({ a.at(0).toString(), a.at(1).toString(), a.at(2).toString() });
        }
        return r;
    }();
    return ref;
}

/// Without the reference: a failure on CI (it must be installed there), a skip elsewhere.
bool referenceAvailable()
{
    const Reference& ref = reference();
    if (ref.unavailable.isEmpty())
        return true;
    const QByteArray message
        = "Grafana reference unavailable: " + ref.unavailable.toUtf8() + " (scripts/setup --with-tests installs it)";
    if (qEnvironmentVariable("CI") == u"true")
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    else
        QTest::qSkip(message.constData(), __FILE__, __LINE__);
    return false;
}

} // namespace

class TestUnits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void knownAnswers_data();
    void knownAnswers();
    void dateUnits_data();
    void dateUnits();
    void catalogueShape();
    void migrateLegacyUnit_data();
    void migrateLegacyUnit();
    void catalogueMatchesGrafana();
    void formatMatchesGrafana_data();
    void formatMatchesGrafana();
    void cleanupTestCase();

private:
    int m_compared = 0;
    int m_mismatches = 0;
};

void TestUnits::knownAnswers_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("decimals"); // -1: automatic
    QTest::addColumn<QString>("expected"); // prefix + text + suffix

    // Checked against @grafana/data 13.2.3.
    QTest::addRow("bytes 1536") << u"bytes"_s << 1536.0 << -1 << u"1.50 KiB"_s;
    QTest::addRow("decbytes 1.5e6 2") << u"decbytes"_s << 1.5e6 << 2 << u"1.50 MB"_s;
    QTest::addRow("Bps 1e9") << u"Bps"_s << 1e9 << -1 << u"1 GB/s"_s;
    QTest::addRow("ms 1500") << u"ms"_s << 1500.0 << -1 << u"1.50 s"_s;
    QTest::addRow("ns 1500") << u"ns"_s << 1500.0 << -1 << u"1.50 µs"_s;
    QTest::addRow("s 3600") << u"s"_s << 3600.0 << -1 << u"1 hour"_s;
    QTest::addRow("s 0.0005") << u"s"_s << 0.0005 << -1 << u"500 µs"_s;
    QTest::addRow("m 90") << u"m"_s << 90.0 << -1 << u"1.50 hours"_s;
    QTest::addRow("short 1234567") << u"short"_s << 1234567.0 << -1 << u"1.23 Mil"_s;
    QTest::addRow("percentunit 0.1234 1") << u"percentunit"_s << 0.1234 << 1 << u"12.3%"_s;
    QTest::addRow("none 0.015") << u"none"_s << 0.015 << -1 << u"0.0150"_s;
    QTest::addRow("celsius -3.14159 2") << u"celsius"_s << -3.14159 << 2 << u"-3.14 °C"_s;
    QTest::addRow("currencyUSD -1234.5") << u"currencyUSD"_s << -1234.5 << -1 << u"-$1.23K"_s;
    QTest::addRow("currencyEUR 2.5e6") << u"currencyEUR"_s << 2.5e6 << -1 << u"€2.50M"_s;
    QTest::addRow("reqps 1234") << u"reqps"_s << 1234.0 << -1 << u"1.23K req/s"_s;
    QTest::addRow("hex0x 255") << u"hex0x"_s << 255.0 << -1 << u"0xFF"_s;
    QTest::addRow("sci 1234 2") << u"sci"_s << 1234.0 << 2 << u"1.23e+3"_s;
    QTest::addRow("locale 1234567.891") << u"locale"_s << 1234567.891 << -1 << u"1,234,567.891"_s;
    QTest::addRow("dtdurations 3725 1") << u"dtdurations"_s << 3725.0 << 1 << u"1 hour, 2 minutes"_s;
    QTest::addRow("dthms 3725") << u"dthms"_s << 3725.0 << -1 << u"01:02:05"_s;
    QTest::addRow("clockms 3725123") << u"clockms"_s << 3725123.0 << -1 << u"1h:02m:05s:123ms"_s;
    QTest::addRow("bool 0") << u"bool"_s << 0.0 << -1 << u"False"_s;
    QTest::addRow("kbytes NaN") << u"kbytes"_s << NaN << -1 << u"NaN"_s;
    QTest::addRow("none NaN 2") << u"none"_s << NaN << 2 << u"NaN.00"_s;
    QTest::addRow("cps Inf") << u"cps"_s << Inf << -1 << u"∞undefined c/s"_s;
}

void TestUnits::knownAnswers()
{
    QFETCH(QString, id);
    QFETCH(double, value);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    const auto d = decimals < 0 ? std::nullopt : std::optional<int>(decimals);
    QCOMPARE(sg::units::format(id, value, d).toString(), expected);
}

void TestUnits::dateUnits_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    // Checked against @grafana/data 13.2.3 with TZ=UTC and Date.now() = NowMs.
    QTest::addRow("iso") << u"dateTimeAsIso"_s << double(NowMs) << u"2024-06-10 06:13:20"_s;
    QTest::addRow("us") << u"dateTimeAsUS"_s << double(NowMs) << u"06/10/2024 6:13:20 am"_s;
    QTest::addRow("local") << u"dateTimeAsLocal"_s << double(NowMs) << u"06/10/2024, 06:13:20\u202FAM"_s;
    QTest::addRow("from now") << u"dateTimeFromNow"_s << 1717990000000.0 << u"3 hours ago"_s;
}

void TestUnits::dateUnits()
{
    QFETCH(QString, id);
    QFETCH(double, value);
    QFETCH(QString, expected);
    FormatOptions options;
    options.nowMs = NowMs;
    QCOMPARE(sg::units::format(id, value, std::nullopt, options).toString(), expected);
}

void TestUnits::catalogueShape()
{
    const auto& all = sg::units::catalogue();
    QSet<QString> ids;
    for (const auto& u : all) {
        QVERIFY2(!ids.contains(u.id), qPrintable(u.id));
        ids.insert(u.id);
        QVERIFY(sg::units::isKnown(u.id));
        QCOMPARE(sg::units::unitInfo(u.id)->name, u.name);
    }
    for (const QString& id : { u"none"_s, u"bytes"_s, u"percentunit"_s, u"dateTimeAsIso"_s, u"dtdurationms"_s,
             u"currencyUSD"_s, u"µs"_s, u"bool_on_off"_s })
        QVERIFY2(ids.contains(id), qPrintable(id));
    QCOMPARE(sg::units::categories().first(), u"Misc"_s);
    QCOMPARE(sg::units::categories().last(), u"Boolean"_s);
    QVERIFY(sg::units::isKnown(u"suffix:apples"));
    QVERIFY(sg::units::isKnown(u"farenheit"));
    QVERIFY(!sg::units::isKnown(u"apples"));
}

void TestUnits::migrateLegacyUnit_data()
{
    QTest::addColumn<QString>("legacy");
    QTest::addColumn<QString>("current");
    QTest::addRow("misspelt fahrenheit") << u"farenheit"_s << u"fahrenheit"_s;
    QTest::addRow("short stays") << u"short"_s << u"short"_s;
    QTest::addRow("Bps stays") << u"Bps"_s << u"Bps"_s;
    QTest::addRow("custom stays") << u"suffix:rpm"_s << u"suffix:rpm"_s;
}

void TestUnits::migrateLegacyUnit()
{
    QFETCH(QString, legacy);
    QFETCH(QString, current);
    QCOMPARE(sg::units::migrateLegacyUnit(legacy), current);
}

void TestUnits::catalogueMatchesGrafana()
{
    if (!referenceAvailable())
        return;
    const Reference& ref = reference();
    const auto& ours = sg::units::catalogue();
    QStringList diff;
    for (qsizetype i = 0; i < std::max(qsizetype(ours.size()), ref.catalogue.size()); ++i) {
        const QString mine = i < qsizetype(ours.size())
            ? ours[std::size_t(i)].id + u" | "_s + ours[std::size_t(i)].name + u" | "_s + ours[std::size_t(i)].category
            : u"(none)"_s;
        const QJsonArray g = ref.catalogue.at(i).toArray();
        const QString theirs = i < ref.catalogue.size()
            ? g.at(0).toString() + u" | "_s + g.at(1).toString() + u" | "_s + g.at(2).toString()
            : u"(none)"_s;
        if (mine != theirs)
            diff << u"#%1 ours %2, grafana %3"_s.arg(i).arg(mine, theirs);
    }
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void TestUnits::formatMatchesGrafana_data()
{
    QTest::addColumn<QString>("id");
    if (!reference().unavailable.isEmpty()) {
        QTest::addRow("reference unavailable") << QString(); // one skip (or failure on CI), not one per id
        return;
    }
    for (const auto& u : sg::units::catalogue())
        QTest::addRow("%s", qPrintable(u.id)) << u.id;
    for (const QString& id : extraIds())
        QTest::addRow("%s", qPrintable(id.isEmpty() ? u"(empty id)"_s : id)) << id;
}

void TestUnits::formatMatchesGrafana()
{
    QFETCH(QString, id);
    if (!referenceAvailable())
        return;
    const Reference& ref = reference();
    FormatOptions options;
    options.nowMs = NowMs;
    QStringList mismatches;
    int compared = 0;
    for (qsizetype i = 0; i < ref.cases.size(); ++i) {
        const Case& c = ref.cases[i];
        if (c.id != id)
            continue;
        ++compared;
        const FormattedValue ours = sg::units::format(c.id, c.value, c.decimals, options);
        const FormattedValue& theirs = ref.results[i];
        if (ours.text != theirs.text || ours.prefix != theirs.prefix || ours.suffix != theirs.suffix) {
            mismatches << u"  value %1 decimals %2: ours %3, grafana %4"_s.arg(valueText(c.value),
                c.decimals ? QString::number(*c.decimals) : u"absent"_s, describe(ours), describe(theirs));
        }
    }
    m_compared += compared;
    m_mismatches += int(mismatches.size());
    QVERIFY(compared > 0);
    const QString message = u"%1 of %2 rows differ from @grafana/data %3 for \"%4\":\n"_s.arg(mismatches.size())
                                .arg(compared)
                                .arg(ref.version, id)
        + mismatches.mid(0, 40).join(u'\n');
    QVERIFY2(mismatches.isEmpty(), qPrintable(message));
}

void TestUnits::cleanupTestCase()
{
    if (m_compared > 0) {
        qInfo("compared %d rows with @grafana/data %s: %d mismatches", m_compared, qPrintable(reference().version),
            m_mismatches);
    }
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
