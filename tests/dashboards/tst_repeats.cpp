// Grafana's repeats expanded for the grid: repeated panels side by side or stacked, repeated rows (expanded and
// collapsed) with their panels, nested panel repeats inside a repeated row, and what follows moved down.
#include "tst_repeats.h"

#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/panel_queries.h"
#include "core/dashboards/repeats.h"

#include <QStringList>
#include <QTest>

using namespace sg;
using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {

const QString Variables = uR"J([
    {"name": "host", "type": "custom", "multi": true, "query": "a,b,c,d", "current": {"value": ["a", "b", "c"], "text": ["a", "b", "c"]},
     "options": [{"value": "a", "text": "a"}, {"value": "b", "text": "b"}, {"value": "c", "text": "c"}, {"value": "d", "text": "d"}]},
    {"name": "one", "type": "custom", "query": "x", "current": {"value": "x", "text": "x"}},
    {"name": "dc", "type": "custom", "multi": true, "includeAll": true, "query": "e,w", "current": {"value": ["$__all"], "text": ["All"]},
     "options": [{"value": "$__all", "text": "All"}, {"value": "e", "text": "e"}, {"value": "w", "text": "w"}]}])J"_s;

/// One line per item: `id[#repeat][/rowCopy] x,y,w,h [var=value ...]`.
QStringList dump(const std::vector<GridItem>& items)
{
    QStringList out;
    for (const GridItem& g : items) {
        QString line = QString::number(g.panelId);
        if (g.repeatIndex)
            line += u'#' + QString::number(g.repeatIndex);
        if (g.rowRepeatIndex)
            line += u'/' + QString::number(g.rowRepeatIndex);
        line += u" %1,%2,%3,%4"_s.arg(g.pos.x).arg(g.pos.y).arg(g.pos.w).arg(g.pos.h);
        QStringList keys = g.scoped.keys();
        keys.sort();
        for (const QString& k : keys)
            line += u' ' + k + u'=' + g.scoped.value(k).value;
        out << line;
    }
    return out;
}

} // namespace

void TestRepeats::expand_data()
{
    QTest::addColumn<QString>("panels");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("no-repeat") << uR"J([{"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}}])J"_s
                               << QStringList { u"1 0,0,12,4"_s };
    QTest::addRow("panel-h") << uR"J([{"id": 1, "type": "stat", "repeat": "host", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}])J"_s
                             << QStringList { u"1 0,0,8,4 host=a"_s, u"1#1 8,0,8,4 host=b"_s, u"1#2 16,0,8,4 host=c"_s };
    QTest::addRow("panel-v") << uR"J([{"id": 1, "type": "stat", "repeat": "host", "repeatDirection": "v", "gridPos": {"x": 0, "y": 2, "w": 6, "h": 4}}])J"_s
                             << QStringList { u"1 0,2,6,4 host=a"_s, u"1#1 0,6,6,4 host=b"_s, u"1#2 0,10,6,4 host=c"_s };
    QTest::addRow("panel-all") << uR"J([{"id": 1, "type": "stat", "repeat": "dc", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}])J"_s
                               << QStringList { u"1 0,0,12,4 dc=e"_s, u"1#1 12,0,12,4 dc=w"_s };
    QTest::addRow("panel-single-value") << uR"J([{"id": 1, "type": "stat", "repeat": "one", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}])J"_s
                                        << QStringList { u"1 0,0,6,4 one=x"_s };
    QTest::addRow("row-expanded")
        << uR"J([{"id": 1, "type": "row", "title": "Host $host", "repeat": "host", "collapsed": false, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
                  {"id": 2, "type": "timeseries", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}},
                  {"id": 3, "type": "stat", "gridPos": {"x": 12, "y": 1, "w": 12, "h": 4}},
                  {"id": 4, "type": "row", "title": "After", "collapsed": false, "gridPos": {"x": 0, "y": 9, "w": 24, "h": 1}, "panels": []},
                  {"id": 5, "type": "stat", "gridPos": {"x": 0, "y": 10, "w": 24, "h": 3}}])J"_s
        << QStringList { u"1 0,0,24,1 host=a"_s, u"2 0,1,12,8 host=a"_s, u"3 12,1,12,4 host=a"_s,
               u"1/1 0,9,24,1 host=b"_s, u"2/1 0,10,12,8 host=b"_s, u"3/1 12,10,12,4 host=b"_s,
               u"1/2 0,18,24,1 host=c"_s, u"2/2 0,19,12,8 host=c"_s, u"3/2 12,19,12,4 host=c"_s,
               u"4 0,27,24,1"_s, u"5 0,28,24,3"_s };
    QTest::addRow("row-collapsed")
        << uR"J([{"id": 1, "type": "row", "repeat": "host", "collapsed": true, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
                   "panels": [{"id": 2, "type": "timeseries", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}}]},
                  {"id": 3, "type": "row", "collapsed": false, "gridPos": {"x": 0, "y": 1, "w": 24, "h": 1}, "panels": []}])J"_s
        << QStringList { u"1 0,0,24,1 host=a"_s, u"1/1 0,1,24,1 host=b"_s, u"1/2 0,2,24,1 host=c"_s, u"3 0,3,24,1"_s };
    QTest::addRow("row-with-repeated-panel")
        << uR"J([{"id": 1, "type": "row", "repeat": "host", "collapsed": false, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
                  {"id": 2, "type": "stat", "repeat": "dc", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 2}}])J"_s
        << QStringList { u"1 0,0,24,1 host=a"_s, u"2 0,1,12,2 dc=e host=a"_s, u"2#1 12,1,12,2 dc=w host=a"_s,
               u"1/1 0,3,24,1 host=b"_s, u"2/1 0,4,12,2 dc=e host=b"_s, u"2#1/1 12,4,12,2 dc=w host=b"_s,
               u"1/2 0,6,24,1 host=c"_s, u"2/2 0,7,12,2 dc=e host=c"_s, u"2#1/2 12,7,12,2 dc=w host=c"_s };
    QTest::addRow("row-unknown-variable")
        << uR"J([{"id": 1, "type": "row", "repeat": "nope", "collapsed": false, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
                  {"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 2}}])J"_s
        << QStringList { u"1 0,0,24,1"_s, u"2 0,1,12,2"_s };
}

void TestRepeats::expand()
{
    QFETCH(QString, panels);
    QFETCH(QStringList, expected);
    const QString json = u"{\"title\": \"t\", \"schemaVersion\": 42, \"templating\": {\"list\": %1}, \"panels\": %2}"_s
                             .arg(Variables, panels);
    auto d = importDashboard(json.toUtf8());
    QVERIFY(d.ok());
    QCOMPARE(dump(expandRepeats(*d, templatingVariables(*d))), expected);
}

QTEST_GUILESS_MAIN(TestRepeats)
