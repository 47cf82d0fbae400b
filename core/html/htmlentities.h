#pragma once

#include <QString>
#include <QStringView>

namespace Fanout {

// Decodes character references in HTML text content (data/RCDATA, not attribute values) the way the
// HTML tokenizer does: the full WHATWG named set (longest match, legacy forms without ';' such as
// "&amp" or "&copy"), decimal and hex numeric references with the windows-1252 remap of 128-159, and
// U+FFFD for 0, surrogates and values past U+10FFFF. Anything that is not a reference stays as is.
QString decodeHtmlEntities(QStringView text);

// For text that arrives in pieces: the index of the '&' of a reference at the end of text that what
// follows may still change ("&am", "&#12", "&"), or -1. Decoding text up to that index and keeping the rest
// for the next piece gives what decodeHtmlEntities gives for the whole text.
qsizetype unfinishedCharRefStart(QStringView text);

// The code point a numeric character reference stands for once the tokenizer's fix-ups are applied.
char32_t numericCharRefValue(quint32 value);

} // namespace Fanout
