#include "io/linkextractor.h"

#include "html/charset.h"
#include "html/htmlentities.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

namespace Fanout {

namespace {

bool isAsciiSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

bool isAsciiAlpha(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// Candidate URLs of a srcset value: "a.png 1x, b.png 2x" -> a.png, b.png (the HTML spec's splitting, simplified:
// a URL ends at whitespace; trailing commas belong to the list, not the URL).
QStringList srcsetUrls(QStringView value)
{
    QStringList out;
    qsizetype i = 0;
    const qsizetype n = value.size();
    while (i < n) {
        while (i < n && (isAsciiSpace(value[i]) || value[i] == u','))
            ++i;
        const qsizetype start = i;
        while (i < n && !isAsciiSpace(value[i]))
            ++i;
        QStringView url = value.mid(start, i - start);
        bool endsList = false;
        while (url.endsWith(u',')) {
            url.chop(1);
            endsList = true;
        }
        if (!url.isEmpty())
            out.append(url.toString());
        if (endsList)
            continue;
        while (i < n && value[i] != u',') // descriptors
            ++i;
    }
    return out;
}

} // namespace

QVector<RawLink> extractHtmlLinks(QStringView html, QString *baseHref)
{
    QVector<RawLink> links;
    const qsizetype n = html.size();
    qsizetype i = 0;
    int line = 1;
    qsizetype lineCountedTo = 0;
    auto lineAt = [&](qsizetype pos) {
        for (; lineCountedTo < pos; ++lineCountedTo)
            line += html[lineCountedTo] == u'\n' ? 1 : 0;
        return line;
    };
    auto skipPast = [&](qsizetype from, QLatin1String end, Qt::CaseSensitivity cs) {
        const qsizetype at = html.indexOf(end, from, cs);
        return at < 0 ? n : at + end.size();
    };
    bool baseSeen = false;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        if (lt < 0 || lt + 1 >= n)
            break;
        const QStringView rest = html.mid(lt);
        if (rest.startsWith(QLatin1String("<!--"))) {
            i = skipPast(lt + 4, QLatin1String("-->"), Qt::CaseSensitive);
            continue;
        }
        if (rest.startsWith(QLatin1String("<![CDATA["))) {
            i = skipPast(lt + 9, QLatin1String("]]>"), Qt::CaseSensitive);
            continue;
        }
        const QChar next = html[lt + 1];
        if (next == u'!' || next == u'?' || next == u'/') { // doctype, processing instruction, end tag
            i = skipPast(lt + 1, QLatin1String(">"), Qt::CaseSensitive);
            continue;
        }
        if (!isAsciiAlpha(next)) {
            i = lt + 1; // a lone '<' is text
            continue;
        }
        const int tagLine = lineAt(lt);
        qsizetype p = lt + 1;
        while (p < n && !isAsciiSpace(html[p]) && html[p] != u'/' && html[p] != u'>')
            ++p;
        const QString tag = html.mid(lt + 1, p - lt - 1).toString().toLower();
        // Attributes, first value of a name wins.
        QHash<QString, QString> attributes;
        while (p < n && html[p] != u'>') {
            while (p < n && (isAsciiSpace(html[p]) || html[p] == u'/'))
                ++p;
            if (p >= n || html[p] == u'>')
                break;
            const qsizetype nameStart = p;
            ++p; // a name may start with '='
            while (p < n && !isAsciiSpace(html[p]) && html[p] != u'/' && html[p] != u'>' && html[p] != u'=')
                ++p;
            const QString name = html.mid(nameStart, p - nameStart).toString().toLower();
            while (p < n && isAsciiSpace(html[p]))
                ++p;
            QString value;
            if (p < n && html[p] == u'=') {
                ++p;
                while (p < n && isAsciiSpace(html[p]))
                    ++p;
                if (p < n && (html[p] == u'"' || html[p] == u'\'')) {
                    const QChar quote = html[p];
                    const qsizetype end = html.indexOf(quote, p + 1);
                    const qsizetype stop = end < 0 ? n : end;
                    value = html.mid(p + 1, stop - p - 1).toString();
                    p = end < 0 ? n : end + 1;
                } else {
                    const qsizetype start = p;
                    while (p < n && !isAsciiSpace(html[p]) && html[p] != u'>')
                        ++p;
                    value = html.mid(start, p - start).toString();
                }
            }
            if (!attributes.contains(name))
                attributes.insert(name, decodeHtmlEntities(value).trimmed());
        }
        i = p < n ? p + 1 : n;

        auto add = [&](const QString &attribute) {
            const auto it = attributes.constFind(attribute);
            if (it != attributes.constEnd())
                links.append({*it, tagLine});
        };
        if (tag == QLatin1String("a") || tag == QLatin1String("link") || tag == QLatin1String("area")) {
            add(QStringLiteral("href"));
        } else if (tag == QLatin1String("img") || tag == QLatin1String("script") || tag == QLatin1String("iframe")) {
            add(QStringLiteral("src"));
        } else if (tag == QLatin1String("source")) {
            add(QStringLiteral("src"));
            if (const auto it = attributes.constFind(QStringLiteral("srcset")); it != attributes.constEnd()) {
                for (const QString &url : srcsetUrls(*it))
                    links.append({url, tagLine});
            }
        } else if (tag == QLatin1String("base") && !baseSeen && attributes.contains(QStringLiteral("href"))) {
            baseSeen = true;
            if (baseHref)
                *baseHref = attributes.value(QStringLiteral("href"));
        }
        static const QStringList rawText = {
            QStringLiteral("script"), QStringLiteral("style"),  QStringLiteral("textarea"), QStringLiteral("title"),
            QStringLiteral("xmp"),    QStringLiteral("iframe"), QStringLiteral("noembed"),  QStringLiteral("noframes")};
        if (rawText.contains(tag)) {
            const qsizetype end = html.indexOf(QString(QStringLiteral("</") + tag), i, Qt::CaseInsensitive);
            i = end < 0 ? n : end;
        } else if (tag == QLatin1String("plaintext")) {
            break;
        }
    }
    return links;
}

// ----- Markdown

namespace {

// Leading spaces (a tab counts to the next multiple of 4), and where the text after them starts.
int indentOf(QStringView line, qsizetype *textStart)
{
    int width = 0;
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        if (line[i] == u' ')
            ++width;
        else if (line[i] == u'\t')
            width += 4 - width % 4;
        else
            break;
    }
    *textStart = i;
    return width;
}

bool isListItem(QStringView text)
{
    static const QRegularExpression item(QStringLiteral("^([-+*]|\\d{1,9}[.)])(\\s|$)"));
    return item.match(text.toString()).hasMatch();
}

// Trailing punctuation is not part of a bare URL (GFM): "see https://x.org." means https://x.org.
QStringView trimBareUrl(QStringView url)
{
    for (;;) {
        if (url.isEmpty())
            return url;
        const QChar last = url.back();
        if (QStringView(u"?!.,:*_~'\";").contains(last)) {
            url.chop(1);
        } else if (last == u')' && url.count(u'(') < url.count(u')')) {
            url.chop(1);
        } else {
            return url;
        }
    }
}

// Links in the lines of one Markdown block (a paragraph, a list item, a heading; not code), joined with '\n' so
// a code span may run over a line break as CommonMark allows; firstLine is the first line's number.
void scanMarkdownBlock(QStringView text, int firstLine, QVector<RawLink> *links)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    int line = firstLine;  // the line of position i
    qsizetype counted = 0; // line breaks before this position are counted in line
    const auto lineAt = [&](qsizetype at) {
        for (; counted < at && counted < n; ++counted)
            line += text[counted] == u'\n' ? 1 : 0;
        return line;
    };
    while (i < n) {
        line = lineAt(i);
        const QChar c = text[i];
        if (c == u'\\') {
            i += 2;
            continue;
        }
        if (c == u'`') { // a code span: a run of backticks up to the same run
            qsizetype run = i;
            while (run < n && text[run] == u'`')
                ++run;
            const qsizetype length = run - i;
            qsizetype search = run;
            qsizetype close = -1;
            while ((search = text.indexOf(QString(length, u'`'), search)) >= 0) {
                qsizetype after = search + length;
                if (after < n && text[after] == u'`') { // a longer run: not the closer
                    while (after < n && text[after] == u'`')
                        ++after;
                    search = after;
                    continue;
                }
                close = search;
                break;
            }
            i = close < 0 ? run : close + length; // no closer: the backticks are literal
            continue;
        }
        if (c == u'<') {
            const qsizetype end = text.indexOf(u'>', i + 1);
            const QStringView inside = end < 0 ? QStringView() : text.mid(i + 1, end - i - 1);
            if (!inside.isEmpty() &&
                (inside.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
                 inside.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) &&
                !inside.contains(u' ') && !inside.contains(u'\n') && !inside.contains(u'<')) {
                links->append({inside.toString(), line});
                i = end + 1;
                continue;
            }
            if (!inside.isEmpty() && isAsciiAlpha(inside[0])) {
                // Raw HTML in Markdown (<a href>, <img src> badges): the tag read as HTML reads it.
                for (const RawLink &link : extractHtmlLinks(text.mid(i, end - i + 1), nullptr))
                    links->append({link.href, line});
                i = end + 1;
                continue;
            }
            ++i;
            continue;
        }
        if (c == u']' && i + 1 < n && text[i + 1] == u'(') { // inline link or image destination
            qsizetype p = i + 2;
            while (p < n && isAsciiSpace(text[p]))
                ++p;
            QString dest;
            if (p < n && text[p] == u'<') {
                const qsizetype end = text.indexOf(u'>', p + 1);
                if (end < 0) {
                    i = p;
                    continue;
                }
                dest = text.mid(p + 1, end - p - 1).toString();
                p = end + 1;
            } else {
                int depth = 0;
                const qsizetype start = p;
                for (; p < n && !isAsciiSpace(text[p]); ++p) {
                    if (text[p] == u'\\') {
                        ++p;
                        continue;
                    }
                    if (text[p] == u'(')
                        ++depth;
                    else if (text[p] == u')' && depth-- == 0)
                        break;
                }
                dest = text.mid(start, p - start).toString();
            }
            if (!dest.isEmpty())
                links->append({decodeHtmlEntities(dest), line});
            i = p;
            continue;
        }
        if ((c == u'h' || c == u'H') && (i == 0 || !text[i - 1].isLetterOrNumber()) &&
            (text.mid(i).startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
             text.mid(i).startsWith(QLatin1String("https://"), Qt::CaseInsensitive))) {
            qsizetype p = i;
            while (p < n && !isAsciiSpace(text[p]) && text[p] != u'<' && text[p] != u'>' && text[p] != u'`')
                ++p;
            const QStringView url = trimBareUrl(text.mid(i, p - i));
            if (url.size() > 8)
                links->append({url.toString(), line});
            i = p;
            continue;
        }
        ++i;
    }
}

} // namespace

QVector<RawLink> extractMarkdownLinks(QStringView markdown)
{
    // A GFM footnote, "[^1]: text", is not a link definition.
    static const QRegularExpression definition(
        QStringLiteral("^\\[(?!\\^)(?:[^\\]\\\\]|\\\\.)+\\]:\\s*(<[^>]*>|\\S+)"));
    QVector<RawLink> links;
    int lineNumber = 0;
    QChar fenceChar;
    qsizetype fenceLength = 0;
    bool previousBlank = true;
    bool inList = false;
    QString block; // the lines of the block being read, scanned when it ends
    int blockLine = 0;
    const auto flush = [&] {
        if (!block.isEmpty())
            scanMarkdownBlock(block, blockLine, &links);
        block.clear();
    };
    for (QStringView line : markdown.split(u'\n')) {
        ++lineNumber;
        if (line.endsWith(u'\r'))
            line.chop(1);
        qsizetype start = 0;
        const int indent = indentOf(line, &start);
        const QStringView text = line.mid(start);
        if (fenceLength > 0) { // inside fenced code: only its closing fence matters
            qsizetype run = 0;
            while (run < text.size() && text[run] == fenceChar)
                ++run;
            if (indent < 4 && run >= fenceLength && text.mid(run).trimmed().isEmpty())
                fenceLength = 0;
            continue;
        }
        if (text.isEmpty()) {
            flush();
            previousBlank = true;
            continue;
        }
        if (indent < 4 && (text.startsWith(QLatin1String("```")) || text.startsWith(QLatin1String("~~~")))) {
            flush();
            fenceChar = text[0];
            fenceLength = 0;
            while (fenceLength < text.size() && text[fenceLength] == fenceChar)
                ++fenceLength;
            continue;
        }
        if (indent >= 4 && previousBlank && !inList) {
            flush();
            continue; // an indented code block (a list's continuation is not code)
        }
        if (indent < 4)
            inList = isListItem(text) || (inList && !previousBlank);
        previousBlank = false;
        if (indent < 4) {
            if (const QRegularExpressionMatch m = definition.match(text.toString()); m.hasMatch()) {
                flush();
                QString dest = m.captured(1);
                if (dest.startsWith(u'<'))
                    dest = dest.mid(1, dest.size() - 2);
                links.append({decodeHtmlEntities(dest), lineNumber});
                continue;
            }
        }
        // A heading or a list item starts a block of its own; a paragraph's next line continues the block.
        if (indent < 4 && (text.startsWith(u'#') || isListItem(text)))
            flush();
        if (block.isEmpty())
            blockLine = lineNumber;
        else
            block += u'\n';
        block += text;
        if (text.startsWith(u'#'))
            flush(); // a heading is one line
    }
    flush();
    return links;
}

// ----- documents

namespace {

enum class DocumentKind
{
    Html,
    Markdown
};

bool markdownSuffix(const QString &suffix)
{
    return suffix == QLatin1String("md") || suffix == QLatin1String("markdown") || suffix == QLatin1String("mdown") ||
           suffix == QLatin1String("mkd");
}

DocumentKind kindOf(const QString &path)
{
    return markdownSuffix(QFileInfo(path).suffix().toLower()) ? DocumentKind::Markdown : DocumentKind::Html;
}

// As a browser opening the file would: a BOM, else (HTML) a <meta charset>, else UTF-8 when it is, else a guess;
// windows-1252 when nothing can be told (the HTML default for undeclared bytes).
QString decodeDocument(const QByteArray &bytes, bool html)
{
    switch (sniffBom(bytes)) {
    case Bom::Utf8:
        return decodeWithCharset("UTF-8", QByteArrayView(bytes).sliced(3));
    case Bom::Utf16LE:
        return decodeWithCharset("UTF-16LE", QByteArrayView(bytes).sliced(2));
    case Bom::Utf16BE:
        return decodeWithCharset("UTF-16BE", QByteArrayView(bytes).sliced(2));
    case Bom::None:
        break;
    }
    if (html) {
        const MetaPrescan meta = prescanMetaCharset(bytes.left(kMetaPrescanWindow), true);
        if (meta.status == MetaPrescan::Status::Found && isSupportedCharset(meta.charset))
            return decodeWithCharset(meta.charset, bytes);
    }
    if (looksLikeUtf8(bytes))
        return decodeWithCharset("UTF-8", bytes);
    const QByteArray guess = detectCharset(bytes);
    return decodeWithCharset(guess.isEmpty() || !isSupportedCharset(guess) ? QByteArray("windows-1252") : guess, bytes);
}

bool isWeb(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

} // namespace

bool isDocumentPath(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    const QString suffix = info.suffix().toLower();
    return suffix == QLatin1String("html") || suffix == QLatin1String("htm") || suffix == QLatin1String("xhtml") ||
           suffix == QLatin1String("shtml") || markdownSuffix(suffix);
}

DocumentScan scanDocuments(const QStringList &paths, const QUrl &base, const QStringList &globs)
{
    DocumentScan scan;
    QHash<QString, int> byKey;
    const QStringList patterns =
        globs.isEmpty() ? QStringList{QStringLiteral("*.html"), QStringLiteral("*.htm"), QStringLiteral("*.xhtml"),
                                      QStringLiteral("*.md"), QStringLiteral("*.markdown")}
                        : globs;

    auto scanFile = [&](const QString &path, const QUrl &fileBase) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            scan.errors.append(QStringLiteral("%1: %2").arg(path, file.errorString()));
            return;
        }
        ++scan.files;
        const QString text = decodeDocument(file.readAll(), kindOf(path) == DocumentKind::Html);
        QString baseHref;
        const QVector<RawLink> links =
            kindOf(path) == DocumentKind::Markdown ? extractMarkdownLinks(text) : extractHtmlLinks(text, &baseHref);
        QUrl documentBase = fileBase;
        if (!baseHref.isEmpty()) {
            const QUrl declared(baseHref);
            documentBase =
                declared.isRelative() ? (fileBase.isEmpty() ? QUrl() : fileBase.resolved(declared)) : declared;
        }
        for (const RawLink &link : links) {
            const QString source = QStringLiteral("%1:%2").arg(path).arg(link.line);
            if (link.href.isEmpty() || link.href.startsWith(u'#')) {
                ++scan.ignored; // a place in the same document
                continue;
            }
            QUrl url(link.href);
            UrlEntry entry;
            entry.line = link.line;
            entry.text = link.href;
            if (url.isRelative() && !link.href.startsWith(QLatin1String("//"))) {
                if (documentBase.isEmpty() || !isWeb(documentBase)) {
                    entry.error = QStringLiteral("skipped: relative link, no --base");
                } else {
                    url = documentBase.resolved(url);
                    entry.text = url.toString();
                }
            } else if (link.href.startsWith(QLatin1String("//"))) { // scheme-relative
                url = QUrl(QStringLiteral("https:") + link.href);
                entry.text = url.toString();
            } else if (!isWeb(url)) {
                ++scan.ignored; // mailto:, javascript:, data:, ftp: ...
                continue;
            }
            if (entry.error.isEmpty()) {
                QString why;
                entry.url = UrlListParser::normalise(entry.text, &why);
                if (!entry.url.isValid())
                    entry.error = why.isEmpty() ? QStringLiteral("invalid: not a URL") : why;
            }
            const QString key = entry.error.isEmpty() ? UrlListParser::duplicateKey(entry.text, entry.url)
                                                      : entry.error + u'\n' + entry.text;
            const auto it = byKey.constFind(key);
            if (it != byKey.constEnd()) {
                ++scan.duplicates;
                scan.urls[*it].sources += QStringLiteral(" | ") + source;
                continue;
            }
            byKey.insert(key, int(scan.urls.size()));
            scan.urls.append({entry, source});
        }
    };

    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.isDir()) {
            scanFile(path, base);
            continue;
        }
        const QDir root(path);
        QStringList files;
        QDirIterator it(path, patterns, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QString relative = root.relativeFilePath(file);
            // Hidden files and folders (.git among them) are not documents of the site.
            bool hidden = false;
            for (QStringView part : QStringView(relative).split(u'/'))
                hidden = hidden || part.startsWith(u'.');
            if (!hidden)
                files.append(file);
        }
        files.sort(); // the same order on every machine
        for (const QString &file : std::as_const(files)) {
            QUrl fileBase;
            if (!base.isEmpty()) {
                QUrl dirBase = base;
                if (!dirBase.path().endsWith(u'/'))
                    dirBase.setPath(dirBase.path() + u'/');
                fileBase = dirBase.resolved(QUrl(root.relativeFilePath(file)));
            }
            scanFile(file, fileBase);
        }
    }
    return scan;
}

} // namespace Fanout
