#include "placeholder_view.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace sg::ui {

PlaceholderView::PlaceholderView(QWidget* parent)
    : PanelView(parent)
{
    setMinimumSize(40, 30);
}

void PlaceholderView::setPanel(const dashboards::Panel& panel)
{
    m_type = panel.type();
    update();
}

void PlaceholderView::setData(const query::PanelData& data)
{
    m_series = int(data.series.size());
    update();
}

QString PlaceholderView::summary() const
{
    return u"panel type \"%1\" is not supported; its JSON is kept"_s.arg(m_type);
}

void PlaceholderView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QColor muted = palette().color(QPalette::PlaceholderText);
    QPen pen(muted);
    pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.drawRect(rect().adjusted(4, 4, -5, -5));
    p.setPen(palette().color(QPalette::WindowText));
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    const QString title = m_type.isEmpty() ? u"(no type)"_s : m_type;
    p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
        u"Unsupported panel type\n%1"_s.arg(title));
}

} // namespace sg::ui
