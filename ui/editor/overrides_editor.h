#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

#include <memory>
#include <vector>

class QVBoxLayout;

namespace sg::ui::editor {

/// `fieldConfig.overrides`: per override a matcher (fields with name, matching regex, results of query, fields
/// of type) with its option, and properties (a property id and its JSON value); add and remove both.
class OverridesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit OverridesEditor(const QJsonArray& overrides, QWidget* parent = nullptr);
    QJsonArray overrides() const;
    int overrideCount() const { return int(m_cards.size()); }
    /// Adds an override with matcher `matcherId` ("byName", "byRegexp", "byFrameRefID", "byType").
    void addOverride(const QString& matcherId = QStringLiteral("byName"), const QString& option = {});
    /// Adds a property to override `index`.
    void addProperty(int index, const QString& id = QStringLiteral("unit"), const QJsonValue& value = {});

    /// The property ids the id field offers (an override may name any other).
    static QStringList knownPropertyIds();

Q_SIGNALS:
    void overridesChanged(const QJsonArray& overrides);

private:
    struct Card;
    void addCard(const QJsonObject& json);
    void emitChanged();
    QVBoxLayout* m_list = nullptr;
    std::vector<std::shared_ptr<Card>> m_cards;
};

} // namespace sg::ui::editor
