#include "viz_picker.h"

#include "ui/panels/registry.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

QStringList suggestVisualizations(const query::PanelData& data)
{
    QStringList ranked;
    bool numbers = false;
    bool buckets = false;
    for (const auto& s : data.series) {
        numbers |= std::any_of(s.values.begin(), s.values.end(), [](double v) { return !std::isnan(v); });
        buckets |= !s.label(u"le"_s).isEmpty();
    }
    if (!data.logs.empty())
        ranked << u"logs"_s << u"table"_s;
    if (buckets && numbers)
        ranked << u"heatmap"_s << u"histogram"_s << u"timeseries"_s;
    if (numbers && data.series.size() == 1)
        ranked << u"stat"_s << u"gauge"_s << u"timeseries"_s << u"bargauge"_s;
    else if (numbers)
        ranked << u"timeseries"_s << u"bargauge"_s << u"table"_s << u"stat"_s << u"state-timeline"_s;
    if (!numbers && data.logs.empty())
        ranked << u"table"_s;
    QStringList out;
    for (const QString& id : ranked)
        if (!out.contains(id) && PanelRegistry::instance().find(id))
            out << id;
    return out;
}

VisualizationPicker::VisualizationPicker(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"vizPicker"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"vizSearch"_s);
    m_search->setPlaceholderText(tr("Search for…"));
    m_search->setClearButtonEnabled(true);
    m_suggested = new QListWidget(this);
    m_suggested->setObjectName(u"vizSuggestions"_s);
    m_suggested->setMaximumHeight(120);
    m_all = new QListWidget(this);
    m_all->setObjectName(u"vizAll"_s);
    for (const PanelPlugin* p : PanelRegistry::instance().all()) {
        auto* item = new QListWidgetItem(p->name(), m_all);
        item->setData(Qt::UserRole, p->id());
        item->setToolTip(p->id());
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(new QLabel(tr("Suggestions"), this));
    layout->addWidget(m_suggested);
    layout->addWidget(new QLabel(tr("All visualizations"), this));
    layout->addWidget(m_all, 1);

    auto choose = [this](QListWidgetItem* item) {
        if (item)
            Q_EMIT typeChosen(item->data(Qt::UserRole).toString());
    };
    connect(m_all, &QListWidget::itemClicked, this, choose);
    connect(m_suggested, &QListWidget::itemClicked, this, choose);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int i = 0; i < m_all->count(); ++i) {
            QListWidgetItem* item = m_all->item(i);
            item->setHidden(!item->text().contains(text, Qt::CaseInsensitive)
                && !item->data(Qt::UserRole).toString().contains(text, Qt::CaseInsensitive));
        }
    });
}

void VisualizationPicker::setCurrent(const QString& pluginId)
{
    const QSignalBlocker block(m_all);
    m_all->clearSelection();
    if (QListWidgetItem* item = itemFor(pluginId)) {
        item->setSelected(true);
        m_all->setCurrentItem(item);
    }
}

QListWidgetItem* VisualizationPicker::itemFor(const QString& pluginId) const
{
    for (int i = 0; i < m_all->count(); ++i)
        if (m_all->item(i)->data(Qt::UserRole).toString() == pluginId)
            return m_all->item(i);
    return nullptr;
}

void VisualizationPicker::setSuggestions(const QStringList& pluginIds)
{
    m_suggested->clear();
    for (const QString& id : pluginIds) {
        const PanelPlugin* p = PanelRegistry::instance().find(id);
        if (!p)
            continue;
        auto* item = new QListWidgetItem(p->name(), m_suggested);
        item->setData(Qt::UserRole, id);
    }
}

QStringList VisualizationPicker::suggestions() const
{
    QStringList out;
    for (int i = 0; i < m_suggested->count(); ++i)
        out << m_suggested->item(i)->data(Qt::UserRole).toString();
    return out;
}

} // namespace sg::ui::editor
