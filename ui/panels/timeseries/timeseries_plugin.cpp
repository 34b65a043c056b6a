#include "timeseries_plugin.h"

#include "ui/charts/time_series_panel.h"

#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

Labels toLabels(const query::LabelPairs& pairs)
{
    std::vector<Label> labels;
    labels.reserve(pairs.size());
    for (const auto& [k, v] : pairs)
        labels.push_back({ k.toStdString(), v.toStdString() });
    return Labels(std::move(labels));
}

/// Grafana's time series panel, drawn by the chart widget: one line per series, the unit on the value axis,
/// hover crosshair, click-through to logs.
class TimeSeriesView : public PanelView
{
public:
    explicit TimeSeriesView(QWidget* parent)
        : PanelView(parent)
    {
        m_chart = new TimeSeriesPanel(this);
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_chart);
        connect(m_chart, &TimeSeriesPanel::seriesClicked, this, [this](const sg::Labels& labels, qint64 t) {
            query::LabelPairs pairs;
            for (const Label& l : labels)
                pairs.emplace_back(QString::fromStdString(l.name), QString::fromStdString(l.value));
            Q_EMIT seriesClicked(pairs, t);
        });
    }

    void setPanel(const dashboards::Panel& panel) override
    {
        const QString unit = panel.fieldDefaults().value(u"unit").toString();
        m_chart->setUnit(unit.isEmpty() ? u"short"_s : unit);
    }

    void setData(const query::PanelData& data) override
    {
        m_chart->setLoading(data.loading);
        if (data.loading)
            return;
        if (!data.error.isEmpty()) {
            m_chart->setError(data.error);
            m_count = 0;
            return;
        }
        std::vector<NamedSeries> series;
        series.reserve(data.series.size());
        for (const query::SeriesFrame& f : data.series) {
            NamedSeries s;
            s.labels = toLabels(f.labels);
            s.name = f.name;
            s.points.reserve(f.values.size());
            for (std::size_t i = 0; i < f.values.size(); ++i)
                if (!std::isnan(f.values[i]))
                    s.points.push_back({ f.timesMs[i], f.values[i] });
            series.push_back(std::move(s));
        }
        m_count = int(series.size());
        m_chart->setNamedSeries(std::move(series), data.fromMs, data.toMs);
    }

    QString summary() const override { return u"%1 series"_s.arg(m_count); }
    int seriesCount() const override { return m_count; }
    TimeSeriesPanel* chart() const { return m_chart; }

private:
    TimeSeriesPanel* m_chart = nullptr;
    int m_count = 0;
};

class TimeSeriesPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"timeseries"_s; }
    QString name() const override { return u"Time series"_s; }
    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"legend"_s, QJsonObject { { u"displayMode"_s, u"list"_s }, { u"placement"_s, u"bottom"_s }, { u"showLegend"_s, true }, { u"calcs"_s, QJsonArray {} } } },
            { u"tooltip"_s, QJsonObject { { u"mode"_s, u"single"_s }, { u"sort"_s, u"none"_s } } },
        };
    }
    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        return {
            { u"options.legend.showLegend"_s, u"Visibility"_s, u"Legend"_s, E::Bool, true, {}, {} },
            { u"options.legend.displayMode"_s, u"Mode"_s, u"Legend"_s, E::Select, u"list"_s, { u"list"_s, u"table"_s }, {} },
            { u"options.legend.placement"_s, u"Placement"_s, u"Legend"_s, E::Select, u"bottom"_s, { u"bottom"_s, u"right"_s }, {} },
            { u"options.tooltip.mode"_s, u"Tooltip mode"_s, u"Tooltip"_s, E::Select, u"single"_s, { u"single"_s, u"multi"_s, u"hidden"_s }, {} },
            { u"fieldConfig.defaults.custom.drawStyle"_s, u"Style"_s, u"Graph styles"_s, E::Select, u"line"_s, { u"line"_s, u"bars"_s, u"points"_s }, {} },
            { u"fieldConfig.defaults.custom.lineWidth"_s, u"Line width"_s, u"Graph styles"_s, E::Number, 1, {}, {} },
            { u"fieldConfig.defaults.custom.fillOpacity"_s, u"Fill opacity"_s, u"Graph styles"_s, E::Number, 0, {}, {} },
            { u"fieldConfig.defaults.unit"_s, u"Unit"_s, u"Standard options"_s, E::Unit, QString(), {}, {} },
            { u"fieldConfig.defaults.min"_s, u"Min"_s, u"Standard options"_s, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.max"_s, u"Max"_s, u"Standard options"_s, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.decimals"_s, u"Decimals"_s, u"Standard options"_s, E::Number, QJsonValue(), {}, {} },
        };
    }
    PanelView* createView(QWidget* parent) const override { return new TimeSeriesView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeTimeSeriesPlugin() { return std::make_unique<TimeSeriesPlugin>(); }

} // namespace sg::ui
