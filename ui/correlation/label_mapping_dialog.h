#pragma once

#include <QDialog>

class QSpinBox;
class QTableWidget;

namespace sg::ui {

class LabelBridgeState;

/// Edits the label mapping: one row per metric label (the inferred log label shown beside the one in use, editable;
/// an empty log label never maps the metric label), rows added for labels the bridge did not infer, and the padding
/// around a selected range. Save keeps the rows that differ from the inferred defaults as the user's entries.
class LabelMappingDialog : public QDialog
{
    Q_OBJECT
public:
    LabelMappingDialog(LabelBridgeState* bridge, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    QSpinBox* padding() const { return m_padding; }
    /// Writes the rows and the padding to the bridge (and its file); false with a message box on failure.
    bool save();

private:
    void addRow(const QString& metric, const QString& inferred, const QString& log, bool normalize);

    LabelBridgeState* m_bridge = nullptr;
    QTableWidget* m_table = nullptr;
    QSpinBox* m_padding = nullptr;
};

} // namespace sg::ui
