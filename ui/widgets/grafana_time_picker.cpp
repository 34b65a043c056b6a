#include "grafana_time_picker.h"

#include "core/common/time.h"
#include "core/templating/time_options.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sg::ui {

GrafanaTimePicker::GrafanaTimePicker(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"timePicker"_s);
    m_back = new QToolButton(this);
    m_back->setObjectName(u"timeShiftBack"_s);
    m_back->setText(u"‹"_s);
    m_back->setToolTip(tr("Move the time range back (t ←)"));
    m_button = new QToolButton(this);
    m_button->setObjectName(u"timeRangeButton"_s);
    m_forward = new QToolButton(this);
    m_forward->setObjectName(u"timeShiftForward"_s);
    m_forward->setText(u"›"_s);
    m_forward->setToolTip(tr("Move the time range forward (t →)"));
    m_zoom = new QToolButton(this);
    m_zoom->setObjectName(u"timeZoomOut"_s);
    m_zoom->setText(tr("Zoom out"));
    m_zoom->setToolTip(tr("Zoom out the time range (t z)"));
    m_refreshBox = new QComboBox(this);
    m_refreshBox->setObjectName(u"refreshPicker"_s);
    for (const templating::RefreshOption& o : templating::refreshOptions())
        m_refreshBox->addItem(o.label, o.value);
    m_timer = new QTimer(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_back);
    layout->addWidget(m_button);
    layout->addWidget(m_forward);
    layout->addWidget(m_zoom);
    layout->addWidget(m_refreshBox);
    connect(m_button, &QToolButton::clicked, this, &GrafanaTimePicker::openPopup);
    connect(m_back, &QToolButton::clicked, this, [this] { shift(-1); });
    connect(m_forward, &QToolButton::clicked, this, [this] { shift(1); });
    connect(m_zoom, &QToolButton::clicked, this, &GrafanaTimePicker::zoomOut);
    connect(m_refreshBox, &QComboBox::activated, this, [this](int i) { setRefresh(m_refreshBox->itemData(i).toString()); });
    connect(m_timer, &QTimer::timeout, this, &GrafanaTimePicker::refreshTick);
    updateButton();
}

bool GrafanaTimePicker::setRange(const QString& from, const QString& to)
{
    auto r = templating::resolveRange(from, to, nowMs(), m_options);
    if (!r.ok())
        return false;
    m_from = from;
    m_to = to;
    updateButton();
    restartTimer();
    return true;
}

void GrafanaTimePicker::setTimeOptions(const templating::TimeOptions& options)
{
    m_options = options;
    updateButton();
}

templating::ResolvedRange GrafanaTimePicker::resolve(qint64 now) const
{
    auto r = templating::resolveRange(m_from, m_to, now ? now : nowMs(), m_options);
    return r.ok() ? *r : templating::ResolvedRange { nowMs() - 3'600'000, nowMs() };
}

QString GrafanaTimePicker::buttonText() const { return m_button->text(); }

void GrafanaTimePicker::updateButton()
{
    m_button->setText(templating::describe(m_from, m_to, nowMs(), m_options));
    const auto r = resolve();
    m_button->setToolTip(u"%1 to %2"_s.arg(templating::toZoned(r.fromMs, m_options).toString(u"yyyy-MM-dd HH:mm:ss"_s),
        templating::toZoned(r.toMs, m_options).toString(u"yyyy-MM-dd HH:mm:ss"_s)));
}

QString GrafanaTimePicker::applyTyped(const QString& from, const QString& to)
{
    auto r = templating::resolveRange(from.trimmed(), to.trimmed(), nowMs(), m_options);
    if (!r.ok())
        return QString::fromStdString(r.error().message);
    if (r->fromMs >= r->toMs)
        return tr("\"From\" must be before \"To\"");
    m_from = from.trimmed();
    m_to = to.trimmed();
    updateButton();
    restartTimer();
    Q_EMIT rangeChanged();
    return {};
}

void GrafanaTimePicker::setAbsolute(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        return;
    m_from = QString::number(fromMs);
    m_to = QString::number(toMs);
    updateButton();
    restartTimer();
    Q_EMIT rangeChanged();
}

void GrafanaTimePicker::zoomOut()
{
    const auto r = resolve();
    const qint64 span = r.toMs - r.fromMs;
    const qint64 centre = r.fromMs + span / 2;
    setAbsolute(centre - span, std::min<qint64>(centre + span, nowMs()));
}

void GrafanaTimePicker::shift(int direction)
{
    const auto r = resolve();
    const qint64 delta = (r.toMs - r.fromMs) / 2 * (direction < 0 ? -1 : 1);
    qint64 to = r.toMs + delta;
    qint64 from = r.fromMs + delta;
    if (to > nowMs()) { // Grafana does not move past now
        from -= to - nowMs();
        to = nowMs();
    }
    setAbsolute(from, to);
}

void GrafanaTimePicker::setRefresh(const QString& refresh)
{
    m_refresh = refresh;
    const int i = m_refreshBox->findData(refresh);
    if (i >= 0)
        m_refreshBox->setCurrentIndex(i);
    else if (!refresh.isEmpty()) {
        m_refreshBox->addItem(refresh, refresh);
        m_refreshBox->setCurrentIndex(m_refreshBox->count() - 1);
    }
    restartTimer();
}

void GrafanaTimePicker::restartTimer()
{
    m_timer->stop();
    if (m_refresh.isEmpty())
        return;
    qint64 ms = 0;
    if (m_refresh == u"auto") {
        const auto r = resolve();
        auto a = templating::autoRefreshIntervalMs(r.fromMs, r.toMs, m_autoWidth);
        ms = a.ok() ? *a : 0;
    } else {
        for (const templating::RefreshOption& o : templating::refreshOptions({ m_refresh }, false))
            if (o.value == m_refresh)
                ms = o.intervalMs;
    }
    // A relative range only: an absolute one does not move.
    if (ms > 0 && (m_to.startsWith(u"now") || m_from.startsWith(u"now")))
        m_timer->start(int(std::max<qint64>(ms, 1000)));
}

void GrafanaTimePicker::openPopup()
{
    QDialog dialog(this);
    dialog.setObjectName(u"timePickerPopup"_s);
    dialog.setWindowTitle(tr("Time range"));
    auto* fromEdit = new QLineEdit(m_from, &dialog);
    fromEdit->setObjectName(u"timeFrom"_s);
    auto* toEdit = new QLineEdit(m_to, &dialog);
    toEdit->setObjectName(u"timeTo"_s);
    auto* error = new QLabel(&dialog);
    error->setObjectName(u"timeError"_s);
    error->setStyleSheet(u"color: #f2495c;"_s);
    auto* quick = new QListWidget(&dialog);
    quick->setObjectName(u"quickRanges"_s);
    for (const templating::TimeOption& o : templating::defaultQuickRanges()) {
        auto* item = new QListWidgetItem(o.display, quick);
        item->setData(Qt::UserRole, o.from);
        item->setData(Qt::UserRole + 1, o.to);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel, &dialog);
    auto* form = new QFormLayout;
    form->addRow(tr("From"), fromEdit);
    form->addRow(tr("To"), toEdit);
    form->addRow(error);
    form->addRow(buttons);
    auto* layout = new QHBoxLayout(&dialog);
    layout->addLayout(form, 1);
    layout->addWidget(quick, 1);
    auto apply = [&] {
        const QString message = applyTyped(fromEdit->text(), toEdit->text());
        if (message.isEmpty())
            dialog.accept();
        else
            error->setText(message);
    };
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, &dialog, apply);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(quick, &QListWidget::itemClicked, &dialog, [&](QListWidgetItem* item) {
        fromEdit->setText(item->data(Qt::UserRole).toString());
        toEdit->setText(item->data(Qt::UserRole + 1).toString());
        apply();
    });
    dialog.exec();
}

} // namespace sg::ui
