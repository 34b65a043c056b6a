#pragma once

#include "ui/panels/panel_plugin.h"

#include <QJsonObject>
#include <QTextBrowser>

namespace sg::ui {

/// A QTextBrowser that never fetches anything: images and other resources a dashboard's markdown or HTML refers
/// to are counted and left out, so a text panel makes no network (or file) access.
class OfflineTextBrowser : public QTextBrowser
{
    Q_OBJECT
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int type, const QUrl& name) override;
    int blockedLoads() const { return m_blocked; }

private:
    int m_blocked = 0;
};

/// Grafana's text panel: `options.content` as markdown (QTextDocument's GitHub dialect), as HTML (scripts,
/// styles and frames stripped, as Grafana sanitizes it) or as code, on the panel background.
class TextView : public PanelView
{
    Q_OBJECT
public:
    explicit TextView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData&) override { }
    QString summary() const override;

    QString mode() const { return m_mode; }
    QString plainText() const;
    OfflineTextBrowser* browser() const { return m_browser; }

    /// Removes <script>, <style>, <iframe>, <object> and <embed> elements and `on*=` handlers.
    static QString sanitizeHtml(const QString& html);

private:
    OfflineTextBrowser* m_browser = nullptr;
    QString m_mode;
    QString m_content;
};

} // namespace sg::ui
