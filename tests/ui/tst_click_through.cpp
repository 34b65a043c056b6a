#include "ui/pages/click_through.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestClickThrough : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void selector_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QStringList>("logLabels");
        QTest::addColumn<QString>("expected");
        const QStringList known { u"app"_s, u"level"_s, u"status"_s, u"instance"_s };
        QTest::addRow("adds-shared") << u"{app=\"fastapi\"}"_s << known
                                     << u"{app=\"fastapi\", instance=\"h:1\", status=\"500\"}"_s;
        QTest::addRow("keeps-pipeline") << u"{app=\"fastapi\"} |= \"ERROR\""_s << known
                                        << u"{app=\"fastapi\", instance=\"h:1\", status=\"500\"} |= \"ERROR\""_s;
        QTest::addRow("no-override") << u"{status=~\"5..\", app=\"fastapi\"}"_s << known
                                     << u"{status=~\"5..\", app=\"fastapi\", instance=\"h:1\"}"_s;
        QTest::addRow("only-known-names") << u"{app=\"fastapi\"}"_s << QStringList { u"app"_s }
                                          << u"{app=\"fastapi\"}"_s;
        QTest::addRow("braces-in-values") << u"{app=\"a}b\", x=`{`}"_s << known
                                          << u"{app=\"a}b\", x=`{`, instance=\"h:1\", status=\"500\"}"_s;
        QTest::addRow("empty-base") << QString() << known << u"{instance=\"h:1\", status=\"500\"}"_s;
        QTest::addRow("empty-base-nothing-shared") << QString() << QStringList { u"pod"_s } << QString();
        QTest::addRow("name-never") << u"{}"_s << QStringList { u"__name__"_s, u"status"_s }
                                    << u"{status=\"500\"}"_s;
    }
    void selector()
    {
        QFETCH(QString, base);
        QFETCH(QStringList, logLabels);
        QFETCH(QString, expected);
        const Labels series { { "__name__", "http_requests_total" }, { "status", "500" }, { "instance", "h:1" },
            { "handler", "/api" } };
        QCOMPARE(ui::logsSelectorFor(base, series, logLabels), expected);
    }
    void escapesValues()
    {
        const Labels series { { "path", "a\"b\\c" } };
        QCOMPARE(ui::logsSelectorFor(u"{app=\"x\"}"_s, series, { u"path"_s }), u"{app=\"x\", path=\"a\\\"b\\\\c\"}"_s);
    }
    void selectorNames()
    {
        QCOMPARE(ui::selectorLabelNames(u"{a=\"1\", b!~\"x,y\" , c=`z`} |= \"d=e\""_s),
            (QStringList { u"a"_s, u"b"_s, u"c"_s }));
    }
    void window_data()
    {
        QTest::addColumn<qint64>("step");
        QTest::addColumn<qint64>("before");
        QTest::addColumn<qint64>("after");
        QTest::addRow("small-step") << qint64(15'000) << qint64(120'000) << qint64(15'000);
        QTest::addRow("large-step") << qint64(300'000) << qint64(300'000) << qint64(300'000);
    }
    void window()
    {
        QFETCH(qint64, step);
        QFETCH(qint64, before);
        QFETCH(qint64, after);
        const qint64 t = 1'700'000'000'000;
        const TimeRange r = ui::logsWindowFor(t, step);
        QCOMPARE(r.minMs, t - before);
        QCOMPARE(r.maxMs, t + after);
    }
};

QTEST_GUILESS_MAIN(TestClickThrough)
#include "tst_click_through.moc"
