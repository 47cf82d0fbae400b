// Links from HTML and Markdown: crafted cases, folders with sources, and real documents Debian ships, whose HTML
// link counts are checked against gumbo's HTML5 parse (an independent parser) when libgumbo-dev is there.
#include "io/linkextractor.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef FANOUT_HAVE_GUMBO
#include <gumbo.h>
#endif

using namespace Fanout;

namespace {

QStringList hrefs(const QVector<RawLink> &links)
{
    QStringList out;
    for (const RawLink &link : links)
        out.append(link.href);
    return out;
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

#ifdef FANOUT_HAVE_GUMBO
// The same elements and attributes as extractHtmlLinks, counted on gumbo's tree.
int gumboCount(const GumboNode *node)
{
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE && node->type != GUMBO_NODE_DOCUMENT)
        return 0;
    const GumboVector *children =
        node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    int count = 0;
    if (node->type != GUMBO_NODE_DOCUMENT) {
        const GumboElement &e = node->v.element;
        auto has = [&](const char *name) {
            return gumbo_get_attribute(&e.attributes, name) != nullptr;
        };
        switch (e.tag) {
        case GUMBO_TAG_A:
        case GUMBO_TAG_LINK:
        case GUMBO_TAG_AREA:
            count += has("href") ? 1 : 0;
            break;
        case GUMBO_TAG_IMG:
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_IFRAME:
            count += has("src") ? 1 : 0;
            break;
        case GUMBO_TAG_SOURCE:
            count += has("src") ? 1 : 0;
            if (const GumboAttribute *srcset = gumbo_get_attribute(&e.attributes, "srcset"))
                count += int(QString::fromUtf8(srcset->value).split(u',', Qt::SkipEmptyParts).size());
            break;
        default:
            break;
        }
    }
    for (unsigned i = 0; i < children->length; ++i)
        count += gumboCount(static_cast<const GumboNode *>(children->data[i]));
    return count;
}
#endif

} // namespace

class TestLinkExtractor final : public QObject
{
    Q_OBJECT

private slots:
    void htmlElementsAndAttributes();
    void htmlSkipsCommentsScriptsAndCdata();
    void htmlBaseAndEntities();
    void netscapeBookmarks();
    void markdownLinks();
    void markdownSkipsCode();
    void markdownCodeSpansCrossLines();
    void foldersSourcesAndBase();
    void realHtmlMatchesAnHtml5Parser();
    void realMarkdown();
};

void TestLinkExtractor::htmlElementsAndAttributes()
{
    const QString html = QStringLiteral(
        "<!DOCTYPE html><html><head><link rel=stylesheet href=/s.css>\n"
        "<script src='https://cdn.example/a.js'></script></head>\n"
        "<body><A HREF=\"https://a.example/1\">one</A> <a href=https://a.example/2 href=https://ignored/>two</a>\n"
        "<img src=\"i.png\" alt=x><iframe src=\"https://f.example/\"></iframe>\n"
        "<picture><source srcset=\"https://i.example/a.webp 1x, https://i.example/b,c.webp 2x\">"
        "<source src=\"v.mp4\"></picture><map><area href=\"https://m.example/\"></map>\n"
        "<a name=anchor>no href</a><div href=\"https://not.a.link/\"></div></body></html>");
    QString base;
    const QVector<RawLink> links = extractHtmlLinks(html, &base);
    QCOMPARE(hrefs(links),
             (QStringList{QStringLiteral("/s.css"), QStringLiteral("https://cdn.example/a.js"),
                          QStringLiteral("https://a.example/1"), QStringLiteral("https://a.example/2"),
                          QStringLiteral("i.png"), QStringLiteral("https://f.example/"),
                          QStringLiteral("https://i.example/a.webp"), QStringLiteral("https://i.example/b,c.webp"),
                          QStringLiteral("v.mp4"), QStringLiteral("https://m.example/")}));
    QCOMPARE(links.at(0).line, 1);
    QCOMPARE(links.at(1).line, 2);
    QCOMPARE(links.at(3).line, 3);
    QCOMPARE(links.last().line, 5);
    QVERIFY(base.isEmpty());
}

void TestLinkExtractor::htmlSkipsCommentsScriptsAndCdata()
{
    const QString html = QStringLiteral(
        "<!-- <a href=\"https://comment.example/\"> -->\n"
        "<script>document.write('<a href=\"https://script.example/\">')</script>\n"
        "<style>a[href=\"x\"] { } /* <a href=https://style.example/> */</style>\n"
        "<textarea><a href=\"https://textarea.example/\"></textarea>\n"
        "<title><a href=https://title.example/></title><svg><![CDATA[<a href=\"https://cdata.example/\">]]></svg>\n"
        "<SCRIPT type=text/template><a href=\"https://tpl.example/\"></Script>\n"
        "<p>1 < 2 and <a href=\"https://kept.example/\">kept</a>");
    const QVector<RawLink> links = extractHtmlLinks(html, nullptr);
    QCOMPARE(hrefs(links), QStringList{QStringLiteral("https://kept.example/")});
    QCOMPARE(links.at(0).line, 7);
}

void TestLinkExtractor::htmlBaseAndEntities()
{
    QString base;
    const QVector<RawLink> links =
        extractHtmlLinks(QStringLiteral("<base href=\"https://b.example/docs/\"><base href=\"https://second.example/\">"
                                        "<a href=\"page?a=1&amp;b=2&#x26;c=&quot;3&quot;\">x</a>"),
                         &base);
    QCOMPARE(base, QStringLiteral("https://b.example/docs/"));
    QCOMPARE(hrefs(links), QStringList{QStringLiteral("page?a=1&b=2&c=\"3\"")});
}

void TestLinkExtractor::netscapeBookmarks()
{
    // What every browser's "export bookmarks" writes.
    const QString html = QStringLiteral(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<!-- This is an automatically generated file. -->\n"
        "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n<TITLE>Bookmarks</TITLE>\n"
        "<H1>Bookmarks</H1>\n<DL><p>\n    <DT><H3 ADD_DATE=\"1\">Folder</H3>\n    <DL><p>\n"
        "        <DT><A HREF=\"https://www.debian.org/\" ADD_DATE=\"1700000000\" ICON=\"data:image/png;base64,AA\">"
        "Debian</A>\n        <DT><A HREF=\"https://qt.io/\">Qt</A>\n    </DL><p>\n</DL><p>\n");
    QCOMPARE(hrefs(extractHtmlLinks(html, nullptr)),
             (QStringList{QStringLiteral("https://www.debian.org/"), QStringLiteral("https://qt.io/")}));
}

void TestLinkExtractor::markdownLinks()
{
    const QString md =
        QStringLiteral("# Title\n"
                       "See [the docs](https://docs.example/a \"title\") and ![img](img/b.png).\n"
                       "A [ref link][r] and <https://auto.example/x>.\n"
                       "Bare: https://bare.example/path?q=1. Also (https://paren.example/x).\n"
                       "Wiki: [w](https://en.wikipedia.org/wiki/C_(language)) and [s](<https://s.example/a b>)\n"
                       "\n"
                       "[r]: https://ref.example/ \"Ref\"\n"
                       "  [r2]: <https://ref2.example/>\n"
                       "- item with [link](https://list.example/)\n"
                       "    continued [in list](https://list2.example/)\n"
                       "<a href=\"https://html.example/\">raw HTML</a> <img src='https://badge.example/b.svg'> <br>\n");
    const QVector<RawLink> links = extractMarkdownLinks(md);
    QCOMPARE(hrefs(links),
             (QStringList{QStringLiteral("https://docs.example/a"), QStringLiteral("img/b.png"),
                          QStringLiteral("https://auto.example/x"), QStringLiteral("https://bare.example/path?q=1"),
                          QStringLiteral("https://paren.example/x"),
                          QStringLiteral("https://en.wikipedia.org/wiki/C_(language)"),
                          QStringLiteral("https://s.example/a b"), QStringLiteral("https://ref.example/"),
                          QStringLiteral("https://ref2.example/"), QStringLiteral("https://list.example/"),
                          QStringLiteral("https://list2.example/"), QStringLiteral("https://html.example/"),
                          QStringLiteral("https://badge.example/b.svg")}));
    QCOMPARE(links.at(0).line, 2);
    QCOMPARE(links.at(7).line, 7);
}

void TestLinkExtractor::markdownSkipsCode()
{
    const QString md = QStringLiteral(
        "Inline `https://code.example/` and ``a ` [x](https://code2.example/) `` but [y](https://kept1.example/).\n"
        "```bash\ncurl https://fenced.example/\n[z](https://fenced2.example/)\n```\n"
        "~~~~\n~~~\nhttps://still-fenced.example/\n~~~~\n"
        "\n    indented https://indented.example/\n\n"
        "After \\[not](https://escaped.example/) hmm, https://kept2.example/\n"
        "An `unclosed https://kept3.example/\n");
    QStringList found = hrefs(extractMarkdownLinks(md));
    QCOMPARE(found, (QStringList{QStringLiteral("https://kept1.example/"), QStringLiteral("https://escaped.example/"),
                                 QStringLiteral("https://kept2.example/"), QStringLiteral("https://kept3.example/")}));
}

void TestLinkExtractor::markdownCodeSpansCrossLines()
{
    // CommonMark: a code span runs over a line break within its paragraph (not past a blank line, a heading or a
    // list item); a link's line is its own line, not the block's first.
    const QString md =
        QStringLiteral("Text `inline https://code.example/a\n"            // 1: a span opened here
                       "still code` after [k](https://kept1.example/).\n" // 2: closed here; the link after it counts
                       "\n"
                       "An `open span\n" // 4: never closed in its paragraph: literal
                       "\n"
                       "https://kept2.example/ and `x`\n" // 6: the blank line ended the paragraph above
                       "# A `heading\n"                   // 7: a heading is a block of one line
                       "https://kept3.example/`\n"        // 8: so this backtick does not close the one above
                       "- item ``two\n"                   // 9
                       "- https://kept4.example/ ``\n");  // 10: a new item: the run above is literal
    const QVector<RawLink> links = extractMarkdownLinks(md);
    QStringList found;
    QList<int> lines;
    for (const RawLink &link : links) {
        found << link.href;
        lines << link.line;
    }
    QCOMPARE(found, (QStringList{QStringLiteral("https://kept1.example/"), QStringLiteral("https://kept2.example/"),
                                 QStringLiteral("https://kept3.example/"), QStringLiteral("https://kept4.example/")}));
    QCOMPARE(lines, (QList<int>{2, 6, 8, 10}));
}

void TestLinkExtractor::foldersSourcesAndBase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("site/index.html")),
              "<a href=\"https://x.example/\">x</a>\n<a href=\"sub/page.html\">rel</a>\n<a href=\"mailto:a@b\">m</a>"
              "<a href=\"#top\">top</a>");
    writeFile(dir.filePath(QStringLiteral("site/sub/page.html")), "<a href=\"../index.html\">up</a>\n\n"
                                                                  "<a href=\"https://x.example/\">again</a>");
    writeFile(dir.filePath(QStringLiteral("site/README.md")), "[x](https://x.example/) and [y](https://y.example/)");
    writeFile(dir.filePath(QStringLiteral("site/notes.txt")), "https://txt.example/");
    writeFile(dir.filePath(QStringLiteral("site/.hidden/a.html")), "<a href=\"https://hidden.example/\">h</a>");
    writeFile(dir.filePath(QStringLiteral("site/.git/b.html")), "<a href=\"https://git.example/\">g</a>");

    const QString site = dir.filePath(QStringLiteral("site"));
    // No base: relative links are rows that say why they were not checked.
    DocumentScan scan = scanDocuments({site}, QUrl(), {});
    QCOMPARE(scan.files, 3);
    QStringList texts;
    for (const DocumentUrl &url : scan.urls)
        texts.append(url.entry.text + QStringLiteral(" = ") + url.entry.error);
    QCOMPARE(texts, (QStringList{QStringLiteral("https://x.example/ = "), QStringLiteral("https://y.example/ = "),
                                 QStringLiteral("sub/page.html = skipped: relative link, no --base"),
                                 QStringLiteral("../index.html = skipped: relative link, no --base")}));
    QCOMPARE(scan.urls.at(0).sources, site + QStringLiteral("/README.md:1 | ") + site +
                                          QStringLiteral("/index.html:1 | ") + site +
                                          QStringLiteral("/sub/page.html:3"));
    QCOMPARE(scan.ignored, 2); // mailto: and #top
    QCOMPARE(scan.duplicates, 2);

    // With a base, each file's links resolve against its place below the base.
    scan = scanDocuments({site}, QUrl(QStringLiteral("https://site.example/docs")), {QStringLiteral("*.html")});
    QCOMPARE(scan.files, 2);
    QStringList urls;
    for (const DocumentUrl &url : scan.urls)
        urls.append(url.entry.url.toString() + u' ' + QString(url.sources).remove(site + u'/'));
    QCOMPARE(urls, (QStringList{QStringLiteral("https://x.example/ index.html:1 | sub/page.html:3"),
                                QStringLiteral("https://site.example/docs/sub/page.html index.html:2"),
                                QStringLiteral("https://site.example/docs/index.html sub/page.html:1")}));

    // Legacy bytes: the <meta charset> is honoured, as a browser would.
    writeFile(dir.filePath(QStringLiteral("latin1.html")),
              "<meta charset=\"windows-1252\"><a href=\"https://l.example/caf\xE9\">caf\xE9</a>");
    scan = scanDocuments({dir.filePath(QStringLiteral("latin1.html"))}, QUrl(), {});
    QCOMPARE(scan.urls.size(), 1);
    QCOMPARE(scan.urls.at(0).entry.url.toString(QUrl::FullyEncoded), QStringLiteral("https://l.example/caf%C3%A9"));

    // A file given by name, a missing one reported.
    scan = scanDocuments({dir.filePath(QStringLiteral("site/sub/page.html")), dir.filePath(QStringLiteral("no.html"))},
                         QUrl(QStringLiteral("https://h.example/a/b/")), {});
    QCOMPARE(scan.errors.size(), 1);
    QCOMPARE(scan.urls.at(0).entry.url.toString(), QStringLiteral("https://h.example/a/index.html"));
}

void TestLinkExtractor::realHtmlMatchesAnHtml5Parser()
{
#ifndef FANOUT_HAVE_GUMBO
    QSKIP("libgumbo-dev is not installed: no HTML5 parser to count against");
#else
    int files = 0;
    int links = 0;
    QStringList mismatches;
    QDirIterator it(QStringLiteral("/usr/share/doc"), {QStringLiteral("*.html"), QStringLiteral("*.htm")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        if (bytes.size() > 8 * 1024 * 1024)
            continue;
        ++files;
        const int ours = int(extractHtmlLinks(QString::fromUtf8(bytes), nullptr).size());
        GumboOutput *output = gumbo_parse_with_options(&kGumboDefaultOptions, bytes.constData(), size_t(bytes.size()));
        const int theirs = gumboCount(output->document);
        gumbo_destroy_output(&kGumboDefaultOptions, output);
        links += theirs;
        if (ours != theirs)
            mismatches.append(QStringLiteral("%1: ours %2, gumbo %3").arg(file.fileName()).arg(ours).arg(theirs));
    }
    if (files == 0)
        QSKIP("no HTML under /usr/share/doc on this machine");
    qInfo("%d HTML files under /usr/share/doc, %d links by gumbo's count, %d files differ", files, links,
          int(mismatches.size()));
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.mid(0, 20).join(u'\n')));
    QVERIFY(links > 0);
#endif
}

void TestLinkExtractor::realMarkdown()
{
    // Markdown Debian ships: every link found is a well-formed URL or path (no code, no stray punctuation), and
    // the known links of a README are all there.
    int files = 0;
    int links = 0;
    QDirIterator it(QStringLiteral("/usr/share/doc"), {QStringLiteral("*.md")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromUtf8(file.readAll());
        const int lastLine = int(text.count(u'\n')) + 1;
        ++files;
        for (const RawLink &link : extractMarkdownLinks(text)) {
            ++links;
            QVERIFY2(!link.href.contains(u'`') && !link.href.endsWith(u'.') && !link.href.endsWith(u','),
                     qPrintable(file.fileName() + QStringLiteral(":%1: %2").arg(link.line).arg(link.href)));
            QVERIFY2(link.line >= 1 && link.line <= lastLine, qPrintable(file.fileName()));
            if (link.href.startsWith(QLatin1String("http")))
                QVERIFY2(QUrl(link.href).isValid(), qPrintable(link.href));
        }
    }
    if (files == 0)
        QSKIP("no Markdown under /usr/share/doc on this machine");
    qInfo("%d Markdown files under /usr/share/doc, %d links", files, links);
    QVERIFY(links > 0);
}

QTEST_GUILESS_MAIN(TestLinkExtractor)
#include "test_linkextractor.moc"
