#include "time_range_picker.h"

#include "core/common/duration_limits.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QRegularExpression>
#include <QTimer>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr DurationMs Minute = 60'000;
constexpr DurationMs Hour = 60 * Minute;
constexpr DurationMs CustomItem = -1;
} // namespace

TimeRangePicker::TimeRangePicker(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"timeRangePicker"_s);
    m_range = new QComboBox(this);
    m_range->setObjectName(u"timeRangeCombo"_s);
    m_range->addItem(tr("Last 5 minutes"), QVariant::fromValue<qint64>(5 * Minute));
    m_range->addItem(tr("Last 15 minutes"), QVariant::fromValue<qint64>(15 * Minute));
    m_range->addItem(tr("Last 1 hour"), QVariant::fromValue<qint64>(Hour));
    m_range->addItem(tr("Last 6 hours"), QVariant::fromValue<qint64>(6 * Hour));
    m_range->addItem(tr("Last 24 hours"), QVariant::fromValue<qint64>(24 * Hour));
    m_range->addItem(tr("Custom…"), QVariant::fromValue<qint64>(CustomItem));
    m_range->setCurrentIndex(2);
    m_lastIndex = 2;
    m_range->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_refresh = new QComboBox(this);
    m_refresh->setObjectName(u"refreshCombo"_s);
    m_refresh->setToolTip(tr("Auto refresh"));
    m_refresh->addItem(tr("Off"), QVariant::fromValue<qint64>(0));
    m_refresh->addItem(u"5s"_s, QVariant::fromValue<qint64>(5'000));
    m_refresh->addItem(u"10s"_s, QVariant::fromValue<qint64>(10'000));
    m_refresh->addItem(u"30s"_s, QVariant::fromValue<qint64>(30'000));
    m_refresh->addItem(u"1m"_s, QVariant::fromValue<qint64>(60'000));

    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &TimeRangePicker::refreshRequested);
    connect(m_range, &QComboBox::activated, this, &TimeRangePicker::onRangeActivated);
    connect(m_refresh, &QComboBox::currentIndexChanged, this, &TimeRangePicker::onRefreshChanged);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_range);
    layout->addWidget(m_refresh);
}

TimeRange TimeRangePicker::currentRange() const
{
    const DurationMs span = relativeSpan();
    if (span <= 0)
        return m_custom;
    const TimestampMs now = nowMs();
    return { now - span, now };
}

DurationMs TimeRangePicker::relativeSpan() const
{
    const DurationMs span = m_range->currentData().toLongLong();
    return span == CustomItem ? 0 : span;
}

void TimeRangePicker::setRelative(DurationMs span)
{
    int best = 0;
    for (int i = 0; i < m_range->count(); ++i) {
        const DurationMs d = m_range->itemData(i).toLongLong();
        if (d != CustomItem && std::llabs(d - span) < std::llabs(m_range->itemData(best).toLongLong() - span))
            best = i;
    }
    const bool changed = best != m_range->currentIndex();
    m_range->setCurrentIndex(best);
    m_lastIndex = best;
    if (changed)
        Q_EMIT rangeChanged();
}

void TimeRangePicker::setCustomRange(TimeRange range)
{
    m_custom = range;
    m_lastIndex = m_range->count() - 1;
    m_range->setCurrentIndex(m_lastIndex);
    updateCustomText();
    Q_EMIT rangeChanged();
}

void TimeRangePicker::setRefreshInterval(DurationMs interval)
{
    int best = 0;
    for (int i = 0; i < m_refresh->count(); ++i) {
        if (std::llabs(m_refresh->itemData(i).toLongLong() - interval)
            < std::llabs(m_refresh->itemData(best).toLongLong() - interval))
            best = i;
    }
    m_refresh->setCurrentIndex(best);
    onRefreshChanged(best);
}

DurationMs TimeRangePicker::refreshInterval() const { return m_refresh->currentData().toLongLong(); }

DurationMs TimeRangePicker::parseDuration(const QString& text)
{
    static const QRegularExpression Re(uR"(^\s*(?:now\s*-\s*)?(\d+)\s*(ms|s|m|h|d|w)\s*$)"_s);
    const auto m = Re.match(text);
    if (!m.hasMatch())
        return 0;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    const QString unit = m.captured(2);
    const DurationMs scale = unit == u"ms"_s ? 1
        : unit == u"s"_s                     ? 1000
        : unit == u"m"_s                     ? Minute
        : unit == u"h"_s                     ? Hour
        : unit == u"d"_s                     ? 24 * Hour
                                             : 7 * 24 * Hour;
    // longer than int64 nanoseconds hold (about 292 years), as a duration anywhere else: not a duration
    DurationMs ms = 0;
    if (!ok || __builtin_mul_overflow(n, scale, &ms) || ms > MaxDurationMs)
        return 0;
    return ms;
}

void TimeRangePicker::onRangeActivated(int index)
{
    if (m_range->itemData(index).toLongLong() == CustomItem) {
        editCustomRange();
        return;
    }
    m_lastIndex = index;
    Q_EMIT rangeChanged();
}

void TimeRangePicker::onRefreshChanged(int index)
{
    const DurationMs interval = m_refresh->itemData(index).toLongLong();
    if (interval > 0)
        m_timer->start(int(interval));
    else
        m_timer->stop();
}

void TimeRangePicker::editCustomRange()
{
    const TimeRange current = m_custom.maxMs > m_custom.minMs ? m_custom : TimeRange { nowMs() - Hour, nowMs() };
    QDialog dialog(this);
    dialog.setObjectName(u"customRangeDialog"_s);
    dialog.setWindowTitle(tr("Custom time range"));
    auto* from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.minMs), &dialog);
    auto* to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.maxMs), &dialog);
    for (auto* edit : { from, to }) {
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
        edit->setCalendarPopup(true);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted && from->dateTime() < to->dateTime()) {
        setCustomRange({ from->dateTime().toMSecsSinceEpoch(), to->dateTime().toMSecsSinceEpoch() });
        return;
    }
    m_range->setCurrentIndex(m_lastIndex); // cancelled: keep what was selected
}

void TimeRangePicker::updateCustomText()
{
    const QString format = u"MM-dd HH:mm:ss"_s;
    m_range->setItemText(m_range->count() - 1,
        u"%1 → %2"_s.arg(QDateTime::fromMSecsSinceEpoch(m_custom.minMs).toString(format),
            QDateTime::fromMSecsSinceEpoch(m_custom.maxMs).toString(format)));
}

} // namespace sg::ui
