#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Fanout {

// The few distinct texts a million rows share (error categories, cancel reasons): a row keeps a byte, the text is
// held once. Code 0 is the empty text; past 254 texts (never seen) a new one gets Unknown, which reads back empty.
class TextCodes final
{
public:
    static constexpr quint8 Unknown = 255;

    TextCodes() = default;
    // texts by code, as texts() gives them (the first, code 0, empty); empty: none yet.
    explicit TextCodes(const QStringList &texts)
    {
        if (texts.isEmpty())
            return;
        m_texts = texts.mid(0, Unknown);
        for (int code = 1; code < m_texts.size(); ++code)
            m_codes.insert(m_texts.at(code), quint8(code));
    }

    quint8 codeOf(const QString &text)
    {
        if (text.isEmpty())
            return 0;
        const auto it = m_codes.constFind(text);
        if (it != m_codes.cend())
            return it.value();
        if (m_texts.size() >= Unknown)
            return Unknown;
        const auto code = quint8(m_texts.size());
        m_texts.append(text);
        m_codes.insert(text, code);
        return code;
    }
    QString text(quint8 code) const { return m_texts.value(code); }
    const QStringList &texts() const { return m_texts; }

private:
    QStringList m_texts{QString()};
    QHash<QString, quint8> m_codes;
};

} // namespace Fanout
