// MainWindow's exports: the dashboard as JSON (as is, or for sharing), a panel or the dashboard as PNG or SVG.
#include "main_window.h"

#include "core/dashboards/dashboard_json.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/export/svg_export.h"

#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sg {

namespace {
QString askSavePath(QWidget* parent, const MainWindow::SavePathChooser& chooser, const QString& caption,
    const QString& suggested, const QString& filter)
{
    return chooser ? chooser(caption, suggested, filter)
                   : QFileDialog::getSaveFileName(parent, caption, suggested, filter);
}
} // namespace

void MainWindow::exportJson(bool forSharing)
{
    const QString path = askSavePath(this, m_savePathChooser, tr("Export dashboard"),
        m_model->dashboard().title() + u".json"_s, tr("Dashboard JSON (*.json)"));
    if (path.isEmpty())
        return;
    const QByteArray bytes = forSharing
        ? QJsonDocument(dashboards::exportForSharing(m_model->dashboard(), m_view->datasources())).toJson()
        : dashboards::exportDashboard(m_model->dashboard());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        showMessage(tr("Cannot write %1: %2").arg(path, f.errorString()));
    else
        showMessage(tr("Exported %1").arg(path));
}

bool MainWindow::exportImage(int panelId, bool svg, QString path)
{
    ui::PanelFrame* frame = panelId ? m_view->frameById(panelId) : nullptr;
    const QString title = frame ? frame->panel().title() : m_model->dashboard().title();
    if (path.isEmpty()) {
        path = askSavePath(this, m_savePathChooser, svg ? tr("Export SVG") : tr("Export PNG"),
            title + (svg ? u".svg"_s : u".png"_s), svg ? tr("SVG image (*.svg)") : tr("PNG image (*.png)"));
        if (path.isEmpty())
            return false;
    }
    QWidget* what = panelId ? static_cast<QWidget*>(frame) : m_view->widget();
    QString error;
    const bool written = what && (svg ? ui::writeSvg(what, path, title, &error) : what->grab().save(path));
    showMessage(written ? tr("Exported %1").arg(path) : tr("Cannot write %1 %2").arg(path, error));
    return written;
}

} // namespace sg
