#include "label_mapping_dialog.h"

#include "label_bridge_state.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {
enum Column { MetricColumn, InferredColumn, LogColumn, NormalizeColumn };
}

LabelMappingDialog::LabelMappingDialog(LabelBridgeState* bridge, QWidget* parent)
    : QDialog(parent)
    , m_bridge(bridge)
{
    setObjectName(u"labelMappingDialog"_s);
    setWindowTitle(tr("Label mapping: metrics → logs"));
    auto* intro = new QLabel(tr("Which log label each metric label corresponds to. Inferred from the values both "
                                "stores hold; edit a log label to override it, clear it to never map that label."),
        this);
    intro->setWordWrap(true);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(u"labelMappingTable"_s);
    m_table->setHorizontalHeaderLabels({ tr("Metric label"), tr("Inferred"), tr("Log label"), tr("Normalise value") });
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();

    const correlation::LabelMapping& mapping = bridge->mapping();
    std::map<std::string, std::pair<correlation::LogLabelTarget, correlation::LogLabelTarget>> rows;
    for (const auto& [metric, target] : mapping.inferred())
        rows[metric] = { target, target };
    for (const auto& [metric, target] : mapping.user())
        rows[metric].second = target;
    for (const auto& [metric, targets] : rows)
        addRow(QString::fromStdString(metric), QString::fromStdString(targets.first.logLabel),
            QString::fromStdString(targets.second.logLabel), targets.second.normalize);

    auto* add = new QPushButton(tr("Add label"), this);
    add->setObjectName(u"addLabelMapping"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow({}, {}, {}, false);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, MetricColumn));
    });
    m_padding = new QSpinBox(this);
    m_padding->setObjectName(u"logsPadding"_s);
    m_padding->setRange(0, 3600);
    m_padding->setSuffix(tr(" s"));
    m_padding->setValue(int(bridge->paddingMs() / 1000));
    auto* form = new QFormLayout;
    form->addRow(tr("Padding around a selected range"), m_padding);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(add, 0, Qt::AlignLeft);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(640, 420);
}

void LabelMappingDialog::addRow(const QString& metric, const QString& inferred, const QString& log, bool normalize)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* metricItem = new QTableWidgetItem(metric);
    if (!metric.isEmpty())
        metricItem->setFlags(metricItem->flags() & ~Qt::ItemIsEditable);
    m_table->setItem(row, MetricColumn, metricItem);
    auto* inferredItem = new QTableWidgetItem(inferred.isEmpty() ? tr("—") : inferred);
    inferredItem->setData(Qt::UserRole, inferred);
    inferredItem->setFlags(inferredItem->flags() & ~Qt::ItemIsEditable);
    m_table->setItem(row, InferredColumn, inferredItem);
    m_table->setItem(row, LogColumn, new QTableWidgetItem(log));
    auto* normalizeItem = new QTableWidgetItem;
    normalizeItem->setFlags((normalizeItem->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
    normalizeItem->setCheckState(normalize ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, NormalizeColumn, normalizeItem);
}

bool LabelMappingDialog::save()
{
    const correlation::LabelMapping& current = m_bridge->mapping();
    correlation::LabelMapping edited;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const std::string metric = m_table->item(row, MetricColumn)->text().trimmed().toStdString();
        if (metric.empty())
            continue;
        const correlation::LogLabelTarget target { m_table->item(row, LogColumn)->text().trimmed().toStdString(),
            m_table->item(row, NormalizeColumn)->checkState() == Qt::Checked };
        const auto inferred = current.inferred().find(metric);
        const bool sameAsInferred = inferred != current.inferred().end() ? inferred->second == target : target.logLabel.empty();
        if (!sameAsInferred)
            edited.set(metric, target);
    }
    const QString error = m_bridge->setUserEntries(edited);
    m_bridge->setPaddingMs(qint64(m_padding->value()) * 1000);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("The mapping could not be saved: %1").arg(error));
        return false;
    }
    return true;
}

} // namespace sg::ui
