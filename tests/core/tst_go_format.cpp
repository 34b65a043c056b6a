// Numbers as Go writes them, which the HTTP APIs (sample values: strconv.FormatFloat 'f' -1) and the formatters
// (fmt %v) must match byte for byte.

#include "core/common/go_format.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

class TestGoFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixed_data();
    void fixed();
    void sprint_data();
    void sprint();
    void fixedIsShortestRoundTrip();
};

void TestGoFormat::fixed_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected"); // Go 1.19: strconv.FormatFloat(v, 'f', -1, 64)
    QTest::newRow("zero") << 0.0 << QStringLiteral("0");
    QTest::newRow("negative zero") << -0.0 << QStringLiteral("-0");
    QTest::newRow("integer") << 42.0 << QStringLiteral("42");
    QTest::newRow("fraction") << 0.1 << QStringLiteral("0.1");
    QTest::newRow("small") << 1.5e-05 << QStringLiteral("0.000015");
    QTest::newRow("tiny") << 5e-324 << QStringLiteral("0.") + QString(323, u'0') + QStringLiteral("5");
    QTest::newRow("2^64") << 18446744073709551616.0 << QStringLiteral("18446744073709552000");
    QTest::newRow("1e21") << 1e21 << QStringLiteral("1000000000000000000000");
    QTest::newRow("negative large") << -1.2345e+19 << QStringLiteral("-12345000000000000000");
    QTest::newRow("digits both sides") << 123456.789 << QStringLiteral("123456.789");
    QTest::newRow("max") << std::numeric_limits<double>::max()
                         << QStringLiteral("17976931348623157") + QString(292, u'0');
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QStringLiteral("+Inf");
    QTest::newRow("NaN") << std::nan("") << QStringLiteral("NaN");
}

void TestGoFormat::fixed()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(sg::goFixedFloat(value)), expected);
}

void TestGoFormat::sprint_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected"); // fmt.Sprint(v)
    QTest::newRow("integer") << 100000.0 << QStringLiteral("100000");
    QTest::newRow("million") << 1e6 << QStringLiteral("1e+06");
    QTest::newRow("small") << 0.0001 << QStringLiteral("0.0001");
    QTest::newRow("smaller") << 1.5e-05 << QStringLiteral("1.5e-05");
    QTest::newRow("fraction") << 0.3 << QStringLiteral("0.3");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-Inf");
}

void TestGoFormat::sprint()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(sg::goFloat(value)), expected);
}

// Random bit patterns and decimal-looking values: the text has no exponent and no zero ending a fraction, reads
// back as the same double (the sign of zero too), has no digit fewer would do (one significant digit less does not read back), and appending
// gives the same text after what was there.
void TestGoFormat::fixedIsShortestRoundTrip()
{
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    const auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int i = 0; i < 200000; ++i) {
        double v;
        if (i % 2) {
            const std::uint64_t bits = next();
            std::memcpy(&v, &bits, sizeof v);
        } else {
            v = double(std::int64_t(next() % 2000001) - 1000000) / std::pow(10.0, double(next() % 12));
        }
        if (!std::isfinite(v))
            continue;
        const std::string text = sg::goFixedFloat(v);
        std::string appended = "x";
        sg::appendGoFixedFloat(appended, v);
        QCOMPARE(appended, "x" + text);
        QVERIFY2(text.find_first_not_of("-0123456789.") == std::string::npos, text.c_str());
        QVERIFY2(text.find('.') == std::string::npos || (text.back() != '0' && text.back() != '.'), text.c_str());
        const double back = std::strtod(text.c_str(), nullptr);
        QVERIFY2(back == v && std::signbit(back) == std::signbit(v), text.c_str());
        std::string digits;
        for (char c : text)
            if (c >= '0' && c <= '9')
                digits += c;
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
        digits.erase(digits.find_last_not_of('0') + 1);
        if (digits.size() > 1) {
            char fewer[64];
            std::snprintf(fewer, sizeof fewer, "%.*e", int(digits.size()) - 2, v);
            QVERIFY2(std::strtod(fewer, nullptr) != v, (text + " could be " + fewer).c_str());
        }
    }
}

QTEST_APPLESS_MAIN(TestGoFormat)
#include "tst_go_format.moc"
