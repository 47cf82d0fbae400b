#pragma once

// The reader that checks what ResultWriter writes: test_resultwriter and the fuzz_resultwriter round trip.

#include <QByteArray>
#include <QChar>
#include <QString>
#include <QStringList>
#include <QVector>

namespace FanoutTest {

// Strict RFC 4180 reader: every record must end in CRLF, a bare CR/LF outside quotes is an error.
inline QVector<QStringList> parseStrictCsv(const QByteArray &bytes, bool *ok)
{
    *ok = true;
    QString text = QString::fromUtf8(bytes);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QVector<QStringList> records;
    QStringList fields;
    QString field;
    bool inQuotes = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            if (!field.isEmpty())
                *ok = false; // a quote in the middle of an unquoted field
            inQuotes = true;
        } else if (c == u',') {
            fields.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            fields.append(field);
            field.clear();
            records.append(fields);
            fields.clear();
            ++i;
        } else if (c == u'\r' || c == u'\n') {
            *ok = false;
        } else {
            field += c;
        }
    }
    if (inQuotes || !field.isEmpty() || !fields.isEmpty())
        *ok = false; // unterminated last record
    return records;
}

} // namespace FanoutTest
