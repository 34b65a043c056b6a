#pragma once

// "What changed": the ranked patterns of a spike against its baseline, with one click to turn a pattern into a
// line filter or a pattern parser stage of the log query.

#include "core/patterns/compare.h"

#include <QAbstractTableModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace sg::ui {

/// The rows of a comparison: level (in the log list's level colour), pattern, spike count, baseline count, change
/// and the spike's lines over time (a sparkline; Qt::UserRole gives the bucket counts as a QVariantList); the sample
/// lines as tooltip. A level filter shows the rows of one level only.
class PatternChangesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { LevelColumn, PatternColumn, CountColumn, BaselineColumn, ChangeColumn, TrendColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    /// Replaces the rows (ranked, best first).
    void setChanges(std::vector<patterns::PatternChange> changes);
    /// The shown row's change, or null.
    const patterns::PatternChange* changeAt(int row) const;
    /// Shows only the rows of `level` ("error", ... "unknown"; "": every row).
    void setLevelFilter(const QString& level);
    QString levelFilter() const { return m_level; }
    /// The levels of all rows, most severe first.
    QStringList levels() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "new" for a pattern absent from the baseline, else the ratio of the rates ("×3.5"), "gone" when absent
    /// from the spike.
    static QString changeText(const patterns::PatternChange& change);

private:
    void rebuildShown();

    std::vector<patterns::PatternChange> m_changes;
    std::vector<std::size_t> m_shown; ///< indices into m_changes that pass the level filter
    QString m_level;
};

/// The window a spike is compared with.
enum class BaselineKind
{
    Preceding,  ///< the same length just before the spike
    DayEarlier, ///< the same window a day earlier
};

/// The baseline window of `kind` for `spike`.
patterns::TimeWindow baselineFor(BaselineKind kind, patterns::TimeWindow spike);

/// A table of ranked patterns and two buttons acting on the selected one. It does not run queries: it is given
/// the log query and the comparison, and emits the query with the new stage.
class WhatChangedView : public QWidget
{
    Q_OBJECT
public:
    explicit WhatChangedView(QWidget* parent = nullptr);

    /// The log query the patterns were mined from; the buttons append their stage to it.
    void setQuery(const QString& query);
    QString query() const { return m_query; }
    /// Shows a comparison's rows (and its line counts in the summary).
    void setComparison(const patterns::Comparison& comparison);

    /// The baseline picked in the view's "Baseline" box (the page mines again when it changes).
    BaselineKind baseline() const;
    void setBaseline(BaselineKind kind);

    PatternChangesModel* model() const { return m_model; }
    QComboBox* baselineCombo() const { return m_baseline; }
    /// "All levels", then the comparison's levels.
    QComboBox* levelCombo() const { return m_levels; }
    QTableView* table() const { return m_table; }
    QPushButton* lineFilterButton() const { return m_lineFilter; }
    QPushButton* patternQueryButton() const { return m_patternQuery; }

Q_SIGNALS:
    /// The user asked for `query` (the log query with a `|>` filter or a `| pattern` parser appended).
    void queryRequested(const QString& query);
    /// The same request as the stage alone (`|> \`…\`` or `| pattern \`…\``), for a page that appends it to
    /// several queries; emitted just before queryRequested.
    void stageRequested(const QString& stage);
    /// The user picked another baseline.
    void baselineChanged(sg::ui::BaselineKind kind);

private:
    void updateButtons();
    void emitWith(bool parser);
    void updateLevels();

    QString m_query;
    PatternChangesModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_lineFilter = nullptr;
    QPushButton* m_patternQuery = nullptr;
    QComboBox* m_baseline = nullptr;
    QComboBox* m_levels = nullptr;
};

} // namespace sg::ui
