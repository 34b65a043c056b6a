#include "core/labels/labels.h"
#include "core/labels/matcher.h"

#include <QTest>

#include <algorithm>
#include <vector>

using namespace sg;

class TestLabels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sortsAndDedups()
    {
        Labels l { { "b", "2" }, { "a", "1" }, { "b", "3" }, { "empty", "" } };
        QCOMPARE(l.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(l.toString()), QStringLiteral("{a=\"1\", b=\"3\"}"));
        QCOMPARE(l.get("b"), std::string_view("3"));
        QVERIFY(!l.has("empty"));
    }
    void normalizesAnyOrderAsASortedCopy()
    {
        // Every order of a set with duplicates and empty values (sorted input takes the no-sort path) gives
        // what a stable sort, keeping the last duplicate and then dropping empty values, gives.
        const std::vector<Label> base { { "b", "2" }, { "a", "1" }, { "b", "3" }, { "c", "" }, { "a", "" },
            { "__name__", "m" }, { "B", "u" } };
        std::vector<int> order { 0, 1, 2, 3, 4, 5, 6 };
        int sortedInputs = 0;
        do {
            std::vector<Label> in;
            for (int i : order)
                in.push_back(base[std::size_t(i)]);
            sortedInputs += std::is_sorted(in.begin(), in.end(),
                [](const Label& x, const Label& y) { return x.name < y.name; });
            for (const bool keepEmpty : { false, true }) {
                std::vector<Label> expected = in;
                std::stable_sort(expected.begin(), expected.end(),
                    [](const Label& x, const Label& y) { return x.name < y.name; });
                std::vector<Label> dedup;
                for (auto& l : expected) {
                    if (!dedup.empty() && dedup.back().name == l.name)
                        dedup.back() = l;
                    else
                        dedup.push_back(l);
                }
                if (!keepEmpty)
                    std::erase_if(dedup, [](const Label& l) { return l.value.empty(); });
                const Labels got = keepEmpty ? Labels::keepingEmpty(in) : Labels(in);
                QCOMPARE(got.items(), dedup);
                std::vector<Label> sortedCopy = got.items();
                QCOMPARE(Labels::keepingEmpty(sortedCopy).hash(), got.hash()); // sorted input: same set, same hash
            }
        } while (std::next_permutation(order.begin(), order.end()));
        QVERIFY(sortedInputs > 0);
        const Labels sorted { { "__name__", "up" }, { "instance", "x" }, { "job", "j" } };
        QCOMPARE(sorted.size(), std::size_t(3));
        QCOMPARE(sorted.get("job"), std::string_view("j"));
    }
    void hashAndEquality()
    {
        Labels a { { "x", "1" }, { "y", "2" } };
        Labels b { { "y", "2" }, { "x", "1" } };
        Labels c { { "x", "12" } };
        Labels d { { "x", "1" }, { "2", "" } };
        QCOMPARE(a.hash(), b.hash());
        QVERIFY(a == b);
        QVERIFY(!(a == c));
        QVERIFY(a.hash() != c.hash());
        QVERIFY(c < a || a < c);
        QCOMPARE(d.size(), std::size_t(1));
    }
    void copiesShareOneSet()
    {
        // A copy, and a derived set that changes nothing, share the labels instead of copying every string.
        const Labels l { { "__name__", "http_requests_total" }, { "instance", "host-0001.example.org:9100" }, { "job", "api" } };
        const Labels copy = l;
        QCOMPARE(copy.items().data(), l.items().data());
        QCOMPARE(l.without({ "pod" }).items().data(), l.items().data());
        QCOMPARE(l.keepOnly({ "__name__", "instance", "job", "pod" }).items().data(), l.items().data());
        QCOMPARE(l.with("job", "api").items().data(), l.items().data());
        QCOMPARE(l.with("pod", "").items().data(), l.items().data());
        // A set that does change is its own, and leaves the original as it was.
        const Labels renamed = l.with("job", "web");
        QVERIFY(renamed.items().data() != l.items().data());
        QCOMPARE(renamed.get("job"), std::string_view("web"));
        QCOMPARE(l.get("job"), std::string_view("api"));
        QVERIFY(!(renamed == l));
        QCOMPARE(l.withoutMetricName().size(), std::size_t(2));
        QCOMPARE(l.size(), std::size_t(3));
        // Every empty set is the same set, however it was made.
        const Labels none;
        QVERIFY((none == Labels { { "a", "" } }));
        QCOMPARE(none.hash(), Labels(std::vector<Label> {}).hash());
        QCOMPARE(none.hash(), l.keepOnly({ "pod" }).hash());
        QVERIFY(none.empty() && none.begin() == none.end());
        QVERIFY(!(none < none) && none < l);
        // A `keepingEmpty` set keeps its empty values through `with` of another name, and drops the one named.
        const Labels parsed = Labels::keepingEmpty({ { "a", "" }, { "b", "1" } });
        QCOMPARE(parsed.with("c", "2").size(), std::size_t(3));
        QCOMPARE(parsed.with("a", "").size(), std::size_t(1));
        QVERIFY(parsed.with("b", "1") == parsed);
    }
    void printsMetricName()
    {
        Labels l { { "__name__", "up" }, { "job", "a\"b\n" } };
        QCOMPARE(QString::fromStdString(l.toString()), QStringLiteral("up{job=\"a\\\"b\\n\"}"));
        QCOMPARE(l.withoutMetricName().size(), std::size_t(1));
        QCOMPARE(l.with("job", "").size(), std::size_t(1));
        QCOMPARE(l.keepOnly({ "job" }).size(), std::size_t(1));
    }
    void matchers_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("expected");
        QTest::addRow("eq") << int(MatchType::Equal) << "a" << "a" << true;
        QTest::addRow("eq-miss") << int(MatchType::Equal) << "a" << "ab" << false;
        QTest::addRow("neq") << int(MatchType::NotEqual) << "a" << "b" << true;
        QTest::addRow("re-anchored") << int(MatchType::Regex) << "5.." << "5xx" << true;
        QTest::addRow("re-anchored-miss") << int(MatchType::Regex) << "5.." << "a5xx" << false;
        QTest::addRow("re-alt") << int(MatchType::Regex) << "a|b" << "b" << true;
        QTest::addRow("re-dot-newline") << int(MatchType::Regex) << "a.b" << "a\nb" << true;
        QTest::addRow("nre") << int(MatchType::NotRegex) << "2.." << "5xx" << true;
        QTest::addRow("re-empty") << int(MatchType::Regex) << ".*" << "" << true;
    }
    void matchers()
    {
        QFETCH(int, type);
        QFETCH(QString, pattern);
        QFETCH(QString, value);
        QFETCH(bool, expected);
        auto m = Matcher::make(MatchType(type), "l", pattern.toStdString());
        QVERIFY(m.ok());
        QCOMPARE(m->matches(value.toStdString()), expected);
    }
    void badRegexIsAnError()
    {
        auto m = Matcher::make(MatchType::Regex, "l", "a(b");
        QVERIFY(!m.ok());
        QVERIFY(m.error().message.find("missing )") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestLabels)
#include "tst_labels.moc"
