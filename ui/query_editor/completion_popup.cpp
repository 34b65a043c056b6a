#include "completion_popup.h"

#include "ui/theme.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QScreen>
#include <QStandardItemModel>
#include <QStyledItemDelegate>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

constexpr int KindRole = Qt::UserRole + 1;
constexpr int DetailRole = Qt::UserRole + 2;
constexpr int VisibleRows = 10;

/// A short badge and colour per item kind, as editors mark functions, metrics and labels apart.
std::pair<QString, QColor> kindBadge(const QString& kind)
{
    using theme::Syntax;
    if (kind == u"metric")
        return { u"M"_s, theme::syntaxColor(Syntax::Metric) };
    if (kind == u"function" || kind == u"aggregation")
        return { u"ƒ"_s, theme::syntaxColor(Syntax::Function) };
    if (kind == u"label" || kind == u"field")
        return { u"L"_s, theme::syntaxColor(Syntax::LabelName) };
    if (kind == u"value")
        return { u"V"_s, theme::syntaxColor(Syntax::String) };
    if (kind == u"keyword" || kind == u"stage" || kind == u"operator")
        return { u"K"_s, theme::syntaxColor(Syntax::Keyword) };
    if (kind == u"duration")
        return { u"D"_s, theme::syntaxColor(Syntax::Number) };
    if (kind == u"variable")
        return { u"$"_s, theme::syntaxColor(Syntax::Variable) };
    return { u"·"_s, theme::mutedText() };
}

/// One row: the kind badge, the label, and the detail in muted text at the right.
class CompletionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        p->save();
        const bool selected = option.state & QStyle::State_Selected;
        p->fillRect(option.rect, selected ? QColor(0x2f, 0x4a, 0x80) : theme::panelBackground());
        const auto [badge, colour] = kindBadge(index.data(KindRole).toString());
        const QRect r = option.rect.adjusted(6, 0, -6, 0);
        const int badgeWidth = option.fontMetrics.height();
        p->setPen(colour);
        p->drawText(QRect(r.left(), r.top(), badgeWidth, r.height()), Qt::AlignCenter, badge);
        const QString label = index.data(Qt::DisplayRole).toString();
        const QRect labelRect = r.adjusted(badgeWidth + 6, 0, 0, 0);
        p->setPen(theme::text());
        const int labelWidth = std::min(option.fontMetrics.horizontalAdvance(label), labelRect.width());
        p->drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft,
            option.fontMetrics.elidedText(label, Qt::ElideRight, labelRect.width()));
        const QRect detailRect = labelRect.adjusted(labelWidth + 12, 0, 0, 0);
        if (detailRect.width() > 30) {
            p->setPen(theme::mutedText());
            p->drawText(detailRect, Qt::AlignVCenter | Qt::AlignRight,
                option.fontMetrics.elidedText(index.data(DetailRole).toString(), Qt::ElideRight, detailRect.width()));
        }
        p->restore();
    }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        return { QStyledItemDelegate::sizeHint(option, index).width(), option.fontMetrics.height() + 6 };
    }
};

} // namespace

CompletionPopup::CompletionPopup(QWidget* owner)
    : QFrame(owner, Qt::ToolTip | Qt::FramelessWindowHint)
{
    setObjectName(u"completionPopup"_s);
    setAttribute(Qt::WA_ShowWithoutActivating);
    setFocusPolicy(Qt::NoFocus);
    setFrameShape(QFrame::Box);
    setStyleSheet(u"#completionPopup { background: #181b1f; border: 1px solid #3d71d9; }"
                  " QListView { background: #181b1f; border: 0; }"
                  " #completionDetails { background: #202328; color: #d8d9da; padding: 6px;"
                  " border-left: 1px solid #2c3035; }"_s);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_model = new QStandardItemModel(this);
    m_list = new QListView(this);
    m_list->setObjectName(u"completionList"_s);
    m_list->setModel(m_model);
    m_list->setFont(mono);
    m_list->setItemDelegate(new CompletionDelegate(m_list));
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setFixedWidth(360);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &CompletionPopup::showDetails);
    connect(m_list, &QListView::doubleClicked, this, [this](const QModelIndex& i) { Q_EMIT itemActivated(i.row()); });

    m_details = new QLabel(this);
    m_details->setObjectName(u"completionDetails"_s);
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setFixedWidth(300);
    m_details->setFocusPolicy(Qt::NoFocus);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->setSpacing(0);
    layout->addWidget(m_list);
    layout->addWidget(m_details);
}

void CompletionPopup::setItems(std::vector<langsvc::CompletionItem> items)
{
    m_items = std::move(items);
    m_model->clear();
    for (const auto& item : m_items) {
        auto* row = new QStandardItem(QString::fromStdString(item.label));
        row->setData(QString::fromStdString(item.kind), KindRole);
        row->setData(QString::fromStdString(item.detail), DetailRole);
        m_model->appendRow(row);
    }
    const int rows = std::clamp(int(m_items.size()), 1, VisibleRows);
    const int rowHeight = m_list->sizeHintForRow(0) > 0 ? m_list->sizeHintForRow(0) : fontMetrics().height() + 6;
    m_list->setFixedHeight(rows * rowHeight + 2);
    m_details->setFixedHeight(std::max(m_list->height(), 4 * rowHeight));
    setCurrentIndex(m_items.empty() ? -1 : 0);
    adjustSize();
}

int CompletionPopup::currentIndex() const
{
    return m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
}

void CompletionPopup::setCurrentIndex(int index)
{
    if (index < 0 || index >= count()) {
        m_list->setCurrentIndex({});
        showDetails();
        return;
    }
    m_list->setCurrentIndex(m_model->index(index, 0));
    m_list->scrollTo(m_model->index(index, 0));
}

void CompletionPopup::moveBy(int delta)
{
    if (m_items.empty())
        return;
    const int n = count();
    const int current = std::max(0, currentIndex());
    if (std::abs(delta) == 1)
        setCurrentIndex((current + delta + n) % n);
    else
        setCurrentIndex(std::clamp(current + delta, 0, n - 1));
}

int CompletionPopup::pageSize() const { return VisibleRows - 1; }

void CompletionPopup::showAt(QPoint globalTopLeft, int lineHeight)
{
    adjustSize();
    QPoint at = globalTopLeft;
    if (const QScreen* screen = parentWidget() ? parentWidget()->screen() : nullptr) {
        const QRect avail = screen->availableGeometry();
        if (at.y() + height() > avail.bottom())
            at.setY(globalTopLeft.y() - lineHeight - height()); // above the line when there is no room below
        at.setX(std::clamp(at.x(), avail.left(), std::max(avail.left(), avail.right() - width())));
    }
    move(at);
    show();
    raise();
}

void CompletionPopup::showDetails()
{
    const int i = currentIndex();
    if (i < 0) {
        m_details->clear();
        return;
    }
    const auto& item = m_items[std::size_t(i)];
    QString html = u"<b>%1</b> <span style=\"color:#8e8e9a\">%2</span>"_s.arg(
        QString::fromStdString(item.label).toHtmlEscaped(), QString::fromStdString(item.kind).toHtmlEscaped());
    if (!item.detail.empty())
        html += u"<p style=\"font-family:monospace; color:#6ed0e0\">%1</p>"_s.arg(
            QString::fromStdString(item.detail).toHtmlEscaped());
    if (!item.documentation.empty())
        html += u"<p>%1</p>"_s.arg(QString::fromStdString(item.documentation).toHtmlEscaped().replace(u'\n', u"<br>"_s));
    m_details->setText(html);
}

} // namespace sg::ui
