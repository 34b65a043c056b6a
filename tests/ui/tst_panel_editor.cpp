// The panel editor dialog over a real query client and in-memory stores: typing a query and running it, errors
// on the row, options, visualization switch, apply as one undo step, new panels, Escape.
#include "core/dashboards/dashboard_json.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/editor/option_editors.h"
#include "ui/editor/options_pane.h"
#include "ui/editor/overrides_editor.h"
#include "ui/editor/panel_editor.h"
#include "ui/editor/query_rows.h"
#include "ui/editor/viz_picker.h"
#include "ui/query_editor/explain_view.h"
#include "ui/widgets/query_editor.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>
#include <QTreeWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace sg;
using namespace sg::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs Step = 15'000;

const char* DashboardJson = R"({
  "uid": "edit", "title": "Editor", "schemaVersion": 39,
  "time": {"from": "now-1h", "to": "now"},
  "templating": {"list": [{"name": "job", "type": "custom", "query": "api,web",
     "current": {"text": "api", "value": "api"}, "options": []}]},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"},
     "fieldConfig": {"defaults": {}, "overrides": []}, "options": {},
     "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}}]}
  ]
})";

/// Clicks the centre of `item` in a list or tree view.
template<class View, class Item>
void clickItem(View* view, Item* item)
{
    view->scrollToItem(item);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualItemRect(item).center());
}

} // namespace

class TestPanelEditor : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<tsdb::MemoryStore> m_metrics = std::make_shared<tsdb::MemoryStore>(48 * 3600'000LL);
    std::shared_ptr<logs::MemoryLogStore> m_logs = std::make_shared<logs::MemoryLogStore>();
    std::unique_ptr<services::QueryClient> m_client;
    DashboardModel m_model;
    dashboards::DatasourceRegistry m_datasources = dashboards::DatasourceRegistry::embedded();
    TimestampMs m_now = 0;

    std::unique_ptr<PanelEditorDialog> openEditor(int panelId)
    {
        auto dialog = std::make_unique<PanelEditorDialog>(&m_model, m_client.get(), m_datasources, panelId, [this] {
            dashboards::PanelQueryContext context;
            context.from = u"now-1h"_s;
            context.to = u"now"_s;
            context.nowMs = m_now;
            context.variables = dashboards::templatingVariables(m_model.dashboard());
            return context;
        });
        dialog->setDiscardConfirmation([] { return true; });
        dialog->show();
        return dialog;
    }

    /// Waits for the preview run the dialog starts when it opens.
    static bool waitForPreview(PanelEditorDialog* dialog)
    {
        QSignalSpy spy(dialog, &PanelEditorDialog::previewRefreshed);
        return spy.wait(5000);
    }

    /// Replaces row `row`'s query text by typing, then presses Ctrl+Enter and waits for the preview; false when the
    /// text typed is not what the editor holds.
    static bool typeAndRun(PanelEditorDialog* dialog, int row, const QString& text)
    {
        QPlainTextEdit* edit = dialog->queryRows()->row(row)->editor()->editor();
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
        // What auto-closing added after the cursor goes: an unbalanced query stays as typed.
        QTest::keyClick(edit, Qt::Key_End, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(edit, Qt::Key_Delete);
        if (edit->toPlainText() != text)
            return false;
        QSignalSpy spy(dialog, &PanelEditorDialog::previewRefreshed);
        QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
        return spy.wait(5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_now = nowMs() / Step * Step;
        tsdb::AppendBatch batch;
        for (TimestampMs t = m_now - 2 * 3600'000; t <= m_now; t += Step) {
            batch.samples.push_back({ Labels { { "__name__", "up" }, { "job", "api" } }, t, 1 });
            for (const char* instance : { "a", "b", "c" })
                batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "instance", instance },
                                              { "job", "api" } },
                    t, double((t - m_now) / Step + 1000) });
        }
        m_metrics->append(batch);
        m_client = std::make_unique<services::QueryClient>(m_metrics, m_logs);
    }

    void init()
    {
        auto d = dashboards::importDashboard(QByteArray(DashboardJson));
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
        m_model.load(d.value());
    }

    void nextRefId_data()
    {
        QTest::addColumn<QStringList>("used");
        QTest::addColumn<QString>("expected");
        QTest::addRow("none") << QStringList {} << u"A"_s;
        QTest::addRow("A") << QStringList { u"A"_s } << u"B"_s;
        QTest::addRow("gap") << QStringList { u"A"_s, u"C"_s } << u"B"_s;
        QStringList all;
        for (char16_t c = u'A'; c <= u'Z'; ++c)
            all << QString(QChar(c));
        QTest::addRow("after Z") << all << u"AA"_s;
    }
    void nextRefId()
    {
        QFETCH(QStringList, used);
        QFETCH(QString, expected);
        std::vector<dashboards::Target> targets;
        for (const QString& id : used)
            targets.push_back({ QJsonObject { { u"refId"_s, id } } });
        QCOMPARE(editor::nextRefId(targets), expected);
    }

    void typedQueryRunsInPreview()
    {
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        QCOMPARE(dialog->preview()->data().series.size(), std::size_t(1));
        QCOMPARE(dialog->queryRows()->rowCount(), 1);
        QVERIFY(typeAndRun(dialog.get(), 0, u"http_requests_total{job=\"$job\"}"_s));
        QCOMPARE(dialog->preview()->data().error, QString());
        QCOMPARE(dialog->preview()->data().series.size(), std::size_t(3));
        QCOMPARE(dialog->preview()->view()->seriesCount(), 3);
        QCOMPARE(dialog->workingCopy().targets().at(0).expr(), u"http_requests_total{job=\"$job\"}"_s);
        // Nothing reaches the dashboard before Apply.
        QCOMPARE(m_model.dashboard().panelById(1)->targets().at(0).expr(), u"up"_s);
        QVERIFY(dialog->hasChanges());
        // Suggestions follow the preview's data: several series.
        QCOMPARE(dialog->visualizationPicker()->suggestions().value(0), u"timeseries"_s);
    }

    void explainPaneOnQueryRow()
    {
        // The row's Explain toggle shows the query's tree, evaluated against the panel's data.
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        QVERIFY(typeAndRun(dialog.get(), 0, u"sum by (job) (http_requests_total)"_s));
        ui::QueryEditor* editor = dialog->queryRows()->row(0)->editor();
        auto* view = qobject_cast<ui::ExplainView*>(editor->explainWidget());
        QVERIFY(view);
        QVERIFY(!view->isVisible());
        QSignalSpy evaluated(view, &ui::ExplainView::evaluated);
        QTest::mouseClick(editor->explainButton(), Qt::LeftButton);
        QTRY_VERIFY(view->isVisible());
        QVERIFY(evaluated.wait(10'000));
        QTreeWidgetItem* root = view->tree()->topLevelItem(0);
        QVERIFY(root);
        QCOMPARE(root->text(ui::ExplainView::ExpressionColumn), u"sum by (job) (http_requests_total)"_s);
        QCOMPARE(root->text(ui::ExplainView::ResultColumn), u"1 series"_s);
        QCOMPARE(root->child(0)->text(ui::ExplainView::ResultColumn), u"3 series"_s);
    }

    void parseErrorShowsOnRow_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("underlinedFrom"); ///< the underline starts at this text's first occurrence
        QTest::addRow("unclosed") << u"sum(rate(up[5m])"_s << QString();
        // "$job" becomes "api" (one character shorter): the position is mapped back to what was typed.
        QTest::addRow("after variable") << u"up{job=\"$job\"} + * 2"_s << u"*"_s;
    }
    void parseErrorShowsOnRow()
    {
        QFETCH(QString, query);
        QFETCH(QString, underlinedFrom);
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        dialog->queryRows()->addQuery();
        QVERIFY(typeAndRun(dialog.get(), 1, query));
        QueryEditor* bad = dialog->queryRows()->row(1)->editor();
        QVERIFY(dialog->preview()->data().error.startsWith(u"B: "_s));
        QVERIFY2(!bad->errorText().isEmpty(), qPrintable(dialog->preview()->data().error));
        QVERIFY(dialog->queryRows()->row(0)->editor()->errorText().isEmpty());
        const SourceRange r = bad->underlinedRange();
        QVERIFY(r.end > r.begin);
        QVERIFY(r.end <= query.size());
        if (!underlinedFrom.isEmpty())
            QCOMPARE(r.begin, int(query.indexOf(underlinedFrom)));
        // Fixing the query clears the error.
        QVERIFY(typeAndRun(dialog.get(), 1, u"up"_s));
        QVERIFY(bad->errorText().isEmpty());
    }

    void unitFromOptionsPane()
    {
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        auto* picker = qobject_cast<editor::UnitPicker*>(
            dialog->optionsPane()->editorFor(u"fieldConfig.defaults.unit"_s));
        QVERIFY(picker);
        QTest::keyClicks(picker->searchField(), u"bytes(IEC"_s);
        QVERIFY(picker->tree()->isVisible());
        QTreeWidgetItem* bytes = nullptr;
        for (int c = 0; c < picker->tree()->topLevelItemCount(); ++c)
            for (int i = 0; i < picker->tree()->topLevelItem(c)->childCount(); ++i)
                if (picker->tree()->topLevelItem(c)->child(i)->data(0, Qt::UserRole) == u"bytes"_s)
                    bytes = picker->tree()->topLevelItem(c)->child(i);
        QVERIFY(bytes && !bytes->isHidden());
        clickItem(picker->tree(), bytes);
        QCOMPARE(dialog->workingCopy().fieldDefaults().value(u"unit").toString(), u"bytes"_s);
        QCOMPARE(dialog->preview()->panel().fieldDefaults().value(u"unit").toString(), u"bytes"_s);
        QVERIFY(!picker->tree()->isVisible());
    }

    void searchFiltersOptions()
    {
        auto dialog = openEditor(1);
        editor::OptionsPane* pane = dialog->optionsPane();
        QVERIFY(pane->categories().contains(u"Standard options"_s));
        QVERIFY(pane->categories().contains(u"Thresholds"_s));
        QTest::keyClicks(pane->searchField(), u"decim"_s);
        QCOMPARE(pane->visibleOptionNames(), QStringList { u"Decimals"_s });
        pane->searchField()->clear();
        QVERIFY(pane->visibleOptionNames().size() > 10);
    }

    void switchVisualizationAndApply()
    {
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        const QJsonObject before = m_model.dashboard().panelById(1)->json();
        const int undoCount = m_model.undoStack()->count();

        QTest::mouseClick(dialog->visualizationButton(), Qt::LeftButton);
        QVERIFY(dialog->visualizationPicker()->isVisible());
        // One series: stat and gauge are suggested first.
        QCOMPARE(dialog->visualizationPicker()->suggestions().mid(0, 2), (QStringList { u"stat"_s, u"gauge"_s }));
        QListWidgetItem* stat = dialog->visualizationPicker()->itemFor(u"stat"_s);
        QVERIFY(stat);
        clickItem(dialog->visualizationPicker()->allList(), stat);
        QCOMPARE(dialog->workingCopy().type(), u"stat"_s);
        QCOMPARE(dialog->preview()->renderedAs(), u"stat"_s);
        QVERIFY(dialog->optionsPane()->isVisible());
        QVERIFY(dialog->optionsPane()->editorFor(u"options.colorMode"_s));
        // A stat option, then Apply: one undo step.
        auto* colorMode = qobject_cast<QComboBox*>(dialog->optionsPane()->editorFor(u"options.colorMode"_s));
        QVERIFY(colorMode);
        colorMode->setCurrentIndex(colorMode->findText(u"background"_s));
        QCOMPARE(dialog->workingCopy().options().value(u"colorMode").toString(), u"background"_s);

        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QCOMPARE(m_model.undoStack()->count(), undoCount + 1);
        const dashboards::Panel* after = m_model.dashboard().panelById(1);
        QCOMPARE(after->type(), u"stat"_s);
        QCOMPARE(after->options().value(u"colorMode").toString(), u"background"_s);
        QVERIFY(!dialog->hasChanges());
        m_model.undoStack()->undo();
        QCOMPARE(m_model.dashboard().panelById(1)->json(), before);
    }

    void applyAndCloseWritesQuery()
    {
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        QVERIFY(typeAndRun(dialog.get(), 0, u"http_requests_total"_s));
        QTest::mouseClick(dialog->applyAndCloseButton(), Qt::LeftButton);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QCOMPARE(m_model.dashboard().panelById(1)->targets().at(0).expr(), u"http_requests_total"_s);
    }

    void rowsAddDuplicateMoveRemove()
    {
        auto dialog = openEditor(1);
        editor::QueryRowsEditor* rows = dialog->queryRows();
        QTest::mouseClick(rows->addButton(), Qt::LeftButton);
        QCOMPARE(rows->rowCount(), 2);
        QCOMPARE(rows->row(1)->refId(), u"B"_s);
        QTest::mouseClick(rows->row(0)->findChild<QToolButton*>(u"queryDuplicate"_s), Qt::LeftButton);
        QCOMPARE(rows->rowCount(), 3);
        QCOMPARE(rows->row(1)->refId(), u"C"_s);
        QCOMPARE(rows->row(1)->target().expr(), u"up"_s);
        QTest::mouseClick(rows->row(1)->findChild<QToolButton*>(u"queryMoveUp"_s), Qt::LeftButton);
        QCOMPARE(rows->row(0)->refId(), u"C"_s);
        QTest::mouseClick(rows->row(0)->findChild<QToolButton*>(u"queryRemove"_s), Qt::LeftButton);
        QCOMPARE(rows->rowCount(), 2);
        QStringList ids;
        for (const auto& t : dialog->workingCopy().targets())
            ids << t.refId();
        QCOMPARE(ids, (QStringList { u"A"_s, u"B"_s }));
        // Instant, hidden, min interval and legend land in the target JSON.
        editor::QueryRow* a = rows->row(0);
        a->queryTypePicker()->setCurrentIndex(1);
        QTest::mouseClick(a->hideButton(), Qt::LeftButton);
        QTest::keyClicks(a->intervalField(), u"1m"_s);
        QTest::keyClick(a->intervalField(), Qt::Key_Return);
        QTest::keyClicks(a->legendField(), u"{{job}}"_s);
        QTest::keyClick(a->legendField(), Qt::Key_Return);
        const QJsonObject t = dialog->workingCopy().targets().at(0).json;
        QCOMPARE(t.value(u"instant").toBool(), true);
        QCOMPARE(t.value(u"range").toBool(), false);
        QCOMPARE(t.value(u"hide").toBool(), true);
        QCOMPARE(t.value(u"interval").toString(), u"1m"_s);
        QCOMPARE(t.value(u"legendFormat").toString(), u"{{job}}"_s);
        QVERIFY(dialog->isVisible()); // Enter in a field did not apply or close
    }

    void rowDatasourceMakesPanelMixed()
    {
        auto dialog = openEditor(1);
        editor::QueryRow* row = dialog->queryRows()->row(0);
        QComboBox* ds = row->datasourcePicker();
        ds->setCurrentIndex(ds->findText(u"Loki"_s));
        QCOMPARE(dialog->workingCopy().datasource().uid, QString::fromUtf16(editor::MixedUid));
        QCOMPARE(dialog->workingCopy().targets().at(0).datasource().uid, u"sightglass-loki"_s);
        // Loki rows use queryType.
        QCOMPARE(row->queryTypePicker()->count(), 2);
        QCOMPARE(dialog->workingCopy().targets().at(0).json.value(u"queryType").toString(), u"range"_s);
    }

    void newPanelIsAddedOnApply()
    {
        auto dialog = openEditor(0);
        QCOMPARE(dialog->panelId(), 0);
        QCOMPARE(dialog->queryRows()->rowCount(), 1);
        QVERIFY(typeAndRun(dialog.get(), 0, u"up"_s));
        QCOMPARE(dialog->preview()->data().series.size(), std::size_t(1));
        const std::size_t panels = m_model.dashboard().panels().size();
        QSignalSpy applied(dialog.get(), &PanelEditorDialog::applied);
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QCOMPARE(applied.size(), 1);
        QVERIFY(dialog->panelId() > 1);
        QCOMPARE(m_model.dashboard().panels().size(), panels + 1);
        QCOMPARE(m_model.dashboard().panelById(dialog->panelId())->targets().at(0).expr(), u"up"_s);
        // A second Apply edits the panel just added.
        dialog->setVisualization(u"gauge"_s);
        dialog->apply();
        QCOMPARE(m_model.dashboard().panels().size(), panels + 1);
        QCOMPARE(m_model.dashboard().panelById(dialog->panelId())->type(), u"gauge"_s);
        m_model.undoStack()->undo();
        m_model.undoStack()->undo();
        QCOMPARE(m_model.dashboard().panels().size(), panels);
    }

    void escapeAsksWhenChanged()
    {
        auto dialog = openEditor(1);
        int asked = 0;
        bool answer = false;
        dialog->setDiscardConfirmation([&] {
            ++asked;
            return answer;
        });
        QTest::keyClick(dialog.get(), Qt::Key_Escape);
        QCOMPARE(asked, 0); // nothing changed: closes at once
        QVERIFY(!dialog->isVisible());
        dialog->show();
        auto* title = qobject_cast<QLineEdit*>(dialog->optionsPane()->editorFor(u"title"_s));
        QVERIFY(title);
        QTest::keyClicks(title, u" renamed"_s);
        QCOMPARE(dialog->workingCopy().title(), u"Up renamed"_s);
        QCOMPARE(dialog->windowTitle(), u"Edit panel – Up renamed"_s);
        QTest::keyClick(dialog.get(), Qt::Key_Escape);
        QCOMPARE(asked, 1);
        QVERIFY(dialog->isVisible());
        answer = true;
        QTest::keyClick(dialog.get(), Qt::Key_Escape);
        QCOMPARE(asked, 2);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(m_model.dashboard().panelById(1)->title(), u"Up"_s);
    }

    void thresholdsAndMappingsEditors()
    {
        auto dialog = openEditor(1);
        auto* thresholds = qobject_cast<editor::ThresholdsEditor*>(
            dialog->optionsPane()->editorFor(u"fieldConfig.defaults.thresholds"_s));
        QVERIFY(thresholds);
        QCOMPARE(thresholds->stepCount(), 2);
        QTest::mouseClick(thresholds->findChild<QToolButton*>(u"addEntry"_s), Qt::LeftButton);
        QCOMPARE(thresholds->stepCount(), 3);
        const QJsonArray steps = dialog->workingCopy().fieldDefaults().value(u"thresholds").toObject().value(u"steps").toArray();
        QCOMPARE(steps.size(), 3);
        QVERIFY(steps.at(0).toObject().value(u"value").isNull());
        QCOMPARE(steps.at(2).toObject().value(u"value").toDouble(), 90.0);

        auto* mappings = qobject_cast<editor::MappingsEditor*>(
            dialog->optionsPane()->editorFor(u"fieldConfig.defaults.mappings"_s));
        QVERIFY(mappings);
        QTest::mouseClick(mappings->findChild<QToolButton*>(u"addEntry"_s), Qt::LeftButton);
        QTest::keyClicks(mappings->findChild<QLineEdit*>(u"mappingValue"_s), u"1"_s);
        QTest::keyClicks(mappings->findChild<QLineEdit*>(u"mappingText"_s), u"Up"_s);
        const QJsonArray m = dialog->workingCopy().fieldDefaults().value(u"mappings").toArray();
        QCOMPARE(m.size(), 1);
        QCOMPARE(m.at(0).toObject().value(u"type").toString(), u"value"_s);
        QCOMPARE(m.at(0).toObject().value(u"options").toObject().value(u"1").toObject().value(u"text").toString(),
            u"Up"_s);
    }

    void overridesEditor()
    {
        auto dialog = openEditor(1);
        auto* overrides = dialog->optionsPane()->overridesEditor();
        overrides->addOverride(u"byName"_s, u"up"_s);
        overrides->addProperty(0, u"unit"_s);
        auto* value = overrides->findChild<QLineEdit*>(u"jsonValue"_s);
        QVERIFY(value);
        QTest::keyClicks(value, u"\"percent\""_s);
        const QJsonArray o = dialog->workingCopy().fieldConfig().value(u"overrides").toArray();
        QCOMPARE(o.size(), 1);
        QCOMPARE(o.at(0).toObject().value(u"matcher").toObject().value(u"id").toString(), u"byName"_s);
        QCOMPARE(o.at(0).toObject().value(u"properties").toArray().at(0).toObject().value(u"value").toString(),
            u"percent"_s);
    }

    void suggestions_data()
    {
        QTest::addColumn<int>("series");
        QTest::addColumn<bool>("logs");
        QTest::addColumn<bool>("buckets");
        QTest::addColumn<QString>("first");
        QTest::addRow("logs") << 0 << true << false << u"logs"_s;
        QTest::addRow("one series") << 1 << false << false << u"stat"_s;
        QTest::addRow("several") << 3 << false << false << u"timeseries"_s;
        QTest::addRow("buckets") << 3 << false << true << u"heatmap"_s;
        QTest::addRow("nothing") << 0 << false << false << u"table"_s;
    }
    void suggestions()
    {
        QFETCH(int, series);
        QFETCH(bool, logs);
        QFETCH(bool, buckets);
        QFETCH(QString, first);
        query::PanelData data;
        for (int i = 0; i < series; ++i) {
            query::SeriesFrame f;
            if (buckets)
                f.labels = { { u"le"_s, QString::number(i) } };
            f.timesMs = { 1000 };
            f.values = { double(i) };
            data.series.push_back(f);
        }
        if (logs)
            data.logs.push_back({ 1, u"line"_s, {}, u"A"_s });
        QCOMPARE(editor::suggestVisualizations(data).value(0), first);
    }

    void screenshot()
    {
        auto dialog = openEditor(1);
        QVERIFY(waitForPreview(dialog.get()));
        dialog->resize(1400, 900);
        QVERIFY(typeAndRun(dialog.get(), 0, u"http_requests_total"_s));
        QTest::qWait(50);
        dialog->grab().save(u"/tmp/panel_editor.png"_s);
        dialog->queryRows()->addQuery();
        QVERIFY(typeAndRun(dialog.get(), 1, u"sum(rate(up[5m])"_s));
        QTest::qWait(50);
        dialog->grab().save(u"/tmp/panel_editor_error.png"_s);
        dialog->optionsPane()->searchField()->setText(u"Standard options"_s);
        QTest::qWait(20);
        dialog->optionsPane()->grab().save(u"/tmp/panel_editor_standard.png"_s);
        dialog->optionsPane()->searchField()->setText(u"thresholds"_s);
        QTest::qWait(20);
        dialog->optionsPane()->grab().save(u"/tmp/panel_editor_thresholds.png"_s);
        dialog->optionsPane()->searchField()->clear();
        QTest::mouseClick(dialog->visualizationButton(), Qt::LeftButton);
        QTest::qWait(20);
        dialog->grab().save(u"/tmp/panel_editor_picker.png"_s);
    }
};

QTEST_MAIN(TestPanelEditor)
#include "tst_panel_editor.moc"
