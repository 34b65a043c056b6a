// Inspect over a real panel frame: Data as a table (joined by time or one series, raw or formatted) and CSV,
// Query (what ran), JSON edit and Apply (one undo step; invalid JSON changes nothing).
#include "core/dashboards/dashboard_json.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/editor/inspect_data.h"
#include "ui/editor/inspect_dialog.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTabWidget>
#include <QTest>
#include <QUndoStack>

using namespace sg;
using namespace sg::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs Step = 15'000;

const char* DashboardJson = R"({
  "uid": "inspect", "title": "Inspect", "schemaVersion": 39, "timezone": "utc",
  "time": {"from": "now-5m", "to": "now"},
  "panels": [
    {"id": 7, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"},
     "fieldConfig": {"defaults": {"unit": "reqps", "decimals": 1}, "overrides": []}, "options": {},
     "targets": [{"refId": "A", "expr": "http_requests_total", "legendFormat": "{{instance}}",
                  "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}}]}
  ]
})";

QString csvOf(const InspectDialog& dialog)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    dialog.writeCsv(&buffer);
    return QString::fromUtf8(buffer.data());
}

query::SeriesFrame frame(const QString& name, std::vector<qint64> times, std::vector<double> values)
{
    query::SeriesFrame f;
    f.refId = u"A"_s;
    f.name = name;
    f.timesMs = std::move(times);
    f.values = std::move(values);
    return f;
}

} // namespace

class TestInspect : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<tsdb::MemoryStore> m_metrics = std::make_shared<tsdb::MemoryStore>(48 * 3600'000LL);
    std::shared_ptr<logs::MemoryLogStore> m_logs = std::make_shared<logs::MemoryLogStore>();
    std::unique_ptr<services::QueryClient> m_client;
    DashboardModel m_model;
    dashboards::DatasourceRegistry m_datasources = dashboards::DatasourceRegistry::embedded();
    TimestampMs m_now = 0;
    std::unique_ptr<PanelFrame> m_frame;

private Q_SLOTS:
    void initTestCase()
    {
        m_now = nowMs() / 60'000 * 60'000;
        tsdb::AppendBatch batch;
        for (TimestampMs t = m_now - 3600'000; t <= m_now; t += Step) {
            int value = 1;
            for (const char* instance : { "a", "b", "c" })
                batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "instance", instance },
                                              { "job", "api" } },
                    t, double(value++) });
        }
        m_metrics->append(batch);
        m_client = std::make_unique<services::QueryClient>(m_metrics, m_logs);
    }

    void init()
    {
        auto d = dashboards::importDashboard(QByteArray(DashboardJson));
        QVERIFY(d.ok());
        m_model.load(d.value());
        m_frame = std::make_unique<PanelFrame>(*m_model.dashboard().panelById(7), m_client.get());
        m_frame->resize(600, 300);
        dashboards::PanelQueryContext context;
        context.from = u"now-5m"_s;
        context.to = u"now"_s;
        context.nowMs = m_now;
        QSignalSpy refreshed(m_frame.get(), &PanelFrame::refreshed);
        m_frame->refresh(m_model.dashboard(), m_datasources, context);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(m_frame->data().error, QString());
        QCOMPARE(m_frame->data().series.size(), std::size_t(3));
    }

    void table_data()
    {
        QTest::addColumn<int>("series");
        QTest::addColumn<bool>("formatted");
        QTest::addColumn<QStringList>("expected"); ///< CSV lines
        QTest::addRow("joined raw") << -1 << false
                                    << QStringList { u"Time,a,b"_s, u"1000,1,"_s, u"2000,2,20.5"_s, u"3000,,30"_s };
        QTest::addRow("one series") << 1 << false << QStringList { u"Time,b"_s, u"2000,20.5"_s, u"3000,30"_s };
        QTest::addRow("formatted") << 1 << true
                                   << QStringList { u"Time,b"_s, u"1970-01-01 00:00:02,20.5 ms"_s,
                                          u"1970-01-01 00:00:03,30.0 ms"_s };
    }
    void table()
    {
        QFETCH(int, series);
        QFETCH(bool, formatted);
        QFETCH(QStringList, expected);
        query::PanelData data;
        data.series.push_back(frame(u"a"_s, { 1000, 2000 }, { 1, 2 }));
        data.series.push_back(frame(u"b"_s, { 2000, 3000 }, { 20.5, 30 }));
        editor::InspectTableOptions options;
        options.series = series;
        options.formatted = formatted;
        options.utc = true;
        options.fieldConfig = QJsonObject { { u"defaults"_s, QJsonObject { { u"unit"_s, u"ms"_s }, { u"decimals"_s, 1 } } } };
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        editor::writeCsv(editor::buildInspectTable(data, options), &buffer);
        QCOMPARE(QString::fromUtf8(buffer.data()).split(u"\r\n"_s, Qt::SkipEmptyParts), expected);
    }

    void csvQuoting()
    {
        editor::InspectTable t { { u"Time"_s, u"up{job=\"a\", x=\"b\"}"_s }, { { u"1"_s, u"line\nbreak"_s } } };
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        editor::writeCsv(t, &buffer);
        QCOMPARE(QString::fromUtf8(buffer.data()), u"Time,\"up{job=\"\"a\"\", x=\"\"b\"\"}\"\r\n1,\"line\nbreak\"\r\n"_s);
    }

    void dataTabShowsFrame()
    {
        InspectDialog dialog(&m_model, m_frame.get());
        QAbstractItemModelTester tester(dialog.dataModel());
        dialog.show();
        QCOMPARE(dialog.tabs()->tabText(0), u"Data"_s);
        QCOMPARE(dialog.seriesPicker()->count(), 4); // joined + a, b, c
        QCOMPARE(dialog.dataModel()->columnCount(), 4);
        const int rows = dialog.dataModel()->rowCount();
        QVERIFY2(rows >= 20 && rows <= 22, qPrintable(QString::number(rows))); // 5 minutes at 15 s
        QCOMPARE(dialog.dataModel()->headerData(1, Qt::Horizontal).toString(), u"a"_s);
        // Formatted (the default): the panel's unit and decimals.
        QCOMPARE(dialog.dataModel()->index(0, 2).data().toString(), u"2.0 req/s"_s);

        // Raw: epoch ms and plain numbers; the CSV is exactly the table shown.
        QTest::mouseClick(dialog.formattedToggle(), Qt::LeftButton);
        QVERIFY(!dialog.formattedToggle()->isChecked());
        const QStringList lines = csvOf(dialog).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), rows + 1);
        QCOMPARE(lines.first(), u"Time,a,b,c"_s);
        static const QRegularExpression row(u"^(\\d+),1,2,3$"_s);
        for (int i = 1; i < lines.size(); ++i) {
            const auto m = row.match(lines[i]);
            QVERIFY2(m.hasMatch(), qPrintable(lines[i]));
            QCOMPARE(m.captured(1).toLongLong() % Step, 0);
        }
        QCOMPARE(lines.last().section(u',', 0, 0).toLongLong(), m_now);

        // One series at a time.
        dialog.seriesPicker()->setCurrentIndex(2);
        QCOMPARE(dialog.dataModel()->columnCount(), 2);
        QCOMPARE(csvOf(dialog).section(u"\r\n"_s, 0, 1), u"Time,b\r\n%1,2"_s.arg(lines[1].section(u',', 0, 0)));
        dialog.tabs()->setCurrentIndex(InspectDialog::DataTab);
        dialog.resize(1000, 600);
        dialog.grab().save(u"/tmp/inspect_data.png"_s);
    }

    void queryTab()
    {
        InspectDialog dialog(&m_model, m_frame.get());
        QTableWidget* q = dialog.queryTable();
        QCOMPARE(q->rowCount(), 1);
        QCOMPARE(q->item(0, 0)->text(), u"A"_s);
        QCOMPARE(q->item(0, 1)->text(), u"http_requests_total"_s);
        QCOMPARE(q->item(0, 2)->text(), u"15s"_s);
        QCOMPARE(q->item(0, 5)->text(), u"3"_s);
        QVERIFY(q->item(0, 6)->text().toInt() >= 60);
        QVERIFY(q->item(0, 4)->text().endsWith(u" ms"_s));
        dialog.show();
        dialog.showTab(InspectDialog::QueryTab);
        dialog.grab().save(u"/tmp/inspect_query.png"_s);
    }

    void jsonTabApplies()
    {
        InspectDialog dialog(&m_model, m_frame.get());
        dialog.show();
        dialog.showTab(InspectDialog::JsonTab);
        QVERIFY(dialog.jsonEdit()->toPlainText().contains(u"\"title\": \"Requests\""_s));
        const QJsonObject before = m_model.dashboard().panelById(7)->json();
        const int undoCount = m_model.undoStack()->count();

        // Invalid JSON: an error with its position, nothing changes.
        QString broken = dialog.jsonEdit()->toPlainText();
        broken.replace(u"\"title\": \"Requests\""_s, u"\"title\" \"Requests\""_s);
        dialog.jsonEdit()->setPlainText(broken);
        QTest::mouseClick(dialog.applyJsonButton(), Qt::LeftButton);
        const int line = int(broken.left(broken.indexOf(u"\"title\" \"Requests\""_s)).count(u'\n')) + 1;
        QVERIFY2(dialog.jsonError().startsWith(u"Line %1, column "_s.arg(line)), qPrintable(dialog.jsonError()));
        dialog.grab().save(u"/tmp/inspect_json_error.png"_s);
        QCOMPARE(m_model.undoStack()->count(), undoCount);
        QCOMPARE(m_model.dashboard().panelById(7)->json(), before);

        // An array is JSON but not a panel.
        dialog.jsonEdit()->setPlainText(u"[1, 2]"_s);
        QVERIFY(!dialog.applyJson());
        QVERIFY(!dialog.jsonError().isEmpty());

        // A valid edit: one undo step.
        QString edited = broken;
        edited.replace(u"\"title\" \"Requests\""_s, u"\"title\": \"Renamed\""_s);
        dialog.jsonEdit()->setPlainText(edited);
        QTest::mouseClick(dialog.applyJsonButton(), Qt::LeftButton);
        QCOMPARE(dialog.jsonError(), QString());
        QCOMPARE(m_model.undoStack()->count(), undoCount + 1);
        QCOMPARE(m_model.dashboard().panelById(7)->title(), u"Renamed"_s);
        m_model.undoStack()->undo();
        QCOMPARE(m_model.dashboard().panelById(7)->json(), before);
    }
};

QTEST_MAIN(TestInspect)
#include "tst_inspect.moc"
