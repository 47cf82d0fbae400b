#include "engine/messagetext.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QVector>

#include <algorithm>

namespace Fanout::MessageText {

namespace {

// The English templates of what core says, as core makes them (the text after the category key, or the whole
// message when it has none). A message not listed here is shown in English: add its template when adding one.
const char *const kTemplates[] = {
    // engine: the check of one URL
    QT_TRANSLATE_NOOP("Fanout", "still waiting for a connection to %1 after %2 s"),
    QT_TRANSLATE_NOOP("Fanout", "body still arriving after %1 s"),
    QT_TRANSLATE_NOOP("Fanout", "no answer within %1 s"),
    QT_TRANSLATE_NOOP("Fanout", "the server answered %1 (an interim response) and Qt 6.4 cannot read the final "
                                "answer that follows it"),
    QT_TRANSLATE_NOOP("Fanout", "hop %1 has an unusable Location: %2"),
    QT_TRANSLATE_NOOP("Fanout", "hop %1 leads to a %2: URL (%3), not http or https"),
    QT_TRANSLATE_NOOP("Fanout", "more than %1 redirects (stopped at %2)"),
    QT_TRANSLATE_NOOP("Fanout", "loop after %1 hops, back to %2"),
    QT_TRANSLATE_NOOP("Fanout", "headers too large: %1"),
    QT_TRANSLATE_NOOP("Fanout", "connection refused by %1"),
    QT_TRANSLATE_NOOP("Fanout", "%1 closed the connection mid-body"),
    QT_TRANSLATE_NOOP("Fanout", "%1 closed the connection without answering"),
    QT_TRANSLATE_NOOP("Fanout", "host not found: %1"),
    // net/resolver: the engine's own lookups
    QT_TRANSLATE_NOOP("Fanout", "NXDOMAIN for %1 (no such name)"),
    QT_TRANSLATE_NOOP("Fanout", "no address for %1 (the name exists, with no A or AAAA)"),
    QT_TRANSLATE_NOOP("Fanout", "no address for %1"),
    QT_TRANSLATE_NOOP("Fanout", "SERVFAIL for %1 (the server failed to answer)"),
    QT_TRANSLATE_NOOP("Fanout", "REFUSED for %1 (the server refused to answer)"),
    QT_TRANSLATE_NOOP("Fanout", "no answer for %1 within %2 s"),
    QT_TRANSLATE_NOOP("Fanout", "could not reach a name server for %1"),
    QT_TRANSLATE_NOOP("Fanout", "the resolver could not start: %1"),
    QT_TRANSLATE_NOOP("Fanout", "stopped by the user"),
    QT_TRANSLATE_NOOP("Fanout", "%1 while checking"),
    QT_TRANSLATE_NOOP("Fanout", "%1 while waiting to retry"),
    QT_TRANSLATE_NOOP("Fanout", "%1 before it was checked"),
    QT_TRANSLATE_NOOP("Fanout", "%1 (last attempt: %2)"),
    QT_TRANSLATE_NOOP("Fanout", "host failing (%1 connection errors in a row)"),
    QT_TRANSLATE_NOOP("Fanout", "status %1 (--accept %2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not accepted (--accept %2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 with Retry-After %2 s"),
    // the probe's diagnosis of a broken answer ("protocol: ...", or after a transport error in parentheses)
    QT_TRANSLATE_NOOP("Fanout", "status line longer than %1"),
    QT_TRANSLATE_NOOP("Fanout", "header line longer than %1 (Qt 6.4 drops every header of such an answer)"),
    QT_TRANSLATE_NOOP("Fanout", "chunk-size line longer than %1 after %2"),
    QT_TRANSLATE_NOOP("Fanout", "trailer line longer than %1"),
    QT_TRANSLATE_NOOP("Fanout", "header block longer than %1"),
    QT_TRANSLATE_NOOP("Fanout", "chunk %1 (%2 bytes) is followed by %3 instead of CRLF"),
    QT_TRANSLATE_NOOP("Fanout", "the server's answer is not HTTP: it starts with %1 (a TLS record: does this port "
                                "speak https?)"),
    QT_TRANSLATE_NOOP("Fanout", "the server's answer is not HTTP: it starts with %1"),
    QT_TRANSLATE_NOOP("Fanout", "the server's answer is not HTTP/1.x: its status line is %1"),
    QT_TRANSLATE_NOOP("Fanout", "the status line %1 is malformed"),
    QT_TRANSLATE_NOOP("Fanout", "the status line %1 has no valid status code (100 to 599)"),
    QT_TRANSLATE_NOOP("Fanout", "header line %1 holds a NUL byte"),
    QT_TRANSLATE_NOOP("Fanout", "header line %1 holds a bare CR"),
    QT_TRANSLATE_NOOP("Fanout", "the header block starts with the indented line %1"),
    QT_TRANSLATE_NOOP("Fanout", "whitespace before the colon in header line %1"),
    QT_TRANSLATE_NOOP("Fanout", "malformed header line %1"),
    QT_TRANSLATE_NOOP("Fanout", "Content-Length %1 is not a number"),
    QT_TRANSLATE_NOOP("Fanout", "conflicting Content-Length values %1 and %2"),
    QT_TRANSLATE_NOOP("Fanout", "invalid chunk size %1 at the start of the body"),
    QT_TRANSLATE_NOOP("Fanout", "invalid chunk size %1 after %2"),
    QT_TRANSLATE_NOOP("Fanout", "chunk size %1 at the start of the body is absurdly large"),
    QT_TRANSLATE_NOOP("Fanout", "chunk size %1 after %2 is absurdly large"),
    QT_TRANSLATE_NOOP("Fanout", "malformed trailer line %1 after the last chunk (%2 before it)"),
    QT_TRANSLATE_NOOP("Fanout", "the answer ends inside its status line %1"),
    QT_TRANSLATE_NOOP("Fanout", "the answer ends after an interim %1 response, before the final one"),
    QT_TRANSLATE_NOOP("Fanout", "the answer ends after %1 empty line bytes, before any status line"),
    QT_TRANSLATE_NOOP("Fanout", "the answer ends inside its header block, after %1 bytes of it"),
    QT_TRANSLATE_NOOP("Fanout", "the body ends after %1 of %2 bytes"),
    QT_TRANSLATE_NOOP("Fanout", "the chunked body ends after %1 without its last (0) chunk"),
    QT_TRANSLATE_NOOP("Fanout", "the chunked body ends inside a chunk-size line %1 after %2"),
    QT_TRANSLATE_NOOP("Fanout", "the chunked body ends inside chunk %1, after %2 of its %3 bytes"),
    QT_TRANSLATE_NOOP("Fanout", "the chunked body ends after the data of chunk %1, before its CRLF"),
    QT_TRANSLATE_NOOP("Fanout", "the chunked body ends after its last (0) chunk, without the empty line that ends "
                                "the trailer section"),
    QT_TRANSLATE_NOOP("Fanout", "%1 chunks"),
    QT_TRANSLATE_NOOP("Fanout", "1 chunk"),
    // bodies: Content-Encoding ("content: ...", "too-large: ...")
    QT_TRANSLATE_NOOP("Fanout", "%1: invalid data (%2)"),
    QT_TRANSLATE_NOOP("Fanout", "the server used Content-Encoding \"%1\", which was not asked for"),
    QT_TRANSLATE_NOOP("Fanout", "the server used Content-Encoding \"%1\": %2 codings on one body, more than the %3 "
                                "Fanout decodes"),
    QT_TRANSLATE_NOOP("Fanout", "%1: the body ends before the compressed stream does (truncated)"),
    QT_TRANSLATE_NOOP("Fanout", "%1: %2 bytes decoded from %3: it inflates more than %4x (decompression bomb?)"),
    // rules
    QT_TRANSLATE_NOOP("Fanout", "host %1 is not in --only-hosts"),
    QT_TRANSLATE_NOOP("Fanout", "host %1 is in --skip-hosts"),
    QT_TRANSLATE_NOOP("Fanout", "matches no --include"),
    QT_TRANSLATE_NOOP("Fanout", "matches %1"),
    QT_TRANSLATE_NOOP("Fanout", "'%1' is not a status (100 to 599) or a range LOW..HIGH"),
    QT_TRANSLATE_NOOP("Fanout", "no status given"),
    QT_TRANSLATE_NOOP("Fanout", "'%1' is not a regular expression: %2 (at %3)"),
    // lists: lines and files
    QT_TRANSLATE_NOOP("Fanout", "line %1: %2"),
    QT_TRANSLATE_NOOP("Fanout", "empty"),
    QT_TRANSLATE_NOOP("Fanout", "contains whitespace"),
    QT_TRANSLATE_NOOP("Fanout", "contains a control character"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not http or https"),
    QT_TRANSLATE_NOOP("Fanout", "not a URL or host name"),
    QT_TRANSLATE_NOOP("Fanout", "looks like an e-mail address, not a URL"),
    QT_TRANSLATE_NOOP("Fanout", "not a valid URL"),
    QT_TRANSLATE_NOOP("Fanout", "no host"),
    QT_TRANSLATE_NOOP("Fanout", "port 0 is not usable"),
    QT_TRANSLATE_NOOP("Fanout", "not a text file: %1 looks binary (NUL character at position %2)"),
    QT_TRANSLATE_NOOP("Fanout", "not a text file: %1 starts with a %2 byte order mark but is not valid %2"),
    QT_TRANSLATE_NOOP("Fanout", "not a text file: %1 looks binary (NUL bytes at offset %2)"),
    QT_TRANSLATE_NOOP("Fanout", "not a text file: %1 looks binary (%2% of the first %3 bytes are control bytes)"),
    QT_TRANSLATE_NOOP("Fanout", "cannot read %1: it is a directory"),
    QT_TRANSLATE_NOOP("Fanout", "cannot read %1: the file is too large (%2 MiB; the limit is %3 MiB)"),
    QT_TRANSLATE_NOOP("Fanout", "cannot read %1: the input is larger than %2 MiB"),
    QT_TRANSLATE_NOOP("Fanout", "cannot read %1: %2"),
    // documents and sitemaps
    QT_TRANSLATE_NOOP("Fanout", "relative link, no --base"),
    QT_TRANSLATE_NOOP("Fanout", "not a URL"),
    QT_TRANSLATE_NOOP("Fanout", "not an absolute http(s) URL"),
    QT_TRANSLATE_NOOP("Fanout", "more than %1 bytes of XML: refused"),
    QT_TRANSLATE_NOOP("Fanout", "a DTD is refused in a sitemap (entity declarations could expand without bound)"),
    QT_TRANSLATE_NOOP("Fanout", "entity '&%1;' is not one XML predefines"),
    QT_TRANSLATE_NOOP("Fanout", "elements nested deeper than %1: refused"),
    QT_TRANSLATE_NOOP("Fanout", "the root element <%1> is neither <urlset> nor <sitemapindex>"),
    QT_TRANSLATE_NOOP("Fanout", "<loc> holds an element"),
    QT_TRANSLATE_NOOP("Fanout", "a <loc> longer than 64 KiB"),
    QT_TRANSLATE_NOOP("Fanout", "more than %1 <loc>s: the rest are not read"),
    QT_TRANSLATE_NOOP("Fanout", "no <urlset> or <sitemapindex>: not a sitemap"),
    QT_TRANSLATE_NOOP("Fanout", "the document ends before its root element closes"),
    QT_TRANSLATE_NOOP("Fanout", "cannot open: %1"),
    QT_TRANSLATE_NOOP("Fanout", "cannot read: %1"),
    QT_TRANSLATE_NOOP("Fanout", "not read: sitemap indexes nest deeper than %1 levels (listed at %2 line %3)"),
    QT_TRANSLATE_NOOP("Fanout", "stopped at %1 URLs in all (raise the cap with --sitemap-limit)"),
    // run files
    QT_TRANSLATE_NOOP("Fanout", "Cannot open run file %1: no such file"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot open run file %1: it is a folder"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot open run file %1 for writing: %2 is read-only"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot open run file %1: %2"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is empty, not a Fanout run file"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not a Fanout run file (not an SQLite database)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is truncated (%2 bytes, not even an SQLite header)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is damaged (its SQLite header gives a page size of %2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is truncated (%2 bytes of %3)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not a Fanout run file (SQLite cannot read it: %2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is damaged (%2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is an SQLite database but not a Fanout run file"),
    QT_TRANSLATE_NOOP("Fanout", "%1 was made by a newer Fanout (schema %2); this one reads schema %3 and older"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not a Fanout run file (schema %2)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not a Fanout run file (tables missing)"),
    QT_TRANSLATE_NOOP("Fanout", "%1 is not a Fanout run file (format '%2')"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot create run file %1: cannot create its folder"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot create run file %1: it already exists"),
    QT_TRANSLATE_NOOP("Fanout", "Cannot create run file %1: %2"),
    // the loosest last: a reason with where it was found ("invalid: ... (sitemap.xml:3)", "... (truncated)")
    QT_TRANSLATE_NOOP("Fanout", "%1 (%2)"),
};

struct Pattern
{
    const char *source = nullptr;
    QRegularExpression re;
    QVector<int> argOfGroup; // capture group i+1 holds %argOfGroup[i]
    int literal = 0;         // characters outside the placeholders: more is a tighter match
    int args = 0;
    QString head; // the text before the first placeholder and after the last: a cheap test before the regex
    QString tail;
};

QVector<Pattern> compilePatterns()
{
    static const QRegularExpression placeholder(QStringLiteral("%(\\d)"));
    QVector<Pattern> patterns;
    for (const char *source : kTemplates) {
        const QString text = QString::fromUtf8(source);
        Pattern p;
        p.source = source;
        QString re = QStringLiteral("^");
        qsizetype at = 0;
        QVector<int> seen; // the group of each %N met so far; a repeat must hold the same text
        auto it = placeholder.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString literal = text.mid(at, m.capturedStart() - at);
            if (at == 0)
                p.head = literal;
            re += QRegularExpression::escape(literal);
            p.literal += int(literal.size());
            const int n = m.captured(1).toInt();
            const qsizetype group = seen.indexOf(n);
            if (group >= 0) {
                re += QStringLiteral("\\") + QString::number(group + 1);
            } else {
                re += QStringLiteral("(.+?)");
                seen.append(n);
                p.argOfGroup.append(n);
                p.args = std::max(p.args, n);
            }
            at = m.capturedEnd();
        }
        p.tail = text.mid(at);
        if (at == 0)
            p.head = p.tail; // no placeholder: the whole text
        re += QRegularExpression::escape(p.tail) + QStringLiteral("$");
        p.literal += int(p.tail.size());
        p.re = QRegularExpression(re, QRegularExpression::DotMatchesEverythingOption);
        patterns.append(p);
    }
    // Tightest first, so "%1 closed the connection mid-body" is tried before "%1 (%2)".
    std::stable_sort(patterns.begin(), patterns.end(),
                     [](const Pattern &a, const Pattern &b) { return a.literal > b.literal; });
    return patterns;
}

const QVector<Pattern> &patterns()
{
    static const QVector<Pattern> compiled = compilePatterns(); // immutable after first use
    return compiled;
}

// The template and arguments of text (no key split), or nullptr.
const char *matchTemplate(const QString &text, QStringList *args)
{
    for (const Pattern &p : patterns()) {
        if (!text.startsWith(p.head) || !text.endsWith(p.tail))
            continue;
        const QRegularExpressionMatch m = p.re.match(text);
        if (!m.hasMatch())
            continue;
        QStringList out(p.args);
        for (int i = 0; i < p.argOfGroup.size(); ++i)
            out[p.argOfGroup.at(i) - 1] = m.captured(i + 1);
        *args = out;
        return p.source;
    }
    return nullptr;
}

// "timeout: rest" -> ("timeout", "rest"); a key is lowercase letters, digits and '-'.
bool splitKey(const QString &message, QString *key, QString *rest)
{
    static const QRegularExpression keyed(QStringLiteral("^([a-z][a-z0-9-]*): (.*)$"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = keyed.match(message);
    if (!m.hasMatch())
        return false;
    *key = m.captured(1);
    *rest = m.captured(2);
    return true;
}

QString translatedAt(const QString &message, int depth);

QString render(const char *source, const QStringList &args, int depth)
{
    const QString text = QCoreApplication::translate(Context, source);
    QStringList shown;
    for (const QString &arg : args)
        shown.append(translatedAt(arg, depth + 1));
    // One pass over the template: an argument that holds "%1" is not substituted again.
    QString out;
    out.reserve(text.size() + 64);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const int n = c == u'%' && i + 1 < text.size() ? text.at(i + 1).digitValue() : -1;
        if (n >= 1 && n <= shown.size()) {
            out += shown.at(n - 1);
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

QString translatedAt(const QString &message, int depth)
{
    if (depth > 4 || message.isEmpty())
        return message;
    QString key;
    QString rest;
    QStringList args;
    if (splitKey(message, &key, &rest)) {
        if (const char *source = matchTemplate(rest, &args))
            return key + QStringLiteral(": ") + render(source, args, depth);
    }
    if (const char *source = matchTemplate(message, &args))
        return render(source, args, depth);
    return message;
}

} // namespace

Parts split(const QString &message)
{
    Parts parts;
    QString rest;
    if (splitKey(message, &parts.key, &rest)) {
        parts.source = matchTemplate(rest, &parts.args);
        if (parts.source)
            return parts;
    }
    parts.key.clear();
    parts.source = matchTemplate(message, &parts.args);
    return parts;
}

QString translated(const QString &message)
{
    return translatedAt(message, 0);
}

QStringList templates()
{
    QStringList all;
    for (const char *source : kTemplates)
        all.append(QString::fromUtf8(source));
    return all;
}

} // namespace Fanout::MessageText
