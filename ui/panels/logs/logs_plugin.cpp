#include "logs_plugin.h"

#include "core/query/frames.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"

#include <QVBoxLayout>


using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

/// Grafana's logs panel: the lines of the panel's log queries, newest first (or oldest first with
/// `sortOrder: Ascending`), level-coloured.
class LogsView : public PanelView
{
public:
    explicit LogsView(QWidget* parent)
        : PanelView(parent)
    {
        m_logs = new LogsPanel(this);
        // A dashboard panel shows the lines only; its options come from the panel JSON.
        m_logs->toolbar()->hide();
        m_logs->setVolumeFromLines(false);
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_logs);
    }

    void setPanel(const dashboards::Panel& panel) override
    {
        const auto options = panel.options();
        m_ascending = options.value(u"sortOrder").toString() == u"Ascending";
        LineDisplay display;
        display.wrap = options.value(u"wrapLogMessage").toBool();
        display.prettifyJson = options.value(u"prettifyLogMessage").toBool();
        display.showLabels = options.value(u"showLabels").toBool(true);
        m_logs->setDisplay(display);
        const QString dedup = options.value(u"dedupStrategy").toString();
        m_logs->setDedupMode(dedup == u"exact" ? DedupMode::Exact
                : dedup == u"numbers"        ? DedupMode::Numbers
                : dedup == u"signature"      ? DedupMode::Signature
                                             : DedupMode::None);
        const auto targets = panel.targets();
        m_logs->setQueryText(targets.empty() ? QString() : targets.front().expr());
    }

    void setData(const query::PanelData& data) override
    {
        m_logs->setLoading(data.loading);
        if (data.loading)
            return;
        if (!data.error.isEmpty()) {
            m_logs->setError(data.error);
            m_count = 0;
            return;
        }
        // Rows back into streams (one per label set), as the line list takes them.
        std::vector<logs::Stream> streams = query::toStreams(data.logs);
        m_count = int(data.logs.size());
        m_logs->setStreams(std::move(streams), m_ascending ? logs::Direction::Forward : logs::Direction::Backward);
    }

    QString summary() const override { return u"%1 lines"_s.arg(m_count); }
    int seriesCount() const override { return m_count; }

private:
    LogsPanel* m_logs = nullptr;
    bool m_ascending = false;
    int m_count = 0;
};

class LogsPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"logs"_s; }
    QString name() const override { return u"Logs"_s; }
    PanelQueryKind queryKind() const override { return PanelQueryKind::Logs; }
    QJsonObject defaultOptions() const override
    {
        return QJsonObject { { u"showTime"_s, true }, { u"showLabels"_s, false }, { u"wrapLogMessage"_s, false },
            { u"sortOrder"_s, u"Descending"_s }, { u"enableLogDetails"_s, true }, { u"dedupStrategy"_s, u"none"_s },
            { u"prettifyLogMessage"_s, false }, { u"showCommonLabels"_s, false } };
    }
    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        return {
            { u"options.showTime"_s, u"Time"_s, u"Logs"_s, E::Bool, true, {}, {} },
            { u"options.showLabels"_s, u"Unique labels"_s, u"Logs"_s, E::Bool, false, {}, {} },
            { u"options.wrapLogMessage"_s, u"Wrap lines"_s, u"Logs"_s, E::Bool, false, {}, {} },
            { u"options.sortOrder"_s, u"Order"_s, u"Logs"_s, E::Select, u"Descending"_s, { u"Descending"_s, u"Ascending"_s }, {} },
        };
    }
    PanelView* createView(QWidget* parent) const override { return new LogsView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeLogsPlugin() { return std::make_unique<LogsPlugin>(); }

} // namespace sg::ui
