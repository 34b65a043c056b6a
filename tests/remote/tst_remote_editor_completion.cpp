// The editors' completion against a remote datasource, in the GUI. Explore: a row switched (with the keyboard) to a
// remote Prometheus — a real `sightglass serve` holding a metric the embedded store lacks — offers that metric in the
// completion popup while typing; switched back to the embedded Prometheus, it offers the embedded store's metric
// and not the remote's; a Loki row on the remote offers the remote's stream labels. The panel editor: a query of a
// panel on the remote completes the remote's metric, and the embedded one's once its row is switched to the
// embedded Prometheus.
#include "core/dashboards/datasources.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/services/remote_datasources.h"
#include "core/tsdb/memory_store.h"
#include "remote_stores.h"
#include "core/dashboards/dashboard_json.h"
#include "remote_fixtures.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/editor/panel_editor.h"
#include "ui/editor/query_rows.h"
#include "ui/pages/explore_pane.h"
#include "ui/pages/explore_row.h"
#include "ui/query_editor/completion_controller.h"
#include "ui/query_editor/completion_popup.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

QStringList labels(const ui::CompletionPopup* popup)
{
    QStringList out;
    for (const auto& item : popup->items())
        out << QString::fromStdString(item.label);
    return out;
}

/// Moves the combo's selection with the arrow keys until it shows datasource `uid`; false when it never does.
bool selectWithKeys(QComboBox* combo, const QString& uid)
{
    combo->setFocus();
    for (const Qt::Key key : { Qt::Key_Up, Qt::Key_Down })
        for (int i = 0; i <= combo->count(); ++i) {
            if (ui::editor::datasourceOfCombo(combo).uid == uid)
                return true;
            QTest::keyClick(combo, key);
        }
    return ui::editor::datasourceOfCombo(combo).uid == uid;
}

} // namespace

class TestRemoteEditorCompletion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rowOnRemoteCompletesRemoteMetrics();
    void lokiRowOnRemoteCompletesRemoteStreams();
    void panelEditorFollowsTheRowsDatasource();

private:
    /// An Explore pane over the test's client and registry, shown; null when it cannot be.
    std::unique_ptr<ui::ExplorePane> openPane()
    {
        auto pane = std::make_unique<ui::ExplorePane>(m_client.get(), &m_registry);
        pane->resize(1200, 700);
        pane->show();
        return QTest::qWaitForWindowExposed(pane.get()) ? std::move(pane) : nullptr;
    }

    /// Clears the row's editor and types `text` into it, as a user does.
    void retype(ui::ExploreRow* row, const QString& text)
    {
        QPlainTextEdit* edit = row->editor()->editor();
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    QTemporaryDir m_dir;
    QProcess m_serve;
    std::vector<remote::RemoteDatasource> m_remotes;
    dashboards::DatasourceRegistry m_registry;
    std::unique_ptr<services::QueryClient> m_client;
};

void TestRemoteEditorCompletion::initTestCase()
{
    ui::applyDarkTheme(*qApp);
    QVERIFY(m_dir.isValid());
    const QByteArray om = sg::testing::minuteCounterOpenMetrics({ "/api" });
    QByteArray error;
    const QString url = sg::testing::startRemoteServe(m_serve, m_dir.path(), om, "{\"remote_app\":\"far\"}", "hello", &error);
    QVERIFY2(!url.isEmpty(), error.constData());
    m_client = std::make_unique<services::QueryClient>(sg::testing::metricStoreWith("local_only_total"),
        std::make_shared<logs::MemoryLogStore>());
    m_remotes = sg::testing::promAndLokiAt(url);
    m_client->setRemoteDatasources(m_remotes);
    m_registry = services::datasourceRegistry(m_remotes);
}

void TestRemoteEditorCompletion::cleanupTestCase()
{
    m_client.reset();
    sg::testing::stopProcess(m_serve);
}

void TestRemoteEditorCompletion::rowOnRemoteCompletesRemoteMetrics()
{
    const auto pane = openPane();
    QVERIFY(pane);
    ui::ExploreRow* row = pane->rowCount() > 0 ? pane->row(0) : pane->addQuery();
    ui::CompletionPopup* popup = row->editor()->completion()->popup();

    QVERIFY(selectWithKeys(row->datasourcePicker(), u"team"_s));
    retype(row, u"remote_on"_s);
    QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible() && labels(popup).contains(u"remote_only_requests_total"_s), 10'000);
    QVERIFY(!labels(popup).contains(u"local_only_total"_s));
    QTest::keyClick(row->editor()->editor(), Qt::Key_Escape);

    // The same row back on the embedded Prometheus completes from the embedded store.
    QVERIFY(selectWithKeys(row->datasourcePicker(), u"sightglass-prometheus"_s));
    retype(row, u"local_on"_s);
    QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible() && labels(popup).contains(u"local_only_total"_s), 10'000);
    QTest::keyClick(row->editor()->editor(), Qt::Key_Escape);
    retype(row, u"remote_on"_s);
    QTest::qWait(500);
    QVERIFY(!labels(popup).contains(u"remote_only_requests_total"_s));
}

void TestRemoteEditorCompletion::lokiRowOnRemoteCompletesRemoteStreams()
{
    const auto pane = openPane();
    QVERIFY(pane);
    ui::ExploreRow* row = pane->rowCount() > 0 ? pane->row(0) : pane->addQuery();
    ui::CompletionPopup* popup = row->editor()->completion()->popup();
    QVERIFY(selectWithKeys(row->datasourcePicker(), u"team-logs"_s));
    QVERIFY(row->isLoki());
    retype(row, u"{remote"_s);
    QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible() && labels(popup).contains(u"remote_app"_s), 10'000);
}

void TestRemoteEditorCompletion::panelEditorFollowsTheRowsDatasource()
{
    auto dashboard = dashboards::importDashboard(QByteArray(fixtures::RemotePanelDashboard));
    QVERIFY2(dashboard.ok(), dashboard.ok() ? "" : dashboard.error().message.c_str());
    ui::DashboardModel model;
    model.load(*dashboard);
    ui::PanelEditorDialog dialog(&model, m_client.get(), m_registry, 1, [] {
        dashboards::PanelQueryContext context;
        context.from = u"now-1h"_s;
        context.nowMs = QDateTime::currentMSecsSinceEpoch();
        return context;
    });
    dialog.setDiscardConfirmation([] { return true; });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ui::editor::QueryRow* row = dialog.queryRows()->row(0);
    ui::CompletionPopup* popup = row->editor()->completion()->popup();
    QPlainTextEdit* edit = row->editor()->editor();
    edit->setFocus();
    QTest::keyClicks(edit, u"remote_on"_s);
    QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible() && labels(popup).contains(u"remote_only_requests_total"_s), 10'000);
    QTest::keyClick(edit, Qt::Key_Escape);

    // The row on the embedded Prometheus (the panel becomes mixed): the embedded store's metric.
    QVERIFY(selectWithKeys(row->datasourcePicker(), u"sightglass-prometheus"_s));
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, u"local_on"_s);
    QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible() && labels(popup).contains(u"local_only_total"_s), 10'000);
    QVERIFY(!labels(popup).contains(u"remote_only_requests_total"_s));
}

QTEST_MAIN(TestRemoteEditorCompletion)
#include "tst_remote_editor_completion.moc"
