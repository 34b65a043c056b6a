#pragma once

#include <QColor>

class QApplication;

namespace sg::ui {

/// Fusion style with a dark, Grafana-like palette.
void applyDarkTheme(QApplication& app);

/// Colours shared by the charts, log views and panel frames.
namespace theme {
QColor background();      ///< page background
QColor panelBackground(); ///< panel body
QColor panelBorder();
QColor text();
QColor mutedText();
QColor gridLine();
QColor errorColor();
QColor warnColor();
QColor infoColor();
QColor debugColor();
/// The i-th series colour of Grafana's classic palette (wraps around).
QColor seriesColor(int index);

/// What a stretch of query text is, for the query editor's highlighting.
enum class Syntax { Keyword, Function, Metric, LabelName, String, Number, Operator, Punctuation, Comment, Variable, Error };
/// The colour of `role` in query text.
QColor syntaxColor(Syntax role);
} // namespace theme

} // namespace sg::ui
