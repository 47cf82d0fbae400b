#include "io/terminaltext.h"

#include <QStringList>

namespace Fanout {

namespace {

bool isBidiControl(char16_t c)
{
    return c == 0x061C                      // ARABIC LETTER MARK
           || c == 0x200E || c == 0x200F    // LRM, RLM
           || (c >= 0x202A && c <= 0x202E)  // LRE, RLE, PDF, LRO, RLO
           || (c >= 0x2066 && c <= 0x2069); // LRI, RLI, FSI, PDI
}

void appendEscape(QString &out, char16_t c)
{
    static constexpr char16_t hex[] = u"0123456789abcdef";
    out += u'\\';
    if (c < 0x80) {
        out += u'x';
    } else {
        out += u'u';
        out += hex[(c >> 12) & 0xF];
        out += hex[(c >> 8) & 0xF];
    }
    out += hex[(c >> 4) & 0xF];
    out += hex[c & 0xF];
}

bool needsEscape(char16_t c, bool paired)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return true;
    if (c < 0x061C)
        return false; // the common case: one comparison for ASCII and Latin text
    // U+2028/U+2029 end a line in some terminals and log viewers: a title must not forge a line.
    return isBidiControl(c) || c == 0x2028 || c == 0x2029 || (QChar::isSurrogate(c) && !paired);
}

} // namespace

QString terminalSafe(const QString &text)
{
    const qsizetype size = text.size();
    const QChar *data = text.constData();
    // A surrogate is fine as half of a pair; alone it is no character and shows as garbage or nothing.
    auto pairedAt = [&](qsizetype i) {
        if (data[i].isHighSurrogate())
            return i + 1 < size && data[i + 1].isLowSurrogate();
        if (data[i].isLowSurrogate())
            return i > 0 && data[i - 1].isHighSurrogate();
        return false;
    };
    qsizetype first = 0;
    while (first < size && !needsEscape(data[first].unicode(), pairedAt(first)))
        ++first;
    if (first == size)
        return text; // nothing to escape: no copy
    QString out;
    out.reserve(size + 16);
    out.append(data, first);
    for (qsizetype i = first; i < size; ++i) {
        if (needsEscape(data[i].unicode(), pairedAt(i)))
            appendEscape(out, data[i].unicode());
        else
            out += data[i];
    }
    return out;
}

QString terminalSafeLines(const QString &text)
{
    if (!text.contains(u'\n'))
        return terminalSafe(text);
    QStringList lines = text.split(u'\n');
    for (QString &line : lines)
        line = terminalSafe(line);
    return lines.join(u'\n');
}

} // namespace Fanout
