// The dashboard workflows a person does with the mouse and keyboard, on the real window over the running demo:
// drag to zoom, edit a panel's query, save and reopen, move panels in edit mode, import files (and drop them),
// manage the dashboards list, and answer the unsaved-changes question.
#include "tests/common/require_peer.h"
#include "app/main_window.h"
#include "demo_window.h"
#include "core/dashboards/layout.h"
#include "core/services/workbench.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/dashboard/variable_bar.h"
#include "ui/editor/panel_editor.h"
#include "ui/editor/query_rows.h"
#include "ui/pages/dashboards_page.h"
#include "ui/panels/timeseries/timeseries_view.h"
#include "ui/theme.h"
#include "ui/widgets/grafana_time_picker.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QUrl>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
const QString Overview = u"service-overview"_s;
const QString Targets = u"targets-overview"_s;

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestDashboardGui : public QObject
{
    Q_OBJECT

    ui::DashboardView* view() const { return m_window->dashboardView(); }
    ui::DashboardModel* model() const { return m_window->model(); }
    QString filePath(const QString& uid) const { return m_workbench->dashboardsDir() + u'/' + uid + u".json"_s; }

    /// Opens a dashboard of the library with no question asked (earlier changes are dropped) and waits for it.
    bool openClean(const QString& uid)
    {
        model()->undoStack()->clear();
        if (!m_window->openDashboard(uid))
            return false;
        return waitSettled();
    }

    bool waitSettled()
    {
        // Every frame ran for the current range and answered.
        return QTest::qWaitFor([this] { return view()->isSettled(); }, 20'000);
    }

    QAction* menuAction(const QString& menuTitle, const QString& text) const
    {
        for (QAction* top : m_window->menuBar()->actions()) {
            if (top->text().remove(u'&') != menuTitle || !top->menu())
                continue;
            for (QAction* a : top->menu()->actions())
                if (a->text().remove(u'&') == text)
                    return a;
        }
        return nullptr;
    }

    bool activate()
    {
        m_window->activateWindow();
        return QTest::qWaitForWindowActive(m_window.get());
    }

    void screenshot(const QString& name) const
    {
        // SG_SCREENSHOT_DIR=DIR keeps a picture of the window after each main step, to look at.
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            m_window->grab().save(dir + u"/dashboard-"_s + name + u".png"_s);
    }

    static QString firstExpr(const dashboards::Panel& panel)
    {
        return panel.json().value(u"targets"_s).toArray().at(0).toObject().value(u"expr"_s).toString();
    }

    /// Every pair of top-level panels is apart.
    static QString overlapsIn(const dashboards::Dashboard& d)
    {
        const auto& panels = d.panels();
        for (std::size_t i = 0; i < panels.size(); ++i)
            for (std::size_t j = i + 1; j < panels.size(); ++j)
                if (dashboards::overlaps(panels[i].gridPos(), panels[j].gridPos()))
                    return panels[i].title() + u" overlaps "_s + panels[j].title();
        return {};
    }

    int tableRowOf(const QString& uid) const
    {
        QTableWidget* table = m_window->dashboardsPage()->table();
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 1)->data(Qt::UserRole).toString() == uid)
                return r;
        return -1;
    }

    void clickRow(int row) const
    {
        QTableWidget* table = m_window->dashboardsPage()->table();
        const QRect rect = table->visualItemRect(table->item(row, 1));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    }

    QPushButton* pageButton(const char* name) const
    {
        return m_window->dashboardsPage()->findChild<QPushButton*>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(startDemoWorkbench(m_dir.path(), m_workbench));
        QVERIFY(showMainWindow(*m_workbench, m_window));
        view()->setEagerLoading(true);
        QCOMPARE(m_workbench->defaultDashboardUid(), Overview);
        QVERIFY(QFile::exists(filePath(Overview)));
        QVERIFY(QFile::exists(filePath(Targets)));
        QVERIFY(openClean(Overview));
    }

    void dragToZoom()
    {
        QVERIFY(openClean(Overview));
        ui::PanelFrame* frame = view()->frameByTitle(u"Request rate by status"_s);
        QVERIFY(frame);
        auto* chart = qobject_cast<ui::timeseries::TimeSeriesView*>(frame->view());
        QVERIFY(chart);
        QVERIFY2(chart->errorText().isEmpty(), qPrintable(chart->errorText()));
        QCOMPARE(m_window->timePicker()->from(), u"now-1h"_s);
        QCOMPARE(frame->lastPlan().queries.size(), std::size_t(1));
        const qint64 shownFrom = frame->lastPlan().queries.front().fromMs;
        const qint64 shownTo = frame->lastPlan().queries.front().toMs;

        // Drag across 40% of the plot, from 30% to 70% of its width.
        const QRectF plot = chart->plotRect();
        QVERIFY(plot.width() > 200);
        const int y = int(plot.center().y());
        const int x0 = int(plot.left() + 0.3 * plot.width());
        const int x1 = int(plot.left() + 0.7 * plot.width());
        const auto timeAt = [&](int x) { return shownFrom + qint64((x - plot.left()) / plot.width() * (shownTo - shownFrom)); };
        QSignalSpy changed(m_window->timePicker(), &ui::GrafanaTimePicker::rangeChanged);
        QTest::mousePress(chart, Qt::LeftButton, {}, QPoint(x0, y));
        for (int i = 1; i <= 8; ++i)
            QTest::mouseMove(chart, QPoint(x0 + (x1 - x0) * i / 8, y));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, QPoint(x1, y));
        QCOMPARE(changed.count(), 1);

        bool okFrom = false, okTo = false;
        const qint64 from = m_window->timePicker()->from().toLongLong(&okFrom);
        const qint64 to = m_window->timePicker()->to().toLongLong(&okTo);
        QVERIFY2(okFrom && okTo, qPrintable(m_window->timePicker()->from() + u" to "_s + m_window->timePicker()->to()));
        const qint64 tolerance = (shownTo - shownFrom) / 50; // 2% of the shown span: a couple of pixels
        QVERIFY2(std::abs(from - timeAt(x0)) <= tolerance, qPrintable(QString::number(from - timeAt(x0))));
        QVERIFY2(std::abs(to - timeAt(x1)) <= tolerance, qPrintable(QString::number(to - timeAt(x1))));

        // The panels ran again over the selected range.
        QVERIFY(waitSettled());
        for (ui::PanelFrame* f : view()->frames()) {
            QVERIFY2(f->errorText().isEmpty(), qPrintable(f->panel().title() + u": "_s + f->errorText()));
            if (f->lastPlan().queries.empty())
                continue;
            const auto& q = f->lastPlan().queries.front();
            QVERIFY2(std::abs(q.fromMs - from) <= q.stepMs && std::abs(q.toMs - to) <= q.stepMs,
                qPrintable(f->panel().title()));
        }
        screenshot(u"zoomed"_s);

        // View ▸ Zoom out doubles the span around its centre.
        QAction* zoomOut = menuAction(u"View"_s, u"Zoom out time range"_s);
        QVERIFY(zoomOut);
        zoomOut->trigger();
        const qint64 zFrom = m_window->timePicker()->from().toLongLong();
        const qint64 zTo = m_window->timePicker()->to().toLongLong();
        QVERIFY(zFrom < from && zTo > to);
        QVERIFY2(std::abs((zTo - zFrom) - 2 * (to - from)) <= 2, qPrintable(QString::number(zTo - zFrom)));
        QVERIFY(waitSettled());

        // And so does Grafana's `t z`, typed on the window (the range stops at now).
        QVERIFY(activate());
        QTest::keyClick(m_window.get(), Qt::Key_T);
        QTest::keyClick(m_window.get(), Qt::Key_Z);
        const qint64 z2From = m_window->timePicker()->from().toLongLong();
        const qint64 z2To = m_window->timePicker()->to().toLongLong();
        QVERIFY2(z2From < zFrom && z2To >= zTo, qPrintable(m_window->timePicker()->from()));
        QVERIFY(waitSettled());
        const auto& after = view()->frameByTitle(u"Request rate by status"_s)->lastPlan().queries.front();
        QVERIFY(std::abs(after.fromMs - z2From) <= after.stepMs);
        screenshot(u"zoomed-out"_s);
    }

    void editPanelQuery()
    {
        QVERIFY(openClean(Overview));
        ui::PanelFrame* frame = view()->frameByTitle(u"Error rate (5xx)"_s);
        QVERIFY(frame);
        const int id = frame->panelId();
        const QString oldExpr = firstExpr(*model()->dashboard().panelById(id));
        QVERIFY(oldExpr.contains(u"http_requests_total"_s));

        // The frame's menu ▸ Edit.
        QMenu* menu = frame->menuButton()->menu();
        QVERIFY(menu);
        QAction* edit = nullptr;
        for (QAction* a : menu->actions())
            if (a->text() == u"Edit")
                edit = a;
        QVERIFY(edit);
        edit->trigger();
        ui::PanelEditorDialog* dialog = nullptr;
        for (auto* d : m_window->findChildren<ui::PanelEditorDialog*>())
            if (d->isVisible())
                dialog = d;
        QVERIFY(dialog);
        QCOMPARE(dialog->panelId(), id);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));

        const QString newExpr = u"sum(rate(http_requests_total{status=~\"5..\"}[2m])) * 60"_s;
        QPlainTextEdit* text = dialog->queryRows()->row(0)->editor()->editor();
        text->setFocus();
        text->selectAll();
        QTest::keyClick(text, Qt::Key_Delete);
        QTest::keyClicks(text, newExpr);
        QCOMPARE(text->toPlainText(), newExpr);
        QSignalSpy previewed(dialog, &ui::PanelEditorDialog::previewRefreshed);
        QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(previewed.wait(10'000));
        QVERIFY2(dialog->preview()->errorText().isEmpty(), qPrintable(dialog->preview()->errorText()));
        QCOMPARE(dialog->preview()->lastPlan().queries.front().expr, newExpr);
        QVERIFY(dialog->preview()->view()->seriesCount() >= 1);
        QVERIFY(!model()->isDirty()); // nothing reaches the dashboard before Apply
        screenshot(u"panel-editor"_s);
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            dialog->grab().save(dir + u"/dashboard-panel-editor-dialog.png"_s);

        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QCOMPARE(firstExpr(*model()->dashboard().panelById(id)), newExpr);
        QVERIFY(model()->isDirty());
        QVERIFY2(m_window->windowTitle().contains(u"(unsaved)"_s), qPrintable(m_window->windowTitle()));
        dialog->close();
        QTRY_VERIFY(m_window->findChildren<ui::PanelEditorDialog*>().isEmpty());

        // The dashboard's frame ran the new query.
        QVERIFY(waitSettled());
        frame = view()->frameById(id);
        QVERIFY(frame);
        QVERIFY(!frame->lastPlan().queries.empty());
        QCOMPARE(frame->lastPlan().queries.front().expr, newExpr);
        QVERIFY2(frame->errorText().isEmpty(), qPrintable(frame->errorText()));

        // Ctrl+Z on the window undoes the edit.
        QVERIFY(activate());
        QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(firstExpr(*model()->dashboard().panelById(id)), oldExpr);
        QVERIFY(!model()->isDirty());
        QVERIFY(!m_window->windowTitle().contains(u"(unsaved)"_s));
        QVERIFY(waitSettled());
        QVERIFY(view()->frameById(id)->lastPlan().queries.front().expr != newExpr);
    }

    void saveAndReopen()
    {
        QVERIFY(openClean(Overview));
        const QString title = u"Service overview (saved)"_s;
        model()->setTitle(title);
        QVERIFY(model()->isDirty());
        QVERIFY(m_window->windowTitle().contains(u"(unsaved)"_s));

        // Move "Scrape duration" by a real drag on its title bar, in edit mode.
        auto* editButton = m_window->findChild<QToolButton*>(u"editModeButton"_s);
        QVERIFY(editButton);
        QTest::mouseClick(editButton, Qt::LeftButton);
        QVERIFY(view()->editMode());
        ui::PanelFrame* frame = view()->frameByTitle(u"Scrape duration"_s);
        QVERIFY(frame);
        const int id = frame->panelId();
        const dashboards::GridPos before = model()->dashboard().panelById(id)->gridPos();
        QCOMPARE(before.x, 12);
        const QPoint start(40, 10);
        const QPoint end = start - QPoint(frame->width() + ui::DashboardView::Gap, 0);
        QTest::mousePress(frame, Qt::LeftButton, {}, start);
        for (int i = 1; i <= 6; ++i)
            QTest::mouseMove(frame, start + (end - start) * i / 6);
        QTest::mouseRelease(frame, Qt::LeftButton, {}, end);
        QTest::mouseClick(editButton, Qt::LeftButton);
        QVERIFY(!view()->editMode());
        const dashboards::GridPos moved = model()->dashboard().panelById(id)->gridPos();
        QCOMPARE(moved.x, 0);

        // Ctrl+S on the window.
        QVERIFY(activate());
        QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!model()->isDirty());
        QVERIFY(!m_window->windowTitle().contains(u"(unsaved)"_s));
        const QJsonObject saved = readJson(filePath(Overview));
        QCOMPARE(saved.value(u"title"_s).toString(), title);
        bool found = false;
        for (const QJsonValue& p : saved.value(u"panels"_s).toArray())
            if (p.toObject().value(u"id"_s).toInt() == id) {
                found = true;
                QCOMPARE(p.toObject().value(u"gridPos"_s).toObject().value(u"x"_s).toInt(), 0);
                QCOMPARE(p.toObject().value(u"gridPos"_s).toObject().value(u"y"_s).toInt(), moved.y);
            }
        QVERIFY(found);
        screenshot(u"saved"_s);

        // Another dashboard, then this one again from the list by a double click.
        QVERIFY(openClean(Targets));
        QCOMPARE(model()->dashboard().uid(), Targets);
        m_window->tabs()->setCurrentWidget(m_window->dashboardsPage());
        const int row = tableRowOf(Overview);
        QVERIFY(row >= 0);
        QCOMPARE(m_window->dashboardsPage()->table()->item(row, 1)->text(), title);
        QTableWidget* table = m_window->dashboardsPage()->table();
        const QPoint at = table->visualItemRect(table->item(row, 1)).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(model()->dashboard().uid(), Overview);
        QCOMPARE(m_window->tabs()->currentIndex(), 1);
        QCOMPARE(model()->dashboard().title(), title);
        QVERIFY(model()->dashboard().panelById(id)->gridPos() == moved);
        QVERIFY(!model()->isDirty());
        QVERIFY(waitSettled());
        QCOMPARE(view()->frameById(id)->geometry().left(), ui::DashboardView::Margin);
    }

    void editModeDrag()
    {
        QVERIFY(openClean(Overview));
        auto* editButton = m_window->findChild<QToolButton*>(u"editModeButton"_s);
        QTest::mouseClick(editButton, Qt::LeftButton);
        QVERIFY(view()->editMode());
        QVERIFY(overlapsIn(model()->dashboard()).isEmpty());

        std::vector<std::pair<int, dashboards::GridPos>> original;
        for (const auto& p : model()->dashboard().panels())
            original.emplace_back(p.id(), p.gridPos());
        ui::PanelFrame* frame = view()->frameByTitle(u"p99 latency"_s);
        QVERIFY(frame);
        const int id = frame->panelId();
        const dashboards::GridPos before = model()->dashboard().panelById(id)->gridPos();
        QCOMPARE(before.x, 0);

        // One panel width to the right, onto "Errors in logs", which makes room.
        const QPoint start(60, 12);
        const QPoint end = start + QPoint(frame->width() + ui::DashboardView::Gap, 0);
        QTest::mousePress(frame, Qt::LeftButton, {}, start);
        for (int i = 1; i <= 6; ++i) {
            QTest::mouseMove(frame, start + (end - start) * i / 6);
            if (i == 3) // the frame follows the mouse while dragging
                QVERIFY(frame->geometry().left() > ui::DashboardView::Margin + 100);
        }
        QSignalSpy moved(model(), &ui::DashboardModel::layoutChanged);
        QSignalSpy rebuilt(model(), &ui::DashboardModel::changed);
        QTest::mouseRelease(frame, Qt::LeftButton, {}, end);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(rebuilt.count(), 0);
        // A move keeps every frame with its data: nothing is made again or queried again.
        QCOMPARE(view()->frameById(id), frame);
        QVERIFY(!frame->isLoading());
        const dashboards::GridPos after = model()->dashboard().panelById(id)->gridPos();
        QCOMPARE(after.x, 12);
        QCOMPARE(after.w, before.w);
        QVERIFY(!(after == before));
        QVERIFY(model()->isDirty());
        const QString overlap = overlapsIn(model()->dashboard());
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
        // On screen too: no two frames cover each other.
        for (std::size_t i = 0; i < view()->frames().size(); ++i)
            for (std::size_t j = i + 1; j < view()->frames().size(); ++j)
                QVERIFY(!view()->frames()[i]->geometry().intersects(view()->frames()[j]->geometry()));
        QVERIFY(view()->frameById(id)->geometry().left() > view()->width() / 3);
        screenshot(u"edit-mode-drag"_s);

        // Edit ▸ Undo puts every panel back.
        QAction* undo = menuAction(u"Edit"_s, u"Undo Move panel"_s);
        QVERIFY(undo);
        QVERIFY(undo->isEnabled());
        undo->trigger();
        for (const auto& [pid, pos] : original)
            QVERIFY2(model()->dashboard().panelById(pid)->gridPos() == pos, qPrintable(QString::number(pid)));
        QVERIFY(!model()->isDirty());
        QCOMPARE(view()->frameById(id)->geometry().left(), ui::DashboardView::Margin);
        QTest::mouseClick(editButton, Qt::LeftButton);
        QVERIFY(!view()->editMode());
    }

    void importFiles()
    {
        const QDir dir(QStringLiteral(SG_SHARED_TESTDATA) + u"/dashboards"_s);
        const QStringList files = dir.entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
        SG_REQUIRE_PEER(!(!dir.exists() || files.isEmpty()), qPrintable(u"no dashboards in "_s + dir.path()));
        for (const QString& name : files) {
            const QString path = dir.filePath(name);
            const QString expectedTitle = readJson(path).value(u"title"_s).toString();
            model()->undoStack()->clear();
            const int before = int(m_window->store()->search({}).size());
            QVERIFY2(m_window->importFile(path), qPrintable(m_window->statusText()));
            QCOMPARE(int(m_window->store()->search({}).size()), before + 1);
            QCOMPARE(m_window->tabs()->currentIndex(), 1);
            QCOMPARE(model()->dashboard().title(), expectedTitle);
            const QString uid = model()->dashboard().uid();
            QVERIFY(QFile::exists(filePath(uid)));
            QVERIFY2(waitSettled(), qPrintable(name));
            QVERIFY(!view()->frames().empty());
            for (ui::PanelFrame* f : view()->frames()) {
                QVERIFY2(f->hasRefreshed() || f->lastPlan().queries.empty(), qPrintable(name + u": "_s + f->panel().title()));
                QVERIFY2(f->errorText().isEmpty(),
                    qPrintable(name + u": "_s + f->panel().title() + u": "_s + f->errorText()));
            }
            // Its variables are on the bar above the panels, each with a visible picker.
            for (const auto& v : model()->dashboard().variables()) {
                if (v.hide() == 2 || v.type() == u"constant" || v.type() == u"adhoc")
                    continue;
                QTRY_VERIFY2(m_window->variableBar()->picker(v.name()) && m_window->variableBar()->picker(v.name())->isVisible(),
                    qPrintable(name + u": $"_s + v.name()));
                QVERIFY(m_window->variableBar()->picker(v.name())->width() > 0);
            }
            screenshot(u"import-"_s + QFileInfo(name).baseName());

            // The list finds it by a word of its title.
            QString word;
            for (const QString& w : expectedTitle.split(u' ', Qt::SkipEmptyParts))
                if (w.size() > word.size() && w.front().isLetter())
                    word = w;
            QVERIFY(!word.isEmpty());
            m_window->tabs()->setCurrentWidget(m_window->dashboardsPage());
            QLineEdit* search = m_window->dashboardsPage()->searchBox();
            search->clear();
            const int all = m_window->dashboardsPage()->table()->rowCount();
            QTest::keyClicks(search, word);
            QVERIFY(tableRowOf(uid) >= 0);
            QVERIFY2(m_window->dashboardsPage()->table()->rowCount() < all, qPrintable(word));
            for (int r = 0; r < m_window->dashboardsPage()->table()->rowCount(); ++r) {
                const QString t = m_window->dashboardsPage()->table()->item(r, 1)->text();
                const QString tags = m_window->dashboardsPage()->table()->item(r, 2)->text();
                QVERIFY2(t.contains(word, Qt::CaseInsensitive) || tags.contains(word, Qt::CaseInsensitive), qPrintable(t));
            }
            search->clear();
        }

        // A .json file dropped on the window is imported too.
        const QString dropped = m_dir.filePath(u"dropped.json"_s);
        QJsonObject json = readJson(dir.filePath(files.front()));
        json.insert(u"title"_s, u"Dropped dashboard"_s);
        json.insert(u"uid"_s, u"dropped-one"_s);
        QFile out(dropped);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(json).toJson());
        out.close();
        model()->undoStack()->clear();
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(dropped) });
        const QPoint at = m_window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(m_window.get(), &drop);
        QCOMPARE(model()->dashboard().title(), u"Dropped dashboard"_s);
        QCOMPARE(model()->dashboard().uid(), u"dropped-one"_s);
        QVERIFY(QFile::exists(filePath(u"dropped-one"_s)));
        QVERIFY(waitSettled());
    }

    void dashboardsList()
    {
        QVERIFY(openClean(Overview));
        ui::DashboardsPage* page = m_window->dashboardsPage();
        m_window->tabs()->setCurrentWidget(page);
        page->searchBox()->clear();
        QTableWidget* table = page->table();
        const int count = table->rowCount();
        QVERIFY(tableRowOf(Targets) >= 0);
        const QString targetsTitle = table->item(tableRowOf(Targets), 1)->text();

        // Duplicate.
        clickRow(tableRowOf(Targets));
        QCOMPARE(page->selectedUid(), Targets);
        QTest::mouseClick(pageButton("duplicateDashboard"), Qt::LeftButton);
        QCOMPARE(table->rowCount(), count + 1);
        const QString copy = page->selectedUid();
        QVERIFY(!copy.isEmpty() && copy != Targets);
        QVERIFY(QFile::exists(filePath(copy)));
        QVERIFY(table->item(tableRowOf(copy), 1)->text().contains(targetsTitle));

        // Rename (without the title dialog).
        page->renameSelected(u"Renamed targets copy"_s);
        QCOMPARE(table->item(tableRowOf(copy), 1)->text(), u"Renamed targets copy"_s);
        QCOMPARE(readJson(filePath(copy)).value(u"title"_s).toString(), u"Renamed targets copy"_s);
        QCOMPARE(table->item(tableRowOf(Targets), 1)->text(), targetsTitle);

        // Delete, then Edit ▸ Undo delete dashboard.
        clickRow(tableRowOf(copy));
        QCOMPARE(page->selectedUid(), copy);
        QTest::mouseClick(pageButton("deleteDashboard"), Qt::LeftButton);
        QCOMPARE(tableRowOf(copy), -1);
        QCOMPARE(table->rowCount(), count);
        QVERIFY(!QFile::exists(filePath(copy)));
        QVERIFY(m_window->statusText().contains(u"Renamed targets copy"_s));
        screenshot(u"list-deleted"_s);
        QAction* undoDelete = menuAction(u"Edit"_s, u"Undo delete dashboard"_s);
        QVERIFY(undoDelete);
        undoDelete->trigger();
        QVERIFY(tableRowOf(copy) >= 0);
        QCOMPARE(table->rowCount(), count + 1);
        QCOMPARE(table->item(tableRowOf(copy), 1)->text(), u"Renamed targets copy"_s);
        QVERIFY(QFile::exists(filePath(copy)));

        // Star and unstar: the ★ column follows, starred ones listed first.
        clickRow(tableRowOf(copy));
        QVERIFY(table->item(tableRowOf(copy), 0)->text().isEmpty());
        QTest::mouseClick(pageButton("starDashboard"), Qt::LeftButton);
        QCOMPARE(table->item(tableRowOf(copy), 0)->text(), u"★"_s);
        QCOMPARE(tableRowOf(copy), 0);
        QVERIFY(m_window->store()->isStarred(copy));
        screenshot(u"list-starred"_s);
        clickRow(tableRowOf(copy));
        QTest::mouseClick(pageButton("starDashboard"), Qt::LeftButton);
        QVERIFY(table->item(tableRowOf(copy), 0)->text().isEmpty());
        QVERIFY(!m_window->store()->isStarred(copy));

        // Starring the open dashboard in the list shows on the toolbar's star when going back to it.
        auto* toolbarStar = m_window->findChild<QToolButton*>(u"starButton"_s);
        QVERIFY(toolbarStar);
        QCOMPARE(model()->dashboard().uid(), Overview);
        QVERIFY(!toolbarStar->isChecked());
        clickRow(tableRowOf(Overview));
        QTest::mouseClick(pageButton("starDashboard"), Qt::LeftButton);
        QCOMPARE(table->item(tableRowOf(Overview), 0)->text(), u"★"_s);
        m_window->tabs()->setCurrentIndex(1);
        QVERIFY(toolbarStar->isChecked());
        QCOMPARE(toolbarStar->text(), u"★"_s);
        // And the toolbar's star shows in the list.
        QTest::mouseClick(toolbarStar, Qt::LeftButton);
        QVERIFY(!m_window->store()->isStarred(Overview));
        m_window->tabs()->setCurrentWidget(page);
        QVERIFY(table->item(tableRowOf(Overview), 0)->text().isEmpty());
    }

    void unsavedChangesAsk()
    {
        QVERIFY(openClean(Overview));
        const QByteArray onDisk = readBytes(filePath(Overview));
        QVERIFY(!onDisk.isEmpty());
        model()->setTitle(u"Never saved"_s);
        QVERIFY(model()->isDirty());

        // Answer the question with Discard, as a person would click it.
        QString asked;
        QTimer answer;
        answer.setInterval(50);
        connect(&answer, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || !box->isVisible())
                return;
            asked = box->text();
            answer.stop();
            QAbstractButton* discard = box->button(QMessageBox::Discard);
            QVERIFY(discard);
            QTest::mouseClick(discard, Qt::LeftButton);
        });
        answer.start();
        QTimer::singleShot(10'000, &answer, &QTimer::stop);
        QVERIFY(m_window->openDashboard(Targets));
        answer.stop();
        QVERIFY2(asked.contains(u"Never saved"_s), qPrintable(asked));
        QCOMPARE(model()->dashboard().uid(), Targets);
        QVERIFY(!model()->isDirty());
        QCOMPARE(readBytes(filePath(Overview)), onDisk);
        QVERIFY(waitSettled());
        screenshot(u"after-discard"_s);

        // Cancel keeps the dirty dashboard open.
        model()->setTitle(u"Targets, changed"_s);
        QTimer cancel;
        cancel.setInterval(50);
        connect(&cancel, &QTimer::timeout, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                cancel.stop();
                QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
            }
        });
        cancel.start();
        QVERIFY(!m_window->openDashboard(Overview));
        cancel.stop();
        QCOMPARE(model()->dashboard().uid(), Targets);
        QCOMPARE(model()->dashboard().title(), u"Targets, changed"_s);
        QVERIFY(model()->isDirty());
        model()->undoStack()->clear();
    }

    void cleanupTestCase()
    {
        if (m_window)
            model()->undoStack()->clear();
        m_window.reset();
        m_workbench.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<services::Workbench> m_workbench;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestDashboardGui)
#include "tst_dashboard_gui.moc"
