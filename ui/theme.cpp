#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

#include <array>

namespace sg::ui {

namespace theme {
QColor background() { return QColor(0x11, 0x12, 0x17); }
QColor panelBackground() { return QColor(0x18, 0x1b, 0x1f); }
QColor panelBorder() { return QColor(0x2c, 0x30, 0x35); }
QColor text() { return QColor(0xd8, 0xd9, 0xda); }
QColor mutedText() { return QColor(0x8e, 0x8e, 0x9a); }
QColor gridLine() { return QColor(0x2a, 0x2d, 0x33); }
QColor errorColor() { return QColor(0xe0, 0x2f, 0x44); }
QColor warnColor() { return QColor(0xf2, 0xcc, 0x0c); }
QColor infoColor() { return QColor(0x73, 0xbf, 0x69); }
QColor debugColor() { return QColor(0x57, 0x94, 0xf2); }

QColor seriesColor(int index)
{
    // Grafana's classic palette: green, yellow, blue, orange, red, ...
    static constexpr std::array<QRgb, 12> Palette { 0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42, 0x1f78c1,
        0xba43a9, 0x705da0, 0x508642, 0xcca300, 0x447ebc, 0xc15c17 };
    const auto i = static_cast<std::size_t>(index < 0 ? -index : index) % Palette.size();
    return QColor::fromRgb(Palette[i]);
}

QColor syntaxColor(Syntax role)
{
    // Close to Grafana's dark Monaco theme for PromQL and LogQL.
    switch (role) {
    case Syntax::Keyword: return QColor(0x57, 0x94, 0xf2);
    case Syntax::Function: return QColor(0xff, 0x98, 0x30);
    case Syntax::Metric: return QColor(0x6e, 0xd0, 0xe0);
    case Syntax::LabelName: return QColor(0x73, 0xbf, 0x69);
    case Syntax::String: return QColor(0xce, 0x91, 0x78);
    case Syntax::Number: return QColor(0xb8, 0x77, 0xd9);
    case Syntax::Operator: return QColor(0xcc, 0xcc, 0xdc);
    case Syntax::Punctuation: return mutedText();
    case Syntax::Comment: return QColor(0x6e, 0x70, 0x79);
    case Syntax::Variable: return QColor(0xfa, 0xde, 0x2a);
    case Syntax::Error: return errorColor();
    }
    return text();
}
} // namespace theme

void applyDarkTheme(QApplication& app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    p.setColor(QPalette::Window, theme::background());
    p.setColor(QPalette::WindowText, theme::text());
    p.setColor(QPalette::Base, theme::panelBackground());
    p.setColor(QPalette::AlternateBase, QColor(0x20, 0x23, 0x28));
    p.setColor(QPalette::ToolTipBase, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ToolTipText, theme::text());
    p.setColor(QPalette::PlaceholderText, theme::mutedText());
    p.setColor(QPalette::Text, theme::text());
    p.setColor(QPalette::Button, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ButtonText, theme::text());
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0x9f, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x71, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, theme::panelBorder());
    p.setColor(QPalette::Dark, QColor(0x0b, 0x0c, 0x0e));
    p.setColor(QPalette::Disabled, QPalette::Text, theme::mutedText());
    p.setColor(QPalette::Disabled, QPalette::ButtonText, theme::mutedText());
    p.setColor(QPalette::Disabled, QPalette::WindowText, theme::mutedText());
    app.setPalette(p);
    app.setStyleSheet(QStringLiteral(
        "QToolTip { color: #d8d9da; background-color: #22252b; border: 1px solid #2c3035; padding: 4px; }"
        "QTabWidget::pane { border: 0; }"
        "QTabBar::tab { background: #181b1f; color: #8e8e9a; padding: 6px 16px; border: 0;"
        " border-bottom: 2px solid transparent; }"
        "QTabBar::tab:selected { color: #d8d9da; border-bottom: 2px solid #f55f3e; }"
        "QToolBar { background: #181b1f; border-bottom: 1px solid #2c3035; spacing: 6px; padding: 4px; }"
        "QStatusBar { background: #181b1f; color: #8e8e9a; }"));
}

} // namespace sg::ui
