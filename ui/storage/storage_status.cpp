#include "storage_status.h"

#include "core/datadir/layout.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <numeric>

namespace sg::ui {

using namespace Qt::StringLiterals;

namespace {
QString stateText(const services::StoreHealth& h)
{
    switch (h.state) {
    case services::StoreHealth::State::Ok: return QObject::tr("OK");
    case services::StoreHealth::State::NotKept: return QObject::tr("temporary: nothing is kept (no data dir)");
    case services::StoreHealth::State::Failed:
        return h.readOnly ? QObject::tr("READ-ONLY (its data is shown, nothing new is kept): %1").arg(h.reason)
                          : QObject::tr("FAILED: %1").arg(h.reason);
    }
    return {};
}
}

StorageStatusButton::StorageStatusButton(StorageHealthSource source, QString dataDir, QWidget* parent)
    : QToolButton(parent)
    , m_source(std::move(source))
    , m_dataDir(std::move(dataDir))
{
    setObjectName(u"storageStatus"_s);
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(this, &QToolButton::clicked, this, &StorageStatusButton::detailsRequested);
    refreshHealth();
}

void StorageStatusButton::refreshHealth()
{
    const auto health = m_source ? m_source(false) : std::vector<services::StoreHealth> {};
    QStringList failures;
    QStringList readOnly;
    QString readOnlyWhy;
    bool temporary = false;
    for (const auto& h : health) {
        if (h.failed() && h.readOnly) {
            // Said once for the stores it holds for: "metrics, logs read-only (Read-only file system)".
            readOnly << h.store;
            readOnlyWhy = h.reason.section(u": "_s, -1);
        } else if (h.failed()) {
            failures << h.summary();
        }
        temporary = temporary || h.state == services::StoreHealth::State::NotKept;
    }
    if (!readOnly.isEmpty())
        failures.prepend(tr("%1 read-only (%2): the data is shown, nothing new is kept").arg(readOnly.join(u", "_s), readOnlyWhy));
    m_failed = !failures.isEmpty();
    if (m_failed) {
        setText(tr("⚠ %1").arg(failures.join(u"; "_s)));
        setStyleSheet(u"QToolButton { color: #ff5f56; font-weight: bold; }"_s);
    } else if (temporary) {
        setText(tr("Stores: temporary, nothing is kept"));
        setStyleSheet(u"QToolButton { color: #f2c94c; }"_s);
    } else {
        const auto unreadable = std::accumulate(health.begin(), health.end(), std::uint64_t(0),
            [](std::uint64_t n, const services::StoreHealth& h) { return n + h.unreadableChunks; });
        setText(unreadable > 0 ? tr("Stores OK · %n unreadable chunk(s)", nullptr, int(unreadable)) : tr("Stores OK"));
        setStyleSheet(unreadable > 0 ? u"QToolButton { color: #f2c94c; }"_s : QString());
    }
    setToolTip(tr("Data dir %1 — click for paths, retention and sizes").arg(m_dataDir.isEmpty() ? tr("(none)") : m_dataDir));
}

StorageDialog::StorageDialog(StorageHealthSource source, QString dataDir, QStringList notes, QWidget* parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_dataDir(std::move(dataDir))
{
    setObjectName(u"storageDialog"_s);
    setWindowTitle(tr("Storage"));
    resize(1100, 440);
    auto* layout = new QVBoxLayout(this);
    auto* where = new QLabel(m_dataDir.isEmpty() ? tr("No data dir: the stores are temporary and nothing is kept.")
                                                 : tr("Data dir: <b>%1</b>").arg(m_dataDir.toHtmlEscaped()),
        this);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);
    for (const QString& note : notes) {
        auto* label = new QLabel(note, this);
        label->setWordWrap(true);
        label->setStyleSheet(u"color: #f2c94c;"_s);
        layout->addWidget(label);
    }
    m_table = new QTableWidget(this);
    m_table->setObjectName(u"storageTable"_s);
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels({ tr("Store"), tr("Path"), tr("State"), tr("Retention"), tr("On disk"),
        tr("Unreadable chunks"), tr("Failed writes") });
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch); // the reason wraps here
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    layout->addWidget(m_table, 1);

    auto* form = new QFormLayout;
    auto field = [this](const char* name) {
        auto* e = new QLineEdit(this);
        e->setObjectName(QString::fromLatin1(name));
        return e;
    };
    m_metricsTime = field("metricsRetentionTime");
    m_metricsSize = field("metricsRetentionSize");
    m_logsTime = field("logsRetentionTime");
    m_logsSize = field("logsRetentionSize");
    form->addRow(tr("Metrics: keep for"), m_metricsTime);
    form->addRow(tr("Metrics: keep at most"), m_metricsSize);
    form->addRow(tr("Logs: keep for"), m_logsTime);
    form->addRow(tr("Logs: keep at most"), m_logsSize);
    layout->addLayout(form);
    m_message = new QLabel(tr("Durations as Prometheus writes them (15d, 1w, 1y), sizes as 512MB or 20GB; 0 is no "
                              "limit. Saved to storage.yml in the data dir, in force from the next start."),
        this);
    m_message->setObjectName(u"storageMessage"_s);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* save = buttons->addButton(tr("Save retention"), QDialogButtonBox::ApplyRole);
    save->setObjectName(u"saveRetention"_s);
    save->setEnabled(!m_dataDir.isEmpty());
    connect(save, &QPushButton::clicked, this, &StorageDialog::saveRetention);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    reload();
}

QLineEdit* StorageDialog::retentionField(const QString& store, bool size) const
{
    if (store == u"metrics"_s)
        return size ? m_metricsSize : m_metricsTime;
    return size ? m_logsSize : m_logsTime;
}

QString StorageDialog::message() const { return m_message->text(); }

void StorageDialog::reload()
{
    const auto health = m_source ? m_source(true) : std::vector<services::StoreHealth> {};
    m_table->setRowCount(int(health.size()));
    const QLocale locale;
    for (int row = 0; row < int(health.size()); ++row) {
        const auto& h = health[std::size_t(row)];
        const QStringList cells { h.store, h.path.isEmpty() ? tr("(temporary)") : h.path, stateText(h),
            datadir::describe(h.retention), h.openFailed && !h.readOnly ? QString() : locale.formattedDataSize(qint64(h.diskBytes)),
            QString::number(h.unreadableChunks), QString::number(h.failedWrites) };
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col == 2 && h.failed())
                item->setForeground(QColor(0xff, 0x5f, 0x56));
            m_table->setItem(row, col, item);
        }
    }
    m_table->resizeRowsToContents();
    // The fields show what the data dir's file says (what the next start uses).
    datadir::StorageSettings settings;
    if (!m_dataDir.isEmpty())
        if (auto loaded = datadir::loadSettings(datadir::settingsPath(m_dataDir)))
            settings = *loaded;
    m_metricsTime->setText(datadir::formatRetentionTime(settings.metrics.time));
    m_metricsSize->setText(datadir::formatRetentionSize(settings.metrics.bytes));
    m_logsTime->setText(datadir::formatRetentionTime(settings.logs.time));
    m_logsSize->setText(datadir::formatRetentionSize(settings.logs.bytes));
}

bool StorageDialog::saveRetention()
{
    if (m_dataDir.isEmpty())
        return false;
    datadir::StorageSettings settings;
    QStringList errors;
    auto time = [&](QLineEdit* e, DurationMs& out, const QString& what) {
        auto r = datadir::parseRetentionTime(e->text());
        if (r)
            out = *r;
        else
            errors << what + u": "_s + QString::fromStdString(r.error().message);
    };
    auto size = [&](QLineEdit* e, std::uint64_t& out, const QString& what) {
        auto r = datadir::parseRetentionSize(e->text());
        if (r)
            out = *r;
        else
            errors << what + u": "_s + QString::fromStdString(r.error().message);
    };
    time(m_metricsTime, settings.metrics.time, tr("metrics time"));
    size(m_metricsSize, settings.metrics.bytes, tr("metrics size"));
    time(m_logsTime, settings.logs.time, tr("logs time"));
    size(m_logsSize, settings.logs.bytes, tr("logs size"));
    if (errors.isEmpty())
        if (auto error = datadir::saveSettings(datadir::settingsPath(m_dataDir), settings))
            errors << QString::fromStdString(error->message);
    if (!errors.isEmpty()) {
        m_message->setText(errors.join(u"\n"_s));
        m_message->setStyleSheet(u"color: #ff5f56;"_s);
        return false;
    }
    m_message->setText(tr("Saved to %1: metrics %2; logs %3. In force from the next start.")
                           .arg(datadir::settingsPath(m_dataDir), datadir::describe(settings.metrics),
                               datadir::describe(settings.logs)));
    m_message->setStyleSheet(QString());
    return true;
}

} // namespace sg::ui
