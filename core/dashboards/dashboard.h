#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace sg::dashboards {

/// Grafana's grid: 24 columns, rows of 30 px with an 8 px gap.
constexpr int GridColumnCount = 24;
constexpr int GridCellHeight = 30;
constexpr int GridCellVMargin = 8;

/// Where a panel sits on the 24-column grid (h in grid rows).
struct GridPos
{
    int x = 0;
    int y = 0;
    int w = 12;
    int h = 8;
    bool operator==(const GridPos&) const = default;
};

/// A datasource reference as dashboards store it: `{"type": "prometheus", "uid": "..."}`. The uid may name a
/// variable (`$datasource`, `${ds}`) or a sharing input (`${DS_PROMETHEUS}`).
struct DatasourceRef
{
    QString type;
    QString uid;
    bool isEmpty() const { return type.isEmpty() && uid.isEmpty(); }
    bool operator==(const DatasourceRef&) const = default;
    static DatasourceRef fromJson(const QJsonValue& v);
    QJsonValue toJson() const;
};

/// One query of a panel (Grafana's "target"): a view over the target's JSON, which keeps every other key.
struct Target
{
    QJsonObject json;

    QString refId() const;
    QString expr() const;
    QString legendFormat() const;
    DatasourceRef datasource() const;
    bool hidden() const;
    /// Prometheus' `instant`/`range` flags, or Loki's `queryType: "instant"`. `format: "table"` alone stays range.
    bool instant() const;
    /// The query's own minimum interval (`interval`, e.g. "1m" or ">=30s"); empty: none.
    QString interval() const;
    /// Loki's `maxLines` (0: the datasource default).
    int maxLines() const;
    QString format() const; ///< "time_series", "table", "heatmap"
};

/// A panel: a view over the panel's JSON object (the only copy of its state, unknown keys included).
class Panel
{
public:
    Panel() = default;
    explicit Panel(QJsonObject json)
        : m_json(std::move(json))
    {
    }

    int id() const;
    void setId(int id);
    QString type() const;
    void setType(const QString& type);
    QString title() const;
    void setTitle(const QString& title);
    GridPos gridPos() const;
    void setGridPos(const GridPos& pos);
    DatasourceRef datasource() const;

    std::vector<Target> targets() const;
    void setTargets(const std::vector<Target>& targets);

    QJsonObject options() const { return m_json.value(u"options").toObject(); }
    void setOptions(const QJsonObject& options) { m_json.insert(QStringLiteral("options"), options); }
    QJsonObject fieldConfig() const { return m_json.value(u"fieldConfig").toObject(); }
    void setFieldConfig(const QJsonObject& fc) { m_json.insert(QStringLiteral("fieldConfig"), fc); }
    /// `fieldConfig.defaults`
    QJsonObject fieldDefaults() const { return fieldConfig().value(u"defaults").toObject(); }

    /// Panel-level `interval` (min interval), `maxDataPoints`, `timeFrom`, `timeShift`; empty / 0 when absent.
    QString minInterval() const;
    int maxDataPoints() const;
    QString timeFrom() const;
    QString timeShift() const;
    bool transparent() const;
    QString repeat() const;
    QString repeatDirection() const; ///< "h" (default) or "v"
    int maxPerRow() const;

    /// Rows: `collapsed` and the panels a collapsed row holds.
    bool isRow() const { return type() == u"row"; }
    bool collapsed() const;
    void setCollapsed(bool collapsed);
    std::vector<Panel> rowPanels() const;
    void setRowPanels(const std::vector<Panel>& panels);

    const QJsonObject& json() const { return m_json; }
    QJsonObject& json() { return m_json; }

    bool operator==(const Panel& other) const { return m_json == other.m_json; }

private:
    QJsonObject m_json;
};

/// A template variable (`templating.list[i]`): a view over its JSON.
struct Variable
{
    QJsonObject json;

    QString name() const;
    QString type() const; ///< query, custom, constant, textbox, interval, datasource, adhoc
    QString label() const;
    int hide() const; ///< 0 shown, 1 label hidden, 2 hidden
    bool multi() const;
    bool includeAll() const;
    /// `query` as text (a Prometheus/Loki variable query may be an object with a `query` key).
    QString queryText() const;
    DatasourceRef datasource() const;
    /// The current selection's values and texts (`current.value` may be a string or an array).
    QStringList currentValues() const;
    QStringList currentTexts() const;
};

/// A dashboard: the root JSON object (every key kept verbatim) with its panels held as Panel views.
/// `panels` is Grafana's flat list: rows are panels of type "row"; a collapsed row holds its panels inside.
class Dashboard
{
public:
    Dashboard() = default;

    QString uid() const;
    void setUid(const QString& uid);
    QString title() const;
    void setTitle(const QString& title);
    QStringList tags() const;
    void setTags(const QStringList& tags);
    int schemaVersion() const;
    int version() const;
    QString timeFrom() const; ///< time.from, default "now-6h"
    QString timeTo() const;   ///< time.to, default "now"
    void setTime(const QString& from, const QString& to);
    QString refresh() const;
    void setRefresh(const QString& refresh);
    QString timezone() const; ///< "", "browser", "utc" or an IANA name
    /// 0: no sharing, 1: shared crosshair, 2: shared crosshair and tooltip.
    int graphTooltip() const;
    bool editable() const;

    std::vector<Variable> variables() const;
    void setVariables(const std::vector<Variable>& vars);
    QJsonArray annotations() const;
    QJsonArray links() const;

    std::vector<Panel>& panels() { return m_panels; }
    const std::vector<Panel>& panels() const { return m_panels; }
    /// Every panel, collapsed rows' nested panels included, in document order (copies).
    std::vector<Panel> allPanels() const;
    Panel* panelById(int id);
    const Panel* panelById(int id) const;
    /// One more than the largest panel id (nested ones included).
    int nextPanelId() const;

    /// The root object without `panels` (and without the legacy `rows`, which import migrates away).
    const QJsonObject& root() const { return m_root; }
    QJsonObject& root() { return m_root; }

    /// The whole dashboard as Grafana JSON.
    QJsonObject toJson() const;
    /// Wraps a JSON object as it is (no migration); see dashboard_json.h for importing files.
    static Dashboard fromJsonUnmigrated(const QJsonObject& json);

    bool operator==(const Dashboard& other) const { return toJson() == other.toJson(); }

private:
    QJsonObject m_root;
    std::vector<Panel> m_panels;
};

/// Reads a number that dashboards store as a number or as a numeric string.
std::optional<double> jsonNumber(const QJsonValue& v);
/// The same as an int, saturated at int's range; `fallback` when it is no number.
int jsonInt(const QJsonValue& v, int fallback = 0);

} // namespace sg::dashboards
