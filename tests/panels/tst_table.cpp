#include "ui/panels/table/table_data.h"
#include "ui/panels/table/table_model.h"
#include "ui/panels/table/table_plugin.h"
#include "ui/panels/table/table_view.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

query::SeriesFrame instant(const QString& refId, query::LabelPairs labels, double v)
{
    query::SeriesFrame s;
    s.refId = refId;
    s.labels = std::move(labels);
    QStringList parts;
    for (const auto& [k, val] : s.labels)
        parts << k + u"=\""_s + val + u'"';
    s.name = u'{' + parts.join(u", "_s) + u'}';
    s.timesMs = { 1700000000000 };
    s.values = { v };
    return s;
}

query::SeriesFrame range(const QString& name, std::vector<double> values)
{
    query::SeriesFrame s;
    s.refId = u"A"_s;
    s.name = name;
    for (std::size_t i = 0; i < values.size(); ++i)
        s.timesMs.push_back(1700000000000 + qint64(i) * 60000);
    s.values = std::move(values);
    return s;
}

dashboards::Panel panel(const char* defaults = "{}", const char* options = "{}", const char* transformations = "[]")
{
    QJsonObject json;
    json.insert(u"type"_s, u"table"_s);
    json.insert(u"options"_s, QJsonDocument::fromJson(options).object());
    json.insert(u"transformations"_s, QJsonDocument::fromJson(transformations).array());
    json.insert(u"fieldConfig"_s,
        QJsonObject {
            { u"defaults"_s, QJsonDocument::fromJson(defaults).object() }, { u"overrides"_s, QJsonArray() } });
    return dashboards::Panel(json);
}

QStringList headers(const QAbstractItemModel* m)
{
    QStringList out;
    for (int c = 0; c < m->columnCount(); ++c)
        out << m->headerData(c, Qt::Horizontal).toString();
    return out;
}

QStringList column(const QAbstractItemModel* m, int c)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, c).data().toString();
    return out;
}

std::vector<query::SeriesFrame> upSeries()
{
    return { instant(u"A"_s, { { u"instance"_s, u"b:9100"_s }, { u"job"_s, u"node"_s } }, 1),
        instant(u"A"_s, { { u"instance"_s, u"a:9100"_s }, { u"job"_s, u"node"_s } }, 95),
        instant(u"A"_s, { { u"instance"_s, u"c:9100"_s }, { u"job"_s, u"api"_s } }, 40) };
}

} // namespace

class TestTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin();
    void instantRows();
    void instantTwoQueries();
    void rangeSelector();
    void reduceTransformation_data();
    void reduceTransformation();
    void modelTester();
    void headerClickSorts();
    void sortByOption();
    void cellColours_data();
    void cellColours();
    void noData();
    void screenshot();
};

void TestTable::plugin()
{
    const auto p = ui::makeTablePlugin();
    QVERIFY(p);
    QCOMPARE(p->id(), u"table"_s);
    QCOMPARE(p->name(), u"Table"_s);
    QCOMPARE(p->defaultOptions().value(u"showHeader").toBool(), true);
    QCOMPARE(p->defaultOptions().value(u"cellHeight").toString(), u"sm"_s);
    bool hasCellType = false;
    for (const auto& o : p->optionDescriptors())
        hasCellType = hasCellType || o.path == u"fieldConfig.defaults.custom.cellOptions.type";
    QVERIFY(hasCellType);
    std::unique_ptr<ui::PanelView> v(p->createView(nullptr));
    QVERIFY(qobject_cast<ui::TableView*>(v.get()));
}

void TestTable::instantRows()
{
    ui::TableView view;
    view.setTimeZone(u"utc"_s);
    view.setPanel(panel(R"({"unit": "percent"})"));
    query::PanelData data;
    data.series = upSeries();
    view.setData(data);
    const auto* m = view.model();
    QCOMPARE(headers(m), (QStringList { u"Time"_s, u"instance"_s, u"job"_s, u"Value"_s }));
    QCOMPARE(m->rowCount(), 3);
    QCOMPARE(column(m, 1), (QStringList { u"b:9100"_s, u"a:9100"_s, u"c:9100"_s }));
    QCOMPARE(m->index(0, 0).data().toString(), u"2023-11-14 22:13:20"_s);
    QCOMPARE(m->index(1, 3).data(ui::TableModel::SortRole).toDouble(), 95.0);
    QCOMPARE(view.summary(), u"3 rows"_s);
    QCOMPARE(view.seriesCount(), 3);
    QCOMPARE(
        m->index(0, 3).data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignHorizontal_Mask, Qt::AlignRight);
}

void TestTable::instantTwoQueries()
{
    std::vector<query::SeriesFrame> series { instant(u"A"_s, { { u"job"_s, u"x"_s } }, 1),
        instant(u"B"_s, { { u"job"_s, u"x"_s } }, 2), instant(u"B"_s, { { u"job"_s, u"y"_s } }, 3) };
    const auto t = ui::buildTable(series, { QJsonObject(), {}, {}, u"utc"_s });
    QCOMPARE(t.columns.size(), std::size_t(4));
    QCOMPARE(t.columns[2].name, u"Value #A"_s);
    QCOMPARE(t.columns[3].name, u"Value #B"_s);
    QCOMPARE(t.rows.size(), std::size_t(2)); // rows merged by label set
    QCOMPARE(t.rows[0][2].text, u"1"_s);
    QCOMPARE(t.rows[0][3].text, u"2"_s);
    QVERIFY(!t.rows[1][2].sortKey.isValid());
}

void TestTable::rangeSelector()
{
    ui::TableView view;
    view.resize(400, 300);
    view.setPanel(panel());
    query::PanelData data;
    data.series = { range(u"cpu"_s, { 1, 2, 3 }), range(u"mem"_s, { 7, 8 }) };
    view.setData(data);
    QCOMPARE(headers(view.model()), (QStringList { u"Time"_s, u"cpu"_s }));
    QCOMPARE(view.model()->rowCount(), 3);
    QVERIFY(!view.selector()->isHidden());
    QCOMPARE(view.selector()->count(), 2);
    QCOMPARE(view.summary(), u"3 rows (series 1 of 2)"_s);
    view.selector()->setCurrentIndex(1);
    Q_EMIT view.selector()->activated(1);
    QCOMPARE(headers(view.model()), (QStringList { u"Time"_s, u"mem"_s }));
    QCOMPARE(view.model()->rowCount(), 2);

    data.series.pop_back();
    view.setData(data);
    QVERIFY(view.selector()->isHidden());
}

void TestTable::reduceTransformation_data()
{
    QTest::addColumn<QString>("transformations");
    QTest::addColumn<QString>("options");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QStringList>("firstRow");
    QTest::addRow("reduce max mean") << uR"([{"id": "reduce", "options": {"reducers": ["max", "mean"]}}])"_s << u"{}"_s
                                     << QStringList { u"Field"_s, u"Max"_s, u"Mean"_s }
                                     << QStringList { u"cpu"_s, u"3"_s, u"2"_s };
    QTest::addRow("labelsToFields") << uR"([{"id": "reduce", "options": {"reducers": ["lastNotNull"],
        "labelsToFields": true}}])"_s
                                    << u"{}"_s << QStringList { u"Field"_s, u"host"_s, u"Last *"_s }
                                    << QStringList { u"cpu"_s, u"h1"_s, u"3"_s };
    QTest::addRow("options.reduce") << u"[]"_s << uR"({"reduce": ["count"]})"_s
                                    << QStringList { u"Field"_s, u"Count"_s } << QStringList { u"cpu"_s, u"3"_s };
    QTest::addRow("disabled transformation")
        << uR"([{"id": "reduce", "disabled": true,
        "options": {"reducers": ["max"]}}])"_s
        << u"{}"_s << QStringList { u"Time"_s, u"cpu"_s } << QStringList { u"2023-11-14 22:13:20"_s, u"1"_s };
}

void TestTable::reduceTransformation()
{
    QFETCH(QString, transformations);
    QFETCH(QString, options);
    QFETCH(QStringList, headers);
    QFETCH(QStringList, firstRow);
    auto cpu = range(u"cpu"_s, { 1, 2, 3 });
    cpu.labels = { { u"host"_s, u"h1"_s } };
    const std::vector<query::SeriesFrame> series { cpu, range(u"mem"_s, { 5, std::nan("") }) };
    ui::TableInput in { QJsonObject(), QJsonDocument::fromJson(transformations.toUtf8()).array(),
        QJsonDocument::fromJson(options.toUtf8()).object(), u"utc"_s };
    const auto t = ui::buildTable(series, in);
    QStringList names;
    for (const auto& c : t.columns)
        names << c.name;
    QCOMPARE(names, headers);
    QStringList row;
    for (const auto& c : t.rows.front())
        row << c.text;
    QCOMPARE(row, firstRow);
}

void TestTable::modelTester()
{
    ui::TableView view;
    view.setPanel(panel());
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    query::PanelData data;
    data.series = upSeries();
    view.setData(data);
    data.series = { range(u"cpu"_s, { 1, 2, 3 }) };
    view.setData(data);
    view.setData({});
    QCOMPARE(view.model()->rowCount(), 0);
}

void TestTable::headerClickSorts()
{
    ui::TableView view;
    view.resize(500, 300);
    view.setPanel(panel());
    query::PanelData data;
    data.series = upSeries();
    view.setData(data);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QHeaderView* header = view.tableView()->horizontalHeader();
    const int valueCol = 3;
    const QPoint pos(
        header->sectionViewportPosition(valueCol) + header->sectionSize(valueCol) / 2, header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, pos);
    QCOMPARE(column(view.proxy(), valueCol), (QStringList { u"1"_s, u"40"_s, u"95"_s }));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, pos);
    QCOMPARE(column(view.proxy(), valueCol), (QStringList { u"95"_s, u"40"_s, u"1"_s }));
    const int instanceCol = 1;
    const QPoint pos2(header->sectionViewportPosition(instanceCol) + 5, header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, pos2);
    QCOMPARE(column(view.proxy(), instanceCol), (QStringList { u"a:9100"_s, u"b:9100"_s, u"c:9100"_s }));
}

void TestTable::sortByOption()
{
    ui::TableView view;
    view.setPanel(panel("{}", R"({"sortBy": [{"displayName": "Value", "desc": true}]})"));
    query::PanelData data;
    data.series = upSeries();
    view.setData(data);
    view.setPanel(panel("{}", R"({"sortBy": [{"displayName": "Value", "desc": true}]})"));
    QCOMPARE(column(view.proxy(), 3), (QStringList { u"95"_s, u"40"_s, u"1"_s }));
}

void TestTable::cellColours_data()
{
    QTest::addColumn<QString>("cellType");
    QTest::addColumn<bool>("background");
    QTest::addRow("color-background") << u"color-background"_s << true;
    QTest::addRow("color-text") << u"color-text"_s << false;
}

void TestTable::cellColours()
{
    QFETCH(QString, cellType);
    QFETCH(bool, background);
    ui::TableView view;
    view.resize(500, 200);
    const QByteArray defaults = QStringLiteral(R"({"custom": {"cellOptions": {"type": "%1"}},
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
        {"color": "red", "value": 80}]}})")
                                    .arg(cellType)
                                    .toUtf8();
    view.setPanel(panel(defaults.constData()));
    query::PanelData data;
    data.series = upSeries();
    view.setData(data);
    const QColor red(0xF2, 0x49, 0x5C);
    const QColor green(0x73, 0xBF, 0x69);
    const QModelIndex hot = view.model()->index(1, 3); // 95
    const QModelIndex cold = view.model()->index(0, 3); // 1
    if (background) {
        QVERIFY(hot.data(Qt::BackgroundRole).value<QColor>().isValid());
        QCOMPARE(hot.data(ui::TableModel::ValueColorRole).value<QColor>(), red);
        QCOMPARE(cold.data(ui::TableModel::ValueColorRole).value<QColor>(), green);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage img = view.grab().toImage();
        QTableView* tv = view.tableView();
        const QRect cell = tv->visualRect(view.proxy()->mapFromSource(hot));
        const QPoint inTable = tv->viewport()->mapTo(&view, cell.topLeft() + QPoint(4, cell.height() / 2));
        const QColor px = img.pixelColor(inTable);
        QVERIFY2(px.red() > 200 && px.green() < 110, qPrintable(px.name()));
    } else {
        QVERIFY(!hot.data(Qt::BackgroundRole).isValid());
        QCOMPARE(hot.data(Qt::ForegroundRole).value<QColor>(), red);
        QCOMPARE(cold.data(Qt::ForegroundRole).value<QColor>(), green);
    }
}

void TestTable::noData()
{
    ui::TableView view;
    view.setPanel(panel(R"({"noValue": "nothing"})"));
    view.setData({});
    QCOMPARE(view.summary(), u"0 rows"_s);
    QVERIFY(view.tableView()->isHidden());
}

void TestTable::screenshot()
{
    ui::TableView view;
    view.resize(620, 230);
    view.setTimeZone(u"utc"_s);
    view.setPanel(panel(R"({"unit": "percent", "custom": {"cellOptions": {"type": "color-background"}},
        "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
        {"color": "orange", "value": 50}, {"color": "red", "value": 90}]}})",
        R"({"sortBy": [{"displayName": "Value", "desc": true}]})"));
    query::PanelData data;
    data.series = upSeries();
    data.series.push_back(instant(u"A"_s, { { u"instance"_s, u"d:9100"_s }, { u"job"_s, u"db"_s } }, 63.5));
    view.setData(data);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.grab().save(u"/tmp/table.png"_s));
}

QTEST_MAIN(TestTable)
#include "tst_table.moc"
