#include "dashboard_model.h"

#include "core/dashboards/adhoc_filters.h"

#include "core/dashboards/layout.h"

#include <QJsonArray>
#include <QUndoCommand>

using namespace Qt::StringLiterals;

namespace sg::ui {

/// One undoable edit: the dashboard before and after (JSON is implicitly shared, so a snapshot is cheap).
class SnapshotCommand : public QUndoCommand
{
public:
    SnapshotCommand(DashboardModel* model, dashboards::Dashboard before, dashboards::Dashboard after,
        const QString& text, int onlyPanel, int mergeId)
        : QUndoCommand(text)
        , m_model(model)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_onlyPanel(onlyPanel)
        , m_mergeId(mergeId)
    {
    }
    void undo() override { m_model->apply(m_before, m_onlyPanel); }
    void redo() override { m_model->apply(m_after, m_onlyPanel); }
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* o = static_cast<const SnapshotCommand*>(other);
        if (o->m_onlyPanel != m_onlyPanel)
            return false;
        m_after = o->m_after;
        return true;
    }

private:
    DashboardModel* m_model;
    dashboards::Dashboard m_before;
    dashboards::Dashboard m_after;
    int m_onlyPanel;
    int m_mergeId;
};

DashboardModel::DashboardModel(QObject* parent)
    : QObject(parent)
{
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { Q_EMIT dirtyChanged(!clean); });
}

void DashboardModel::load(dashboards::Dashboard dashboard, QString filePath)
{
    m_undo.clear();
    m_dashboard = std::move(dashboard);
    m_filePath = std::move(filePath);
    m_undo.setClean();
    Q_EMIT loaded();
    Q_EMIT changed();
}

namespace {
/// True when `a` and `b` hold the same panels in the same order and differ at most in their grid positions.
bool onlyPositionsDiffer(const dashboards::Dashboard& a, const dashboards::Dashboard& b)
{
    if (a.panels().size() != b.panels().size() || a.root() != b.root())
        return false;
    for (std::size_t i = 0; i < a.panels().size(); ++i) {
        QJsonObject pa = a.panels()[i].json();
        QJsonObject pb = b.panels()[i].json();
        pa.remove(u"gridPos"_s);
        pb.remove(u"gridPos"_s);
        if (pa != pb)
            return false;
    }
    return true;
}
} // namespace

void DashboardModel::apply(const dashboards::Dashboard& d, int onlyPanel)
{
    const bool sameLayout = onlyPanel > 0 && d.panels().size() == m_dashboard.panels().size();
    const bool movedOnly = !sameLayout && onlyPositionsDiffer(d, m_dashboard);
    m_dashboard = d;
    if (sameLayout)
        Q_EMIT panelChanged(onlyPanel);
    else if (movedOnly)
        Q_EMIT layoutChanged();
    else
        Q_EMIT changed();
}

void DashboardModel::push(dashboards::Dashboard after, const QString& what, int onlyPanel, int mergeId)
{
    m_undo.push(new SnapshotCommand(this, m_dashboard, std::move(after), what, onlyPanel, mergeId));
}

void DashboardModel::setPanel(int id, const dashboards::Panel& panel, const QString& what)
{
    dashboards::Dashboard d = m_dashboard;
    dashboards::Panel* p = d.panelById(id);
    if (!p || *p == panel)
        return;
    const bool typeChanged = p->type() != panel.type();
    *p = panel;
    push(std::move(d), what.isEmpty() ? tr("Edit panel \"%1\"").arg(panel.title()) : what, typeChanged ? 0 : id);
}

int DashboardModel::addPanel(const dashboards::Panel& panel)
{
    dashboards::Dashboard d = m_dashboard;
    const int id = dashboards::addPanelOnTop(d, panel);
    push(std::move(d), tr("Add panel"));
    return id;
}

int DashboardModel::duplicatePanel(int id)
{
    dashboards::Dashboard d = m_dashboard;
    const int newId = dashboards::duplicatePanel(d, id);
    if (newId)
        push(std::move(d), tr("Duplicate panel"));
    return newId;
}

void DashboardModel::removePanel(int id)
{
    dashboards::Dashboard d = m_dashboard;
    if (dashboards::removePanel(d, id))
        push(std::move(d), tr("Remove panel"));
}

void DashboardModel::movePanel(int id, const dashboards::GridPos& pos)
{
    dashboards::Dashboard d = m_dashboard;
    if (dashboards::movePanel(d, id, pos) && !(d == m_dashboard))
        push(std::move(d), tr("Move panel"));
}

void DashboardModel::toggleRow(int id)
{
    dashboards::Dashboard d = m_dashboard;
    if (dashboards::toggleRow(d, id))
        push(std::move(d), tr("Collapse or expand row"));
}

void DashboardModel::setTitle(const QString& title)
{
    if (title == m_dashboard.title())
        return;
    dashboards::Dashboard d = m_dashboard;
    d.setTitle(title);
    push(std::move(d), tr("Rename dashboard"));
}

void DashboardModel::replace(const dashboards::Dashboard& dashboard, const QString& what)
{
    if (dashboard == m_dashboard)
        return;
    push(dashboard, what);
}

void DashboardModel::setVariableState(const QString& name, const QJsonObject& current, const QJsonArray& options)
{
    std::vector<dashboards::Variable> vars = m_dashboard.variables();
    for (dashboards::Variable& v : vars) {
        if (v.name() != name)
            continue;
        const bool valueChanged = v.json.value(u"current").toObject() != current;
        v.json.insert(u"current"_s, current);
        v.json.insert(u"options"_s, options);
        m_dashboard.setVariables(vars);
        if (valueChanged)
            Q_EMIT variableChanged(name);
        return;
    }
}

void DashboardModel::setAdhocFilters(const QString& name, const std::vector<LabelFilter>& filters)
{
    std::vector<dashboards::Variable> vars = m_dashboard.variables();
    for (dashboards::Variable& v : vars) {
        if (v.name() != name || dashboards::adhocFilters(v) == filters)
            continue;
        dashboards::setAdhocFilters(v, filters);
        m_dashboard.setVariables(vars);
        Q_EMIT variableChanged(name);
        return;
    }
}

} // namespace sg::ui
