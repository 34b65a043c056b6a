#include "range_menu.h"

#include <QMenu>

using namespace Qt::StringLiterals;

namespace sg::ui {

QMenu* popupRangeMenu(QWidget* parent, QPoint globalPos, std::function<void(RangeAction)> chosen)
{
    auto* menu = new QMenu(parent);
    menu->setObjectName(u"rangeMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const struct
    {
        QString text;
        QString name;
        RangeAction action;
    } entries[] = {
        { QMenu::tr("Show logs"), u"rangeShowLogs"_s, RangeAction::ShowLogs },
        { QMenu::tr("What changed in the logs"), u"rangeWhatChanged"_s, RangeAction::WhatChanged },
        { QMenu::tr("Zoom to range"), u"rangeZoom"_s, RangeAction::Zoom },
    };
    for (const auto& e : entries) {
        QAction* action = menu->addAction(e.text);
        action->setObjectName(e.name);
        QObject::connect(action, &QAction::triggered, menu, [chosen, a = e.action] { chosen(a); });
    }
    // "Show logs" is what Shift+drag did before the menu: Enter keeps it one key away.
    menu->setActiveAction(menu->actions().constFirst());
    menu->popup(globalPos);
    return menu;
}

} // namespace sg::ui
