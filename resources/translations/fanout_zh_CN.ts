<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Fanout</name>
    <message>
        <source>still waiting for a connection to %1 after %2 s</source>
        <translation>%2 秒后仍在等待与 %1 的连接</translation>
    </message>
    <message>
        <source>body still arriving after %1 s</source>
        <translation>%1 秒后响应体仍在传输</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>%1 秒内无应答</translation>
    </message>
    <message>
        <source>the server answered %1 (an interim response) and Qt 6.4 cannot read the final answer that follows it</source>
        <translation>服务器返回了 %1（临时响应），Qt 6.4 无法读取其后的最终应答</translation>
    </message>
    <message>
        <source>hop %1 has an unusable Location: %2</source>
        <translation>第 %1 跳的 Location 不可用：%2</translation>
    </message>
    <message>
        <source>hop %1 leads to a %2: URL (%3), not http or https</source>
        <translation>第 %1 跳指向 %2: URL（%3），不是 http 或 https</translation>
    </message>
    <message>
        <source>more than %1 redirects (stopped at %2)</source>
        <translation>重定向超过 %1 次（停在 %2）</translation>
    </message>
    <message>
        <source>loop after %1 hops, back to %2</source>
        <translation>%1 跳后出现循环，回到 %2</translation>
    </message>
    <message>
        <source>headers too large: %1</source>
        <translation>响应头过大：%1</translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation>%1 拒绝连接</translation>
    </message>
    <message>
        <source>%1 closed the connection mid-body</source>
        <translation>%1 在传输响应体时关闭了连接</translation>
    </message>
    <message>
        <source>%1 closed the connection without answering</source>
        <translation>%1 未应答就关闭了连接</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>找不到主机：%1</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <source>%1 while checking</source>
        <translation>检查过程中%1</translation>
    </message>
    <message>
        <source>%1 while waiting to retry</source>
        <translation>等待重试时%1</translation>
    </message>
    <message>
        <source>%1 before it was checked</source>
        <translation>检查前%1</translation>
    </message>
    <message>
        <source>%1 (last attempt: %2)</source>
        <translation>%1（上次尝试：%2）</translation>
    </message>
    <message>
        <source>host failing (%1 connection errors in a row)</source>
        <translation>主机故障（连续 %1 次连接错误）</translation>
    </message>
    <message>
        <source>status %1 (--accept %2)</source>
        <translation>状态 %1（--accept %2）</translation>
    </message>
    <message>
        <source>%1 is not accepted (--accept %2)</source>
        <translation>%1 不在接受范围内（--accept %2）</translation>
    </message>
    <message>
        <source>%1 with Retry-After %2 s</source>
        <translation>%1，Retry-After %2 秒</translation>
    </message>
    <message>
        <source>host %1 is not in --only-hosts</source>
        <translation>主机 %1 不在 --only-hosts 中</translation>
    </message>
    <message>
        <source>host %1 is in --skip-hosts</source>
        <translation>主机 %1 在 --skip-hosts 中</translation>
    </message>
    <message>
        <source>matches no --include</source>
        <translation>不匹配任何 --include</translation>
    </message>
    <message>
        <source>matches %1</source>
        <translation>匹配 %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a status (100 to 599) or a range LOW..HIGH</source>
        <translation>“%1”不是状态码（100 到 599），也不是 LOW..HIGH 形式的范围</translation>
    </message>
    <message>
        <source>no status given</source>
        <translation>未给出状态码</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a regular expression: %2 (at %3)</source>
        <translation>“%1”不是正则表达式：%2（位置 %3）</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>contains whitespace</source>
        <translation>包含空白字符</translation>
    </message>
    <message>
        <source>contains a control character</source>
        <translation>包含控制字符</translation>
    </message>
    <message>
        <source>%1 is not http or https</source>
        <translation>%1 不是 http 或 https</translation>
    </message>
    <message>
        <source>not a URL or host name</source>
        <translation>不是 URL 或主机名</translation>
    </message>
    <message>
        <source>looks like an e-mail address, not a URL</source>
        <translation>像是电子邮件地址，而不是 URL</translation>
    </message>
    <message>
        <source>not a valid URL</source>
        <translation>不是有效的 URL</translation>
    </message>
    <message>
        <source>no host</source>
        <translation>没有主机</translation>
    </message>
    <message>
        <source>port 0 is not usable</source>
        <translation>端口 0 不可用</translation>
    </message>
    <message>
        <source>not a text file: %1 looks binary (NUL character at position %2)</source>
        <translation>不是文本文件：%1 看起来是二进制文件（位置 %2 有 NUL 字符）</translation>
    </message>
    <message>
        <source>not a text file: %1 starts with a %2 byte order mark but is not valid %2</source>
        <translation>不是文本文件：%1 以 %2 字节顺序标记开头，但不是有效的 %2</translation>
    </message>
    <message>
        <source>not a text file: %1 looks binary (NUL bytes at offset %2)</source>
        <translation>不是文本文件：%1 看起来是二进制文件（偏移 %2 处有 NUL 字节）</translation>
    </message>
    <message>
        <source>not a text file: %1 looks binary (%2% of the first %3 bytes are control bytes)</source>
        <translation>不是文本文件：%1 看起来是二进制文件（前 %3 个字节中有 %2% 是控制字节）</translation>
    </message>
    <message>
        <source>cannot read %1: it is a directory</source>
        <translation>无法读取 %1：这是一个目录</translation>
    </message>
    <message>
        <source>cannot read %1: the file is too large (%2 MiB; the limit is %3 MiB)</source>
        <translation>无法读取 %1：文件过大（%2 MiB，上限为 %3 MiB）</translation>
    </message>
    <message>
        <source>cannot read %1: the input is larger than %2 MiB</source>
        <translation>无法读取 %1：输入超过 %2 MiB</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>relative link, no --base</source>
        <translation>相对链接，未指定 --base</translation>
    </message>
    <message>
        <source>not a URL</source>
        <translation>不是 URL</translation>
    </message>
    <message>
        <source>not an absolute http(s) URL</source>
        <translation>不是绝对的 http(s) URL</translation>
    </message>
    <message>
        <source>more than %1 bytes of XML: refused</source>
        <translation>XML 超过 %1 字节：已拒绝</translation>
    </message>
    <message>
        <source>a DTD is refused in a sitemap (entity declarations could expand without bound)</source>
        <translation>站点地图中不允许 DTD（实体声明可能无限展开）</translation>
    </message>
    <message>
        <source>entity &apos;&amp;%1;&apos; is not one XML predefines</source>
        <translation>实体“&amp;%1;”不是 XML 预定义的实体</translation>
    </message>
    <message>
        <source>elements nested deeper than %1: refused</source>
        <translation>元素嵌套超过 %1 层：已拒绝</translation>
    </message>
    <message>
        <source>the root element &lt;%1&gt; is neither &lt;urlset&gt; nor &lt;sitemapindex&gt;</source>
        <translation>根元素 &lt;%1&gt; 既不是 &lt;urlset&gt; 也不是 &lt;sitemapindex&gt;</translation>
    </message>
    <message>
        <source>&lt;loc&gt; holds an element</source>
        <translation>&lt;loc&gt; 中包含元素</translation>
    </message>
    <message>
        <source>a &lt;loc&gt; longer than 64 KiB</source>
        <translation>&lt;loc&gt; 超过 64 KiB</translation>
    </message>
    <message>
        <source>more than %1 &lt;loc&gt;s: the rest are not read</source>
        <translation>&lt;loc&gt; 超过 %1 个：其余未读取</translation>
    </message>
    <message>
        <source>no &lt;urlset&gt; or &lt;sitemapindex&gt;: not a sitemap</source>
        <translation>没有 &lt;urlset&gt; 或 &lt;sitemapindex&gt;：不是站点地图</translation>
    </message>
    <message>
        <source>the document ends before its root element closes</source>
        <translation>文档在根元素闭合前就结束了</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>not read: sitemap indexes nest deeper than %1 levels (listed at %2 line %3)</source>
        <translation>未读取：站点地图索引嵌套超过 %1 层（列于 %2 第 %3 行）</translation>
    </message>
    <message>
        <source>stopped at %1 URLs in all (raise the cap with --sitemap-limit)</source>
        <translation>总数达到 %1 个 URL 后停止（可用 --sitemap-limit 提高上限）</translation>
    </message>
    <message>
        <source>Cannot open run file %1: no such file</source>
        <translation>无法打开运行文件 %1：文件不存在</translation>
    </message>
    <message>
        <source>Cannot open run file %1: it is a folder</source>
        <translation>无法打开运行文件 %1：这是一个文件夹</translation>
    </message>
    <message>
        <source>Cannot open run file %1 for writing: %2 is read-only</source>
        <translation>无法以写入方式打开运行文件 %1：%2 是只读的</translation>
    </message>
    <message>
        <source>Cannot open run file %1: %2</source>
        <translation>无法打开运行文件 %1：%2</translation>
    </message>
    <message>
        <source>%1 is empty, not a Fanout run file</source>
        <translation>%1 是空文件，不是 Fanout 运行文件</translation>
    </message>
    <message>
        <source>%1 is not a Fanout run file (not an SQLite database)</source>
        <translation>%1 不是 Fanout 运行文件（不是 SQLite 数据库）</translation>
    </message>
    <message>
        <source>%1 is truncated (%2 bytes, not even an SQLite header)</source>
        <translation>%1 已被截断（%2 字节，连 SQLite 文件头都不完整）</translation>
    </message>
    <message>
        <source>%1 is damaged (its SQLite header gives a page size of %2)</source>
        <translation>%1 已损坏（其 SQLite 文件头给出的页大小为 %2）</translation>
    </message>
    <message>
        <source>%1 is truncated (%2 bytes of %3)</source>
        <translation>%1 已被截断（%3 字节中只有 %2 字节）</translation>
    </message>
    <message>
        <source>%1 is not a Fanout run file (SQLite cannot read it: %2)</source>
        <translation>%1 不是 Fanout 运行文件（SQLite 无法读取：%2）</translation>
    </message>
    <message>
        <source>%1 is damaged (%2)</source>
        <translation>%1 已损坏（%2）</translation>
    </message>
    <message>
        <source>%1 is an SQLite database but not a Fanout run file</source>
        <translation>%1 是 SQLite 数据库，但不是 Fanout 运行文件</translation>
    </message>
    <message>
        <source>%1 was made by a newer Fanout (schema %2); this one reads schema %3 and older</source>
        <translation>%1 由更新版本的 Fanout 创建（架构 %2）；此版本只能读取架构 %3 及更早版本</translation>
    </message>
    <message>
        <source>%1 is not a Fanout run file (schema %2)</source>
        <translation>%1 不是 Fanout 运行文件（架构 %2）</translation>
    </message>
    <message>
        <source>%1 is not a Fanout run file (tables missing)</source>
        <translation>%1 不是 Fanout 运行文件（缺少数据表）</translation>
    </message>
    <message>
        <source>%1 is not a Fanout run file (format &apos;%2&apos;)</source>
        <translation>%1 不是 Fanout 运行文件（格式“%2”）</translation>
    </message>
    <message>
        <source>Cannot create run file %1: cannot create its folder</source>
        <translation>无法创建运行文件 %1：无法创建其所在文件夹</translation>
    </message>
    <message>
        <source>Cannot create run file %1: it already exists</source>
        <translation>无法创建运行文件 %1：文件已存在</translation>
    </message>
    <message>
        <source>Cannot create run file %1: %2</source>
        <translation>无法创建运行文件 %1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>status line longer than %1</source>
        <translation>状态行超过 %1</translation>
    </message>
    <message>
        <source>header line longer than %1 (Qt 6.4 drops every header of such an answer)</source>
        <translation>响应头行超过 %1（Qt 6.4 会丢弃此类应答的所有响应头）</translation>
    </message>
    <message>
        <source>chunk-size line longer than %1 after %2</source>
        <translation>%2之后的分块大小行超过 %1</translation>
    </message>
    <message>
        <source>trailer line longer than %1</source>
        <translation>尾部字段行超过 %1</translation>
    </message>
    <message>
        <source>header block longer than %1</source>
        <translation>响应头块超过 %1</translation>
    </message>
    <message>
        <source>chunk %1 (%2 bytes) is followed by %3 instead of CRLF</source>
        <translation>第 %1 块（%2 字节）之后是 %3，而不是 CRLF</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not HTTP: it starts with %1 (a TLS record: does this port speak https?)</source>
        <translation>服务器的应答不是 HTTP：以 %1 开头（这是 TLS 记录：该端口是否使用 https？）</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not HTTP: it starts with %1</source>
        <translation>服务器的应答不是 HTTP：以 %1 开头</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not HTTP/1.x: its status line is %1</source>
        <translation>服务器的应答不是 HTTP/1.x：其状态行为 %1</translation>
    </message>
    <message>
        <source>the status line %1 is malformed</source>
        <translation>状态行 %1 格式错误</translation>
    </message>
    <message>
        <source>the status line %1 has no valid status code (100 to 599)</source>
        <translation>状态行 %1 没有有效的状态码（100 到 599）</translation>
    </message>
    <message>
        <source>header line %1 holds a NUL byte</source>
        <translation>响应头行 %1 含有 NUL 字节</translation>
    </message>
    <message>
        <source>header line %1 holds a bare CR</source>
        <translation>响应头行 %1 含有单独的 CR</translation>
    </message>
    <message>
        <source>the header block starts with the indented line %1</source>
        <translation>响应头块以缩进行 %1 开头</translation>
    </message>
    <message>
        <source>whitespace before the colon in header line %1</source>
        <translation>响应头行 %1 的冒号前有空白</translation>
    </message>
    <message>
        <source>malformed header line %1</source>
        <translation>响应头行 %1 格式错误</translation>
    </message>
    <message>
        <source>Content-Length %1 is not a number</source>
        <translation>Content-Length %1 不是数字</translation>
    </message>
    <message>
        <source>conflicting Content-Length values %1 and %2</source>
        <translation>Content-Length 的值 %1 与 %2 互相矛盾</translation>
    </message>
    <message>
        <source>invalid chunk size %1 at the start of the body</source>
        <translation>响应体开头的分块大小 %1 无效</translation>
    </message>
    <message>
        <source>invalid chunk size %1 after %2</source>
        <translation>%2之后的分块大小 %1 无效</translation>
    </message>
    <message>
        <source>chunk size %1 at the start of the body is absurdly large</source>
        <translation>响应体开头的分块大小 %1 大得离谱</translation>
    </message>
    <message>
        <source>chunk size %1 after %2 is absurdly large</source>
        <translation>%2之后的分块大小 %1 大得离谱</translation>
    </message>
    <message>
        <source>malformed trailer line %1 after the last chunk (%2 before it)</source>
        <translation>最后一块之后的尾部字段行 %1 格式错误（之前有 %2）</translation>
    </message>
    <message>
        <source>the answer ends inside its status line %1</source>
        <translation>应答在状态行 %1 中途结束</translation>
    </message>
    <message>
        <source>the answer ends after an interim %1 response, before the final one</source>
        <translation>应答在临时响应 %1 之后、最终应答之前结束</translation>
    </message>
    <message>
        <source>the answer ends after %1 empty line bytes, before any status line</source>
        <translation>应答在 %1 个空行字节之后、任何状态行之前结束</translation>
    </message>
    <message>
        <source>the answer ends inside its header block, after %1 bytes of it</source>
        <translation>应答在响应头块中途结束（已收到 %1 字节）</translation>
    </message>
    <message>
        <source>the body ends after %1 of %2 bytes</source>
        <translation>响应体在 %2 字节中的第 %1 字节处结束</translation>
    </message>
    <message>
        <source>the chunked body ends after %1 without its last (0) chunk</source>
        <translation>分块响应体在%1之后结束，缺少最后的 (0) 块</translation>
    </message>
    <message>
        <source>the chunked body ends inside a chunk-size line %1 after %2</source>
        <translation>分块响应体在%2之后的分块大小行 %1 中途结束</translation>
    </message>
    <message>
        <source>the chunked body ends inside chunk %1, after %2 of its %3 bytes</source>
        <translation>分块响应体在第 %1 块中途结束（该块 %3 字节中已收到 %2 字节）</translation>
    </message>
    <message>
        <source>the chunked body ends after the data of chunk %1, before its CRLF</source>
        <translation>分块响应体在第 %1 块的数据之后、其 CRLF 之前结束</translation>
    </message>
    <message>
        <source>the chunked body ends after its last (0) chunk, without the empty line that ends the trailer section</source>
        <translation>分块响应体在最后的 (0) 块之后结束，缺少结束尾部字段的空行</translation>
    </message>
    <message>
        <source>%1 chunks</source>
        <translation>%1 个分块</translation>
    </message>
    <message>
        <source>1 chunk</source>
        <translation>1 个分块</translation>
    </message>
    <message>
        <source>%1: invalid data (%2)</source>
        <translation>%1：数据无效（%2）</translation>
    </message>
    <message>
        <source>the server used Content-Encoding &quot;%1&quot;, which was not asked for</source>
        <translation>服务器使用了未请求的 Content-Encoding“%1”</translation>
    </message>
    <message>
        <source>the server used Content-Encoding &quot;%1&quot;: %2 codings on one body, more than the %3 Fanout decodes</source>
        <translation>服务器使用了 Content-Encoding“%1”：一个响应体上有 %2 层编码，超过 Fanout 可解码的 %3 层</translation>
    </message>
    <message>
        <source>%1: the body ends before the compressed stream does (truncated)</source>
        <translation>%1：响应体在压缩流结束前就结束了（被截断）</translation>
    </message>
    <message>
        <source>%1: %2 bytes decoded from %3: it inflates more than %4x (decompression bomb?)</source>
        <translation>%1：由 %3 字节解码出 %2 字节：膨胀超过 %4 倍（解压炸弹？）</translation>
    </message>
    <message>
        <source>NXDOMAIN for %1 (no such name)</source>
        <translation>%1 的 NXDOMAIN（没有这个名称）</translation>
    </message>
    <message>
        <source>no address for %1 (the name exists, with no A or AAAA)</source>
        <translation>%1 没有地址（名称存在，但没有 A 或 AAAA 记录）</translation>
    </message>
    <message>
        <source>no address for %1</source>
        <translation>%1 没有地址</translation>
    </message>
    <message>
        <source>SERVFAIL for %1 (the server failed to answer)</source>
        <translation>%1 的 SERVFAIL（服务器未能应答）</translation>
    </message>
    <message>
        <source>REFUSED for %1 (the server refused to answer)</source>
        <translation>%1 的 REFUSED（服务器拒绝应答）</translation>
    </message>
    <message>
        <source>no answer for %1 within %2 s</source>
        <translation>%2 秒内没有 %1 的应答</translation>
    </message>
    <message>
        <source>could not reach a name server for %1</source>
        <translation>无法连接到解析 %1 的域名服务器</translation>
    </message>
    <message>
        <source>the resolver could not start: %1</source>
        <translation>解析器无法启动：%1</translation>
    </message>
</context>
<context>
    <name>Fanout::AppSettings</name>
    <message>
        <source>Exclude: %1</source>
        <translation>排除：%1</translation>
    </message>
    <message>
        <source>Include: %1</source>
        <translation>包含：%1</translation>
    </message>
    <message>
        <source>Accept: %1</source>
        <translation>接受：%1</translation>
    </message>
</context>
<context>
    <name>Fanout::CapSweepChart</name>
    <message>
        <source>Wall time vs cap</source>
        <translation>实际耗时与并发上限</translation>
    </message>
    <message>
        <source>wall time (%1)</source>
        <translation>实际耗时（%1）</translation>
    </message>
    <message>
        <source>concurrency cap (log scale)</source>
        <translation>并发上限（对数刻度）</translation>
    </message>
    <message>
        <source>concurrency cap</source>
        <translation>并发上限</translation>
    </message>
    <message>
        <source>cap %1 running… %2</source>
        <translation>上限 %1 运行中… %2</translation>
    </message>
    <message>
        <source>Press Run to check the current list at each cap, one run after the other.
Cap 1 is the real sequential measurement.</source>
        <translation>按“运行”以每个上限依次检查当前列表。
上限 1 是真实的顺序执行测量。</translation>
    </message>
    <message>
        <source>Wall time against concurrency cap</source>
        <translation>并发上限与总耗时</translation>
    </message>
    <message>
        <source>No caps measured yet.</source>
        <translation>尚未测量任何上限。</translation>
    </message>
    <message>
        <source>cap %1: %2%3</source>
        <translation>上限 %1：%2%3</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>measured: how long the whole list took</source>
        <translation>实测：整个列表所用的时间</translation>
    </message>
    <message>
        <source>best possible with these URL times (each URL starts as soon as a slot frees)</source>
        <translation>这些 URL 耗时下的最佳可能（每个 URL 在有空位时立即开始）</translation>
    </message>
    <message>
        <source>no cap can beat this: the slowest URL, or the total time shared by the cap</source>
        <translation>任何上限都无法更快：最慢的 URL，或总耗时按上限分摊</translation>
    </message>
</context>
<context>
    <name>Fanout::CapSweepModel</name>
    <message>
        <source>no caps given</source>
        <translation>未给出并发上限</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a cap or a range like 2-8</source>
        <translation>“%1”不是并发上限，也不是 2-8 这样的范围</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is outside 1-%2</source>
        <translation>“%1”超出 1-%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; would run more than 64 caps</source>
        <translation>“%1”会运行超过 64 个并发上限</translation>
    </message>
    <message>
        <source>more than 64 caps</source>
        <translation>并发上限超过 64 个</translation>
    </message>
    <message>
        <source>fastest at cap %1 (%2)</source>
        <translation>上限 %1 最快（%2）</translation>
    </message>
    <message>
        <source>caps %1 and %2 tie at %3 (within %4 of each other)</source>
        <translation>上限 %1 与 %2 持平，均为 %3（相差不超过 %4）</translation>
    </message>
</context>
<context>
    <name>Fanout::CapSweepRunner</name>
    <message>
        <source>a cap comparison is already running</source>
        <translation>已有一个并发上限对比在运行</translation>
    </message>
    <message>
        <source>the list has no URLs to check</source>
        <translation>列表中没有要检查的 URL</translation>
    </message>
    <message>
        <source>no caps to run</source>
        <translation>没有要运行的并发上限</translation>
    </message>
    <message>
        <source>sweep sequential</source>
        <translation>对比：逐个</translation>
    </message>
    <message>
        <source>sweep cap %1</source>
        <translation>对比：上限 %1</translation>
    </message>
</context>
<context>
    <name>Fanout::CapSweepView</name>
    <message>
        <source>Caps 1, 2, 4, … up to</source>
        <translation>上限 1、2、4、… 直到</translation>
    </message>
    <message>
        <source>Custom caps</source>
        <translation>自定义上限</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Largest cap to run</source>
        <translation>要运行的最大上限</translation>
    </message>
    <message>
        <source>e.g. 1, 3, 5, 10-12</source>
        <translation>例如 1, 3, 5, 10-12</translation>
    </message>
    <message>
        <source>Check the current list once per cap, one run after the other</source>
        <translation>按每个上限各检查一次当前列表，依次运行</translation>
    </message>
    <message>
        <source>Caps: %1</source>
        <translation>上限：%1</translation>
    </message>
    <message>
        <source>Starting caps %1…</source>
        <translation>正在启动上限 %1…</translation>
    </message>
    <message>
        <source>Runs the table&apos;s list at each cap on a separate checker; results go to the run history.</source>
        <translation>用独立的检查器以每个上限运行表格中的列表；结果记入运行历史。</translation>
    </message>
</context>
<context>
    <name>Fanout::Chart</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
</context>
<context>
    <name>Fanout::CommandLine</name>
    <message>
        <source>Checks many URLs at once and shows each one&apos;s status, title and time as it arrives.</source>
        <translation>同时检查大量 URL，实时显示每个 URL 的状态、标题和耗时。</translation>
    </message>
    <message>
        <source>Start checking the loaded list at once.</source>
        <translation>立即开始检查已载入的列表。</translation>
    </message>
    <message>
        <source>Check up to &lt;n&gt; URLs at once (1-1000).</source>
        <translation>同时最多检查 &lt;n&gt; 个 URL（1-1000）。</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Run the offline demo against a local test server.</source>
        <translation>使用本地测试服务器运行离线演示。</translation>
    </message>
    <message>
        <source>files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>URL lists to load (.txt, .csv, .tsv).</source>
        <translation>要载入的 URL 列表（.txt、.csv、.tsv）。</translation>
    </message>
    <message>
        <source>[FILE…]</source>
        <translation>[文件…]</translation>
    </message>
    <message>
        <source>fanout: --concurrency needs a number from 1 to 1000, got &quot;%1&quot;</source>
        <translation>fanout：--concurrency 需要 1 到 1000 之间的数字，收到的是“%1”</translation>
    </message>
    <message>
        <source>The file descriptor limit is %1 (ulimit -n): at most %2 URLs are checked at once.</source>
        <translation>文件描述符上限为 %1（ulimit -n）：最多同时检查 %2 个 URL。</translation>
    </message>
</context>
<context>
    <name>Fanout::CompareRunsDialog</name>
    <message>
        <source>Compare Runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Older run:</source>
        <translation>较早的运行：</translation>
    </message>
    <message>
        <source>Newer run:</source>
        <translation>较新的运行：</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Pick two runs of a list.</source>
        <translation>请选择同一列表的两次运行。</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>无法比较：%1</translation>
    </message>
    <message>
        <source>The first %1 changes are listed.</source>
        <translation>仅列出前 %1 项变化。</translation>
    </message>
</context>
<context>
    <name>Fanout::DemoController</name>
    <message>
        <source>Demo:</source>
        <translation>演示：</translation>
    </message>
    <message>
        <source>One at a time, then at once</source>
        <translation>先逐个，再同时</translation>
    </message>
    <message>
        <source>Run the demo list at cap 1, then concurrently, and compare the two</source>
        <translation>先以上限 1 运行演示列表，再并发运行，并对比两者</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <source>Load the demo list into the table and run it yourself</source>
        <translation>将演示列表载入表格，由您自己运行</translation>
    </message>
    <message>
        <source>5 requests × 1 s</source>
        <translation>5 个请求 × 1 秒</translation>
    </message>
    <message>
        <source>Five requests that each take a second: about 5 s one after another, about 1 s at once.</source>
        <translation>五个各需 1 秒的请求：逐个约 5 秒，同时约 1 秒。</translation>
    </message>
    <message>
        <source>Tasks A 2 s, B 1 s, C 3 s</source>
        <translation>任务 A 2 秒、B 1 秒、C 3 秒</translation>
    </message>
    <message>
        <source>Three tasks: 6 s one after another, 3 s (the longest) concurrently.</source>
        <translation>三个任务：逐个 6 秒，并发 3 秒（即最长的那个）。</translation>
    </message>
    <message>
        <source>10 pages at cap 3</source>
        <translation>10 个页面，上限 3</translation>
    </message>
    <message>
        <source>Ten 500 ms pages, at most 3 at a time: 5 s one after another, 4 waves (2 s) at cap 3.</source>
        <translation>十个 500 毫秒的页面，每次最多 3 个：逐个 5 秒，上限 3 时分 4 批（2 秒）。</translation>
    </message>
    <message>
        <source>100 mixed URLs</source>
        <translation>100 个混合 URL</translation>
    </message>
    <message>
        <source>100 URLs of mixed delays on 3 hosts, with 404s, a redirect chain, a timeout (3 s) and a GBK page.</source>
        <translation>3 台主机上延迟各异的 100 个 URL，含 404、一条重定向链、一个超时（3 秒）和一个 GBK 页面。</translation>
    </message>
    <message>
        <source>Demo stopped: another list was loaded.</source>
        <translation>演示已停止：载入了另一个列表。</translation>
    </message>
    <message>
        <source>The demo&apos;s local server could not start: %1</source>
        <translation>演示用的本地服务器无法启动：%1</translation>
    </message>
    <message>
        <source>Demo: %1</source>
        <translation>演示：%1</translation>
    </message>
    <message>
        <source>Demo cancelled.</source>
        <translation>演示已取消。</translation>
    </message>
    <message>
        <source>%1: one at a time (cap 1)…</source>
        <translation>%1：逐个运行（上限 1）…</translation>
    </message>
    <message>
        <source>%1: concurrently (cap %2)…</source>
        <translation>%1：并发运行（上限 %2）…</translation>
    </message>
    <message>
        <source>Demo: running “%1” one at a time…</source>
        <translation>演示：正在逐个运行“%1”…</translation>
    </message>
    <message>
        <source>Demo: running “%1” at cap %2…</source>
        <translation>演示：正在以上限 %2 运行“%1”…</translation>
    </message>
    <message>
        <source>Demo stopped.</source>
        <translation>演示已停止。</translation>
    </message>
    <message>
        <source>Demo “%1”: %2 one at a time, %3 at cap %4 — %5 faster.</source>
        <translation>演示“%1”：逐个检查 %2，上限 %4 时并发 %3 —— 快 %5。</translation>
    </message>
</context>
<context>
    <name>Fanout::DetailsPane</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Select a row to see its redirect chain, timings and headers.</source>
        <translation>选择一行以查看其重定向链、耗时和响应头。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Redirect chain</source>
        <translation>重定向链</translation>
    </message>
    <message>
        <source>Final URL:</source>
        <translation>最终 URL：</translation>
    </message>
    <message>
        <source>Connection opened</source>
        <translation>建立连接</translation>
    </message>
    <message>
        <source>reused</source>
        <translation>复用</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>请求已发送</translation>
    </message>
    <message>
        <source>Headers received</source>
        <translation>收到的响应头</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>出现位置</translation>
    </message>
    <message>
        <source>Earlier checks</source>
        <translation>之前的检查</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态</translation>
    </message>
    <message>
        <source>Timings (started %1 into the run)</source>
        <translation>耗时（开始于运行后 %1）</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>Fanout::HistoryChart</name>
    <message>
        <source>wall time</source>
        <translation>实际耗时</translation>
    </message>
    <message>
        <source>one at a time (sum of URL times)</source>
        <translation>逐个（各 URL 耗时之和）</translation>
    </message>
    <message>
        <source>Runs compared</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>time (%1)</source>
        <translation>时间（%1）</translation>
    </message>
    <message>
        <source>No runs recorded yet. Every finished run appears here; select runs in the table to compare them.</source>
        <translation>还没有记录的运行。每次完成的运行都会显示在这里；在表格中选择多次运行即可进行对比。</translation>
    </message>
    <message>
        <source>No runs selected.</source>
        <translation>未选择任何运行。</translation>
    </message>
    <message>
        <source>%1 (%2): %3, one at a time %4</source>
        <translation>%1（%2）：%3，逐个检查 %4</translation>
    </message>
</context>
<context>
    <name>Fanout::HistoryTableModel</name>
    <message>
        <source> (cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>%1 — %2
%3 URLs at cap %4: wall %5, one at a time %6 (%7)
%8 OK, %9 failed</source>
        <translation>%1 — %2
%3 个 URL，上限 %4：实际耗时 %5，逐个 %6（%7）
%8 个成功，%9 个失败</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>URLs</source>
        <translation>URL 数</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>实际耗时</translation>
    </message>
    <message>
        <source>One at a time</source>
        <translation>逐个</translation>
    </message>
    <message>
        <source>Speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>Fanout::HistoryView</name>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Compare caps…</source>
        <translation>对比并发上限…</translation>
    </message>
    <message>
        <source>Save the whole run history as a spreadsheet-safe CSV file</source>
        <translation>将全部运行历史保存为可安全用于电子表格的 CSV 文件</translation>
    </message>
    <message>
        <source>Run the current list at caps 1, 2, 4, … and plot wall time against cap</source>
        <translation>以上限 1、2、4、… 运行当前列表，并绘制实际耗时随上限的变化</translation>
    </message>
    <message>
        <source>Select runs (Ctrl/Shift-click) to compare them.</source>
        <translation>选择多次运行（Ctrl/Shift 单击）进行对比。</translation>
    </message>
</context>
<context>
    <name>Fanout::LatencyHistogramView</name>
    <message>
        <source>Latency per URL</source>
        <translation>每个 URL 的延迟</translation>
    </message>
    <message>
        <source>No finished URLs yet.</source>
        <translation>尚无已完成的 URL。</translation>
    </message>
    <message>
        <source>duration (%1) · bars of %2</source>
        <translation>耗时（%1）· 每柱 %2</translation>
    </message>
    <message>
        <source>URLs per bar ↑</source>
        <translation>每柱 URL 数 ↑</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>%L1 URLs · min %2 · mean %3 · p50 %4 · p90 %5 · p99 %6 · max %7</source>
        <translation>%L1 个 URL · 最小 %2 · 平均 %3 · p50 %4 · p90 %5 · p99 %6 · 最大 %7</translation>
    </message>
    <message>
        <source>%L1 URLs: min %2, median %3, p90 %4, p99 %5, max %6.</source>
        <translation>%L1 个 URL：最小 %2，中位数 %3，p90 %4，p99 %5，最大 %6。</translation>
    </message>
</context>
<context>
    <name>Fanout::MainWindow</name>
    <message>
        <source>&amp;Open List…</source>
        <translation>打开列表(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a list of URLs (.txt, .csv, .tsv)</source>
        <translation>打开 URL 列表（.txt、.csv、.tsv）</translation>
    </message>
    <message>
        <source>Open URL List</source>
        <translation>打开 URL 列表</translation>
    </message>
    <message>
        <source>&amp;Paste URLs as List</source>
        <translation>粘贴 URL 作为列表(&amp;P)</translation>
    </message>
    <message>
        <source>Replace the list with the URLs on the clipboard</source>
        <translation>用剪贴板中的 URL 替换当前列表</translation>
    </message>
    <message>
        <source>&amp;Export All Rows…</source>
        <translation>导出全部行(&amp;E)…</translation>
    </message>
    <message>
        <source>Export Fil&amp;tered Rows…</source>
        <translation>导出筛选后的行(&amp;T)…</translation>
    </message>
    <message>
        <source>Save only the rows the filter shows, in table order</source>
        <translation>只保存筛选器显示的行，按表格顺序</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close Fanout</source>
        <translation>关闭 Fanout</translation>
    </message>
    <message>
        <source>&amp;Copy Rows</source>
        <translation>复制行(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>将所选行复制为制表符分隔的文本</translation>
    </message>
    <message>
        <source>Copy &amp;URL</source>
        <translation>复制 URL(&amp;U)</translation>
    </message>
    <message>
        <source>Copy the selected URLs, one per line</source>
        <translation>复制所选 URL，每行一个</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Search the rows</source>
        <translation>搜索各行</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>Remove the list and its results</source>
        <translation>移除列表及其结果</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Check every URL of the list</source>
        <translation>检查列表中的每个 URL</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause: no new request starts, those in flight finish</source>
        <translation>暂停：不再发起新请求，进行中的请求会完成</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop: requests in flight are cancelled and reported</source>
        <translation>停止：取消进行中的请求并记录结果</translation>
    </message>
    <message>
        <source>Re-check &amp;Failed</source>
        <translation>重新检查失败项(&amp;F)</translation>
    </message>
    <message>
        <source>Check again every URL that failed</source>
        <translation>重新检查所有失败的 URL</translation>
    </message>
    <message>
        <source>Re-check Se&amp;lected</source>
        <translation>重新检查所选项(&amp;L)</translation>
    </message>
    <message>
        <source>Check the selected URLs again</source>
        <translation>重新检查所选的 URL</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <source>Open the selected URL in the web browser</source>
        <translation>在网页浏览器中打开所选 URL</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Timeout, retries, method, headers, language</source>
        <translation>超时、重试、请求方法、请求头、语言</translation>
    </message>
    <message>
        <source>&amp;More at Once</source>
        <translation>增加并发(&amp;M)</translation>
    </message>
    <message>
        <source>Double the number of URLs checked at once</source>
        <translation>将同时检查的 URL 数量加倍</translation>
    </message>
    <message>
        <source>Fe&amp;wer at Once</source>
        <translation>减少并发(&amp;W)</translation>
    </message>
    <message>
        <source>Halve the number of URLs checked at once</source>
        <translation>将同时检查的 URL 数量减半</translation>
    </message>
    <message>
        <source>Set &amp;Concurrency…</source>
        <translation>设置并发数(&amp;C)…</translation>
    </message>
    <message>
        <source>Type how many URLs to check at once</source>
        <translation>输入同时检查的 URL 数量</translation>
    </message>
    <message>
        <source>URL &amp;List Pane</source>
        <translation>URL 列表面板(&amp;L)</translation>
    </message>
    <message>
        <source>Show or hide the URL list pane</source>
        <translation>显示或隐藏 URL 列表面板</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <source>Show the selected row&apos;s redirect chain, timings and headers</source>
        <translation>显示所选行的重定向链、耗时和响应头</translation>
    </message>
    <message>
        <source>&amp;Timing View</source>
        <translation>耗时视图(&amp;T)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show the waterfall and timing charts</source>
        <translation>显示瀑布图和耗时图表</translation>
    </message>
    <message>
        <source>Run &amp;Demo</source>
        <translation>运行演示(&amp;D)</translation>
    </message>
    <message>
        <source>Check a built-in list against a local test server, one at a time and then at once</source>
        <translation>使用本地测试服务器检查内置列表：先逐个检查，再同时检查</translation>
    </message>
    <message>
        <source>&amp;About Fanout</source>
        <translation>关于 Fanout(&amp;A)</translation>
    </message>
    <message>
        <source>About Fanout</source>
        <translation>关于 Fanout</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>At &amp;once:</source>
        <translation>并发数(&amp;O)：</translation>
    </message>
    <message>
        <source>How many URLs are checked at the same time (1–1000); applied at once, also during a run (Ctrl++ / Ctrl+-)</source>
        <translation>同时检查的 URL 数量（1–1000）；立即生效，运行中也可调整（Ctrl++ / Ctrl+-）</translation>
    </message>
    <message>
        <source>Show every row</source>
        <translation>显示所有行</translation>
    </message>
    <message>
        <source>Rows that answered below 400 without error</source>
        <translation>响应状态低于 400 且无错误的行</translation>
    </message>
    <message>
        <source>Rows that went through at least one redirect</source>
        <translation>至少经过一次重定向的行</translation>
    </message>
    <message>
        <source>Rows whose final status is 400–499</source>
        <translation>最终状态码为 400–499 的行</translation>
    </message>
    <message>
        <source>Rows whose final status is 500–599</source>
        <translation>最终状态码为 500–599 的行</translation>
    </message>
    <message>
        <source>Search URL, title, status, error… (Ctrl+F)</source>
        <translation>搜索 URL、标题、状态、错误…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Shows only rows containing this text (case-insensitive)</source>
        <translation>只显示包含此文本的行（不区分大小写）</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Timing</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>The selected row&apos;s redirect chain, timings and headers (Ctrl+D)</source>
        <translation>所选行的重定向链、耗时和响应头（Ctrl+D）</translation>
    </message>
    <message>
        <source>Waterfall, sequential vs concurrent, latency and run history (Ctrl+T)</source>
        <translation>瀑布图、顺序与并发对比、延迟和运行历史（Ctrl+T）</translation>
    </message>
    <message>
        <source>Progress of the current run</source>
        <translation>当前运行的进度</translation>
    </message>
    <message>
        <source>URLs finished / URLs in this run</source>
        <translation>已完成的 URL / 本次运行的 URL</translation>
    </message>
    <message>
        <source>Rows with HTTP 400 or above, or an error</source>
        <translation>HTTP 状态码 400 及以上或出错的行</translation>
    </message>
    <message>
        <source>URLs finished per second over the last few seconds</source>
        <translation>最近几秒内每秒完成的 URL 数</translation>
    </message>
    <message>
        <source>Estimated time to finish at the current rate</source>
        <translation>按当前速度预计的剩余时间</translation>
    </message>
    <message>
        <source>Total elapsed time of the run (frozen when it ends)</source>
        <translation>本次运行的总耗时（结束时定格）</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>清除最近文件(&amp;C)</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Resume the run (F6)</source>
        <translation>继续运行（F6）</translation>
    </message>
    <message>
        <source>Pause: no new request starts, those in flight finish (F6)</source>
        <translation>暂停：不再发起新请求，进行中的请求会完成（F6）</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>No list</source>
        <translation>无列表</translation>
    </message>
    <message>
        <source>%1 / %2 done</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1e8e3e&quot;&gt;●&lt;/span&gt; %1 OK</source>
        <translation>&lt;span style=&quot;color:#1e8e3e&quot;&gt;●&lt;/span&gt; %1 成功</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#d93025&quot;&gt;●&lt;/span&gt; %1 failed</source>
        <translation>&lt;span style=&quot;color:#d93025&quot;&gt;●&lt;/span&gt; %1 失败</translation>
    </message>
    <message>
        <source>%1 URL/s</source>
        <translation>%1 个 URL/秒</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>ETA —</source>
        <translation>剩余 —</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>耗时 %1</translation>
    </message>
    <message>
        <source>Fanout</source>
        <translation>Fanout</translation>
    </message>
    <message>
        <source>Paused %1</source>
        <translation>已暂停 %1</translation>
    </message>
    <message>
        <source>Stopped %1</source>
        <translation>已停止 %1</translation>
    </message>
    <message>
        <source>All %1</source>
        <translation>全部 %1</translation>
    </message>
    <message>
        <source>OK %1</source>
        <translation>成功 %1</translation>
    </message>
    <message>
        <source>Redirected %1</source>
        <translation>重定向 %1</translation>
    </message>
    <message>
        <source>4xx %1</source>
        <translation>4xx %1</translation>
    </message>
    <message>
        <source>5xx %1</source>
        <translation>5xx %1</translation>
    </message>
    <message>
        <source>Errors %1</source>
        <translation>错误 %1</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <source>Run in progress</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>Stop the run (Esc) before loading another list.</source>
        <translation>请先停止运行（Esc），再载入其他列表。</translation>
    </message>
    <message>
        <source>Nothing was loaded; the current list is unchanged.

%1</source>
        <translation>未载入任何内容，当前列表保持不变。

%1</translation>
    </message>
    <message>
        <source>Some files could not be loaded:

%1</source>
        <translation>部分文件无法载入：

%1</translation>
    </message>
    <message>
        <source>Cannot Open List</source>
        <translation>无法打开列表</translation>
    </message>
    <message numerus="yes">
        <source>%1 + %n more</source>
        <translation>
            <numerusform>%1 等 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Loaded %1: %2</source>
        <translation>已载入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot Use the Text</source>
        <translation>无法使用此文本</translation>
    </message>
    <message>
        <source>Pasted list</source>
        <translation>粘贴的列表</translation>
    </message>
    <message>
        <source>Nothing to Paste</source>
        <translation>没有可粘贴的内容</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>剪贴板中没有文本。</translation>
    </message>
    <message>
        <source>Now checking up to %1 URLs at once</source>
        <translation>现在同时最多检查 %1 个 URL</translation>
    </message>
    <message>
        <source>The new language applies after Fanout is restarted.</source>
        <translation>新语言将在 Fanout 重新启动后生效。</translation>
    </message>
    <message>
        <source>The per-host limit applies now; the other settings apply from the next run.</source>
        <translation>每主机上限已立即生效；其他设置从下一次运行开始生效。</translation>
    </message>
    <message>
        <source>Nothing to Check</source>
        <translation>没有可检查的内容</translation>
    </message>
    <message>
        <source>Load a list first: File → Open (Ctrl+O), paste URLs into the box, or drop a file on the window.</source>
        <translation>请先载入列表：文件 → 打开（Ctrl+O），将 URL 粘贴到输入框，或将文件拖放到窗口中。</translation>
    </message>
    <message>
        <source>No failed URLs to check again.</source>
        <translation>没有需要重新检查的失败 URL。</translation>
    </message>
    <message>
        <source>Cannot Start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>The checker is still busy with the previous run.</source>
        <translation>检查器仍在处理上一次运行。</translation>
    </message>
    <message>
        <source>Stopping: cancelling requests in flight…</source>
        <translation>正在停止：取消进行中的请求…</translation>
    </message>
    <message>
        <source>Finished in %1: %2 OK, %3 failed</source>
        <translation>用时 %1 完成：%2 个成功，%3 个失败</translation>
    </message>
    <message>
        <source>Export Filtered Rows</source>
        <translation>导出筛选后的行</translation>
    </message>
    <message>
        <source>Export All Rows</source>
        <translation>导出全部行</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not open a web browser.</source>
        <translation>无法打开网页浏览器。</translation>
    </message>
    <message>
        <source>Dropped text</source>
        <translation>拖放的文本</translation>
    </message>
    <message>
        <source>Run Not Saved</source>
        <translation>运行未保存</translation>
    </message>
    <message>
        <source>Writing the run file failed, so the rest of this run will not be kept:
%1</source>
        <translation>写入运行文件失败，本次运行的其余部分将不会保留：
%1</translation>
    </message>
    <message>
        <source>%1 asked to slow down (%2): its URLs wait %3 s</source>
        <translation>%1 要求放慢速度（%2）：其 URL 等待 %3 秒</translation>
    </message>
    <message>
        <source>%1 failed %2 times in a row: its remaining URLs are skipped</source>
        <translation>%1 连续失败 %2 次：其余 URL 将被跳过</translation>
    </message>
    <message>
        <source>Reading the links of %1…</source>
        <translation>正在读取 %1 中的链接…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n document(s), %2 distinct links, %3 repeats, %4 not http(s)</source>
        <translation>
            <numerusform>%1：%n 个文档，%2 个不同链接，%3 个重复，%4 个非 http(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot Open Sitemap</source>
        <translation>无法打开站点地图</translation>
    </message>
    <message>
        <source>Reading sitemap %1…</source>
        <translation>正在读取站点地图 %1…</translation>
    </message>
    <message>
        <source>Sitemaps read: %1</source>
        <translation>已读取的站点地图：%1</translation>
    </message>
    <message>
        <source>load another list</source>
        <translation>载入其他列表</translation>
    </message>
    <message>
        <source>Loaded %1 with the rules of %2</source>
        <translation>已载入 %1，使用 %2 中的规则</translation>
    </message>
    <message>
        <source>The list&apos;s new rules apply when it is loaded again.</source>
        <translation>列表的新规则将在重新载入时生效。</translation>
    </message>
    <message>
        <source>Reading the sitemap; press Start when its pages are listed.</source>
        <translation>正在读取站点地图；页面列出后请按“开始”。</translation>
    </message>
    <message>
        <source>Every URL of this run is checked already.</source>
        <translation>本次运行的所有 URL 都已检查过。</translation>
    </message>
    <message>
        <source>URL lists (*.txt *.csv *.tsv *.list);;Documents (*.html *.htm *.xhtml *.md *.markdown);;All files (*)</source>
        <translation>URL 列表 (*.txt *.csv *.tsv *.list);;文档 (*.html *.htm *.xhtml *.md *.markdown);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Check the links of every .html and .md document in a folder and below</source>
        <translation>检查文件夹及其子文件夹中每个 .html 和 .md 文档里的链接</translation>
    </message>
    <message>
        <source>Open Folder of Documents</source>
        <translation>打开文档文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Sitemap…</source>
        <translation>打开站点地图(&amp;S)…</translation>
    </message>
    <message>
        <source>Check every page of a sitemap file (.xml, .xml.gz; indexes followed)</source>
        <translation>检查站点地图文件（.xml、.xml.gz；会跟随索引）中的每个页面</translation>
    </message>
    <message>
        <source>Open Sitemap</source>
        <translation>打开站点地图</translation>
    </message>
    <message>
        <source>Sitemaps (*.xml *.xml.gz *.gz);;All files (*)</source>
        <translation>站点地图 (*.xml *.xml.gz *.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Check every page of a sitemap on the web (indexes followed)</source>
        <translation>检查网上某个站点地图（会跟随索引）中的每个页面</translation>
    </message>
    <message>
        <source>Open Sitemap URL</source>
        <translation>打开站点地图 URL</translation>
    </message>
    <message>
        <source>Sitemap URL:</source>
        <translation>站点地图 URL：</translation>
    </message>
    <message>
        <source>Open R&amp;un…</source>
        <translation>打开运行(&amp;U)…</translation>
    </message>
    <message>
        <source>Reopen a saved run (.fanout): its table, timings and history as they were</source>
        <translation>重新打开已保存的运行（.fanout）：表格、计时和历史均保持原样</translation>
    </message>
    <message>
        <source>Open Run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>Fanout runs (*.fanout);;All files (*)</source>
        <translation>Fanout 运行 (*.fanout);;所有文件 (*)</translation>
    </message>
    <message>
        <source>open another run</source>
        <translation>打开其他运行</translation>
    </message>
    <message>
        <source>Save Run &amp;As…</source>
        <translation>运行另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Keep this run&apos;s file under a name and folder of your choice</source>
        <translation>以您选择的名称和文件夹保存本次运行的文件</translation>
    </message>
    <message>
        <source>&amp;Compare Runs…</source>
        <translation>比较运行(&amp;C)…</translation>
    </message>
    <message>
        <source>What changed per URL between two runs: new failures, fixes, status changes</source>
        <translation>两次运行之间每个 URL 的变化：新的失败、已修复、状态变化</translation>
    </message>
    <message>
        <source>Save Run As</source>
        <translation>运行另存为</translation>
    </message>
    <message>
        <source>Fanout runs (*.fanout)</source>
        <translation>Fanout 运行 (*.fanout)</translation>
    </message>
    <message>
        <source>Cannot Save Run</source>
        <translation>无法保存运行</translation>
    </message>
    <message>
        <source>clear the table</source>
        <translation>清空表格</translation>
    </message>
    <message>
        <source>This run cannot be written to %1, so it will be lost when Fanout closes:
%2</source>
        <translation>本次运行无法写入 %1，关闭 Fanout 后将会丢失：
%2</translation>
    </message>
    <message>
        <source>Stop the run (Esc) before opening another.</source>
        <translation>请先停止运行（Esc），再打开其他运行。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Cannot Open Run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <source>Opened %1: %2 of %3 checked</source>
        <translation>已打开 %1：已检查 %2/%3</translation>
    </message>
    <message>
        <source>Stop the run before saving it under another name.</source>
        <translation>请先停止运行，再以其他名称保存。</translation>
    </message>
    <message>
        <source>There is no run to save yet: start a run first.</source>
        <translation>还没有可保存的运行：请先开始一次运行。</translation>
    </message>
    <message>
        <source>Cannot save the run as %1: %2</source>
        <translation>无法将运行保存为 %1：%2</translation>
    </message>
    <message>
        <source>Saved the run as %1</source>
        <translation>已将运行保存为 %1</translation>
    </message>
    <message>
        <source>Fanout was closed while checking %1 (%2 of %3 URLs checked, started %4).

Resume the run? The URLs already checked are not requested again.</source>
        <translation>Fanout 在检查 %1 时被关闭（已检查 %2/%3 个 URL，开始于 %4）。

要继续这次运行吗？已检查过的 URL 不会再次请求。</translation>
    </message>
    <message>
        <source>Resume Interrupted Run?</source>
        <translation>继续中断的运行？</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Open Without Resuming</source>
        <translation>打开但不继续</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Stop the run (Esc) before you %1.</source>
        <translation>请先停止运行（Esc），再%1。</translation>
    </message>
    <message>
        <source>Results Not Exported</source>
        <translation>结果未导出</translation>
    </message>
    <message>
        <source>The results of this run have not been exported. They stay in File → Recent Runs, where you can reopen and export them later.

Continue and %1?</source>
        <translation>本次运行的结果尚未导出。它们保留在“文件 → 最近的运行”中，之后可以重新打开并导出。

是否继续并%1？</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有运行</translation>
    </message>
    <message>
        <source>Run in Progress</source>
        <translation>运行进行中</translation>
    </message>
    <message>
        <source>%1 of %2 URLs are checked. Stop the run and quit? The run is kept: File → Recent Runs reopens it and Start resumes it.</source>
        <translation>已检查 %1/%2 个 URL。要停止运行并退出吗？运行会被保留：可通过“文件 → 最近的运行”重新打开，按“开始”继续。</translation>
    </message>
    <message>
        <source>%1 / %2 done · %3 cancelled</source>
        <translation>已完成 %1 / %2 · 已取消 %3</translation>
    </message>
    <message>
        <source>Cancelled %1</source>
        <translation>已取消 %1</translation>
    </message>
    <message>
        <source>Checks a stop ended before an answer: neither OK nor failed</source>
        <translation>停止时尚未得到应答的检查：既不算成功也不算失败</translation>
    </message>
    <message>
        <source>Stop the Run?</source>
        <translation>停止运行？</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Keep Running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>The results of this run have not been exported. They stay in File → Recent Runs, where you can reopen and export them later.

Quit now?</source>
        <translation>本次运行的结果尚未导出。它们保留在“文件 → 最近的运行”中，之后可以重新打开并导出。

现在退出吗？</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Timeouts, connection and TLS errors, invalid lines</source>
        <translation>超时、连接与 TLS 错误、无效行</translation>
    </message>
    <message>
        <source>Stopped after %1: %2 OK, %3 failed, %4 cancelled</source>
        <translation>在 %1 后停止：%2 个成功，%3 个失败，%4 个已取消</translation>
    </message>
    <message>
        <source>%1 of %2 URLs are not checked yet. Stopping cancels them and the requests in flight; what is checked stays in the run file.</source>
        <translation>%2 个 URL 中还有 %1 个未检查。停止会取消它们以及正在进行的请求；已检查的结果保留在运行文件中。</translation>
    </message>
    <message>
        <source>Keys and Columns</source>
        <translation>按键与列</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Stop the run, when the table or the toolbar has focus (a large run asks first)</source>
        <translation>停止运行（表格或工具栏有焦点时；大型运行会先询问）</translation>
    </message>
    <message>
        <source>Esc in the search field</source>
        <translation>在搜索框中按 Esc</translation>
    </message>
    <message>
        <source>Clear the search; again: back to the table</source>
        <translation>清除搜索；再按一次：回到表格</translation>
    </message>
    <message>
        <source>Ctrl+Enter in the URL box</source>
        <translation>在 URL 框中按 Ctrl+Enter</translation>
    </message>
    <message>
        <source>Load the box into the table (to review it)</source>
        <translation>把框中内容载入表格（先查看）</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Enter in the URL box</source>
        <translation>在 URL 框中按 Ctrl+Shift+Enter</translation>
    </message>
    <message>
        <source>Load the box and start checking it</source>
        <translation>载入框中内容并开始检查</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab、Shift+Tab</translation>
    </message>
    <message>
        <source>Next or previous part of the window (the table is one stop)</source>
        <translation>窗口的下一个或上一个部分（表格只占一步）</translation>
    </message>
    <message>
        <source>Arrows, Page Up/Down</source>
        <translation>方向键、Page Up/Down</translation>
    </message>
    <message>
        <source>Move in the table; the details pane follows the current row</source>
        <translation>在表格中移动；详情窗格跟随当前行</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Position in the list</source>
        <translation>在列表中的位置</translation>
    </message>
    <message>
        <source>The URL as checked</source>
        <translation>所检查的 URL</translation>
    </message>
    <message>
        <source>Queued, checking, done, or cancelled by a stop</source>
        <translation>排队中、检查中、完成，或因停止而取消</translation>
    </message>
    <message>
        <source>HTTP status of the final answer, or the kind of error</source>
        <translation>最终响应的 HTTP 状态，或错误的种类</translation>
    </message>
    <message>
        <source>The page&apos;s &lt;title&gt;</source>
        <translation>页面的 &lt;title&gt;</translation>
    </message>
    <message>
        <source>Time from the request&apos;s start to its end; the bar is scaled to the slowest URL</source>
        <translation>从请求开始到结束的时间；条形按最慢的 URL 缩放</translation>
    </message>
    <message>
        <source>Body bytes received</source>
        <translation>收到的正文字节数</translation>
    </message>
    <message>
        <source>The answer&apos;s Content-Type</source>
        <translation>响应的 Content-Type</translation>
    </message>
    <message>
        <source>Where the redirects ended, when not the URL itself</source>
        <translation>重定向的终点（与 URL 本身不同时）</translation>
    </message>
    <message>
        <source>Redirects followed</source>
        <translation>跟随的重定向次数</translation>
    </message>
    <message>
        <source>Attempts made, retries included</source>
        <translation>尝试次数（含重试）</translation>
    </message>
    <message>
        <source>What went wrong; also excluded, skipped, accepted and cancelled notes</source>
        <translation>出了什么问题；也包括排除、跳过、接受和取消的说明</translation>
    </message>
    <message>
        <source>A cancelled URL was not checked: it counts neither as OK nor as failed, nor in done, URL/s or the speed-up.</source>
        <translation>已取消的 URL 没有被检查：它既不算成功也不算失败，也不计入完成数、URL/秒或加速比。</translation>
    </message>
    <message>
        <source>Open Sitemap UR&amp;L…</source>
        <translation>打开站点地图 URL(&amp;L)…</translation>
    </message>
    <message>
        <source>Save every row as CSV or JSON Lines, in the table&apos;s sort order</source>
        <translation>把每一行按表格的排序保存为 CSV 或 JSON Lines</translation>
    </message>
    <message>
        <source>&amp;Keys and Columns</source>
        <translation>按键与列(&amp;K)</translation>
    </message>
    <message>
        <source>Every key of the window and what each column of the table means</source>
        <translation>窗口的所有按键以及表格每一列的含义</translation>
    </message>
    <message>
        <source>Version and licence status</source>
        <translation>版本与许可状态</translation>
    </message>
    <message>
        <source>Fanout %1

Checks many URLs at once and shows each one&apos;s status, title and time as it arrives.

Built with Qt %2.

Licence: no licence file comes with this copy of Fanout, so there is no licence text to show.</source>
        <translation>Fanout %1

同时检查许多 URL，并在结果到达时显示每个 URL 的状态、标题和耗时。

使用 Qt %2 构建。

许可：这份 Fanout 没有附带许可文件，因此没有可显示的许可文本。</translation>
    </message>
    <message>
        <source>Recent Ru&amp;ns</source>
        <translation>最近的运行(&amp;N)</translation>
    </message>
    <message>
        <source>ETA ≤ %1</source>
        <translation>预计剩余 ≤ %1</translation>
    </message>
    <message>
        <source>Exported 1 row to %1</source>
        <translation>已导出 1 行到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n rows to %1</source>
        <translation>
            <numerusform>已导出 %n 行到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop and Quit</source>
        <translation>停止并退出</translation>
    </message>
    <message>
        <source>Reading the sitemap; its pages are checked once listed.</source>
        <translation>正在读取站点地图；页面列出后即开始检查。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Still reading; press Start once the list is shown.</source>
        <translation>仍在读取；列表显示后再按“开始”。</translation>
    </message>
</context>
<context>
    <name>Fanout::OriginServer</name>
    <message>
        <source>Host count must be from 1 to 254 (127.0.0.1 .. 127.0.0.254), not %1.</source>
        <translation>主机数量必须在 1 到 254 之间（127.0.0.1 .. 127.0.0.254），而不是 %1。</translation>
    </message>
    <message>
        <source>The TLS configuration has no certificate or no private key.</source>
        <translation>TLS 配置缺少证书或私钥。</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听：%3</translation>
    </message>
</context>
<context>
    <name>Fanout::ResultsModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Time (ms)</source>
        <translation>耗时(ms)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <source>Final URL</source>
        <translation>最终 URL</translation>
    </message>
    <message>
        <source>Redirects</source>
        <translation>重定向</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Position in the list (line numbers are in the details pane)</source>
        <translation>在列表中的位置（行号见详细信息面板）</translation>
    </message>
    <message>
        <source>Queued, checking or done</source>
        <translation>排队中、检查中或已完成</translation>
    </message>
    <message>
        <source>Time from the request&apos;s start to its end; the bar is scaled to the slowest URL</source>
        <translation>从请求开始到结束的时间；进度条按最慢的 URL 缩放</translation>
    </message>
    <message>
        <source>Number of redirects followed; hover a cell for the hops</source>
        <translation>跟随的重定向次数；鼠标悬停可查看每一跳</translation>
    </message>
    <message>
        <source>Attempts made, retries included</source>
        <translation>尝试次数（含重试）</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Redirect chain:</source>
        <translation>重定向链：</translation>
    </message>
    <message>
        <source>What the check came to: the error when there is one (also after an HTTP status), else the HTTP status of the final response</source>
        <translation>检查的结论：有错误时为错误（即使在 HTTP 状态之后），否则为最终响应的 HTTP 状态</translation>
    </message>
    <message>
        <source>%1 (after %2)</source>
        <translation>%1（在 %2 之后）</translation>
    </message>
    <message>
        <source>%1 (after %2, body incomplete)</source>
        <translation>%1（在 %2 之后，正文不完整）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (accepted)</source>
        <translation>%1（已接受）</translation>
    </message>
    <message>
        <source>Not accepted (%1)</source>
        <translation>未接受（%1）</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未接受</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Redirect loop</source>
        <translation>重定向循环</translation>
    </message>
    <message>
        <source>Too many redirects</source>
        <translation>重定向过多</translation>
    </message>
    <message>
        <source>Bad redirect</source>
        <translation>错误的重定向</translation>
    </message>
    <message>
        <source>DNS lookup failed</source>
        <translation>DNS 解析失败</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>Connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>TLS 错误</translation>
    </message>
    <message>
        <source>Proxy error</source>
        <translation>代理错误</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>Undecodable body</source>
        <translation>无法解码的正文</translation>
    </message>
    <message>
        <source>Body too large</source>
        <translation>正文过大</translation>
    </message>
    <message>
        <source>Unsupported scheme</source>
        <translation>不支持的协议</translation>
    </message>
    <message>
        <source>Invalid URL</source>
        <translation>无效的 URL</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Sitemap unreadable</source>
        <translation>站点地图无法读取</translation>
    </message>
</context>
<context>
    <name>Fanout::RunPairView</name>
    <message>
        <source>One at a time and concurrently on one time axis</source>
        <translation>逐个检查与并发检查，同一时间轴</translation>
    </message>
    <message>
        <source>one at a time: %1</source>
        <translation>逐个检查：%1</translation>
    </message>
    <message>
        <source>concurrently: %1</source>
        <translation>并发检查：%1</translation>
    </message>
    <message>
        <source>sum of its URL times: %1</source>
        <translation>其 URL 耗时之和：%1</translation>
    </message>
    <message>
        <source>One at a time</source>
        <translation>逐个检查</translation>
    </message>
    <message>
        <source>Concurrently</source>
        <translation>并发检查</translation>
    </message>
    <message>
        <source>No measured pair of runs yet.</source>
        <translation>还没有测量过的一对运行。</translation>
    </message>
    <message>
        <source>%L1 URLs one at a time took %2; concurrently at cap %3 they took %4, while their URL times add up to %5: %6 faster.</source>
        <translation>%L1 个 URL 逐个检查用了 %2；在上限 %3 下并发检查用了 %4，而它们的 URL 耗时之和为 %5：快 %6。</translation>
    </message>
    <message>
        <source>One at a time and concurrently, on one time axis</source>
        <translation>逐个检查与并发检查，在同一时间轴上</translation>
    </message>
    <message>
        <source>Run the demo (one at a time, then at once) to see both runs here.</source>
        <translation>运行演示（先逐个检查，再同时检查），即可在这里看到两次运行。</translation>
    </message>
    <message>
        <source>cap %1 · %L2 URLs</source>
        <translation>上限 %1 · %L2 个 URL</translation>
    </message>
    <message>
        <source>time since each run&apos;s start (%1)</source>
        <translation>自各次运行开始的时间（%1）</translation>
    </message>
</context>
<context>
    <name>Fanout::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>Most requests in flight to one host at a time (0 = only the global cap). Applied at once, also during a run.</source>
        <translation>同一主机同时进行的最大请求数（0 = 仅受全局上限限制）。立即生效，运行中也适用。</translation>
    </message>
    <message>
        <source>Per-&amp;host limit:</source>
        <translation>每主机上限(&amp;H)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Total time allowed for one attempt: connect, headers and body</source>
        <translation>单次尝试允许的总时间：连接、响应头和正文</translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation>超时(&amp;T)：</translation>
    </message>
    <message>
        <source>Extra attempts after a timeout, a connection error, 429 or 5xx</source>
        <translation>超时、连接错误、429 或 5xx 之后的额外尝试次数</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>重试次数(&amp;R)：</translation>
    </message>
    <message>
        <source>GET (reads titles)</source>
        <translation>GET（读取标题）</translation>
    </message>
    <message>
        <source>HEAD (status only, faster)</source>
        <translation>HEAD（仅状态码，更快）</translation>
    </message>
    <message>
        <source>HEAD falls back to GET when a server rejects it</source>
        <translation>服务器拒绝 HEAD 时自动改用 GET</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>请求方法(&amp;M)：</translation>
    </message>
    <message>
        <source>Redirects followed before a URL is reported as a redirect loop</source>
        <translation>超过此重定向次数即报告为重定向循环</translation>
    </message>
    <message>
        <source>Max re&amp;directs:</source>
        <translation>最大重定向次数(&amp;D)：</translation>
    </message>
    <message>
        <source>User-Agent header sent with every request; empty = Fanout&apos;s own</source>
        <translation>每个请求发送的 User-Agent 请求头；留空则使用 Fanout 自带的</translation>
    </message>
    <message>
        <source>&amp;User-Agent:</source>
        <translation>&amp;User-Agent：</translation>
    </message>
    <message>
        <source>One per line, e.g.
Accept-Language: zh-CN
Authorization: Bearer …</source>
        <translation>每行一个，例如
Accept-Language: zh-CN
Authorization: Bearer …</translation>
    </message>
    <message>
        <source>Extra request headers, &quot;Name: value&quot; per line</source>
        <translation>额外的请求头，每行一个“名称: 值”</translation>
    </message>
    <message>
        <source>Extra &amp;headers:</source>
        <translation>额外请求头(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Ignore TLS certificate errors</source>
        <translation>忽略 TLS 证书错误(&amp;I)</translation>
    </message>
    <message>
        <source>Check sites with self-signed or expired certificates (less safe)</source>
        <translation>检查使用自签名或过期证书的网站（安全性较低）</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies after Fanout is restarted.</source>
        <translation>新语言将在 Fanout 重新启动后生效。</translation>
    </message>
    <message>
        <source>Not a header (expected &quot;Name: value&quot;): %1</source>
        <translation>不是有效的请求头（应为“名称: 值”）：%1</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> 次/秒</translation>
    </message>
    <message>
        <source>Most requests started per second to one host, redirects and retries included (0 = no limit). Applies to the next run.</source>
        <translation>每秒向单个主机发起的最多请求数，包括重定向和重试（0 = 不限制）。下次运行时生效。</translation>
    </message>
    <message>
        <source>Per-host &amp;rate:</source>
        <translation>每主机速率(&amp;R)：</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>After this many connection errors in a row to one host, its remaining URLs are skipped (0 = never). Applies to the next run.</source>
        <translation>对单个主机连续出现这么多次连接错误后，跳过其余 URL（0 = 从不）。下次运行时生效。</translation>
    </message>
    <message>
        <source>Give up on a host &amp;after:</source>
        <translation>放弃主机的错误次数(&amp;A)：</translation>
    </message>
    <message>
        <source>Rules for this list</source>
        <translation>此列表的规则</translation>
    </message>
    <message>
        <source>One regular expression per line</source>
        <translation>每行一个正则表达式</translation>
    </message>
    <message>
        <source>URLs matching any of these are not requested</source>
        <translation>匹配其中任意一项的 URL 不会被请求</translation>
    </message>
    <message>
        <source>E&amp;xclude:</source>
        <translation>排除(&amp;X)：</translation>
    </message>
    <message>
        <source>When given, only URLs matching one are requested</source>
        <translation>填写后，只请求匹配其中一项的 URL</translation>
    </message>
    <message>
        <source>I&amp;nclude:</source>
        <translation>包含(&amp;N)：</translation>
    </message>
    <message>
        <source>example.com, docs.example.org</source>
        <translation>example.com, docs.example.org</translation>
    </message>
    <message>
        <source>When given, only these hosts and their subdomains are requested</source>
        <translation>填写后，只请求这些主机及其子域名</translation>
    </message>
    <message>
        <source>&amp;Only hosts:</source>
        <translation>仅限主机(&amp;O)：</translation>
    </message>
    <message>
        <source>These hosts and their subdomains are not requested</source>
        <translation>不请求这些主机及其子域名</translation>
    </message>
    <message>
        <source>S&amp;kip hosts:</source>
        <translation>跳过主机(&amp;K)：</translation>
    </message>
    <message>
        <source>200..299,403</source>
        <translation>200..299,403</translation>
    </message>
    <message>
        <source>Statuses counted OK; empty: below 400</source>
        <translation>视为正常的状态码；留空：低于 400</translation>
    </message>
    <message>
        <source>&amp;Accept statuses:</source>
        <translation>接受的状态码(&amp;A)：</translation>
    </message>
    <message>
        <source>Rules (open a list file to set its rules)</source>
        <translation>规则（打开列表文件后可设置其规则）</translation>
    </message>
    <message>
        <source>Rules for %1</source>
        <translation>%1 的规则</translation>
    </message>
</context>
<context>
    <name>Fanout::SlowestHostsView</name>
    <message>
        <source>Slowest hosts</source>
        <translation>最慢的主机</translation>
    </message>
    <message>
        <source>No finished URLs yet.</source>
        <translation>尚无已完成的 URL。</translation>
    </message>
    <message>
        <source>URLs</source>
        <translation>URL 数</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>%1: mean %2 over %3 URLs</source>
        <translation>%1：%3 个 URL 平均 %2</translation>
    </message>
    <message>
        <source>Slowest first: %1.</source>
        <translation>最慢的在前：%1。</translation>
    </message>
</context>
<context>
    <name>Fanout::Timing</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>redirected</source>
        <translation>已重定向</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>5xx</source>
        <translation>5xx</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>waiting for headers</source>
        <translation>等待响应头</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
</context>
<context>
    <name>Fanout::TimingCompareView</name>
    <message>
        <source>Sequential vs concurrent</source>
        <translation>顺序与并发对比</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>running: %1 of %2 done</source>
        <translation>运行中：已完成 %1 / %2</translation>
    </message>
    <message>
        <source>cancelled after %1 of %2</source>
        <translation>完成 %1 / %2 后取消</translation>
    </message>
    <message>
        <source>%1 URLs</source>
        <translation>%1 个 URL</translation>
    </message>
    <message>
        <source> so far</source>
        <translation>（至今）</translation>
    </message>
    <message>
        <source>One at a time (sum of URL times)</source>
        <translation>逐个（各 URL 耗时之和）</translation>
    </message>
    <message>
        <source>Concurrently at cap %1 (wall time)</source>
        <translation>并发，上限 %1（实际耗时）</translation>
    </message>
    <message>
        <source>Concurrently (wall time)</source>
        <translation>并发（实际耗时）</translation>
    </message>
    <message>
        <source>Sequential run (%1)</source>
        <translation>顺序运行（%1）</translation>
    </message>
    <message>
        <source>cap 1</source>
        <translation>上限 1</translation>
    </message>
    <message>
        <source>Concurrent run (cap %1)</source>
        <translation>并发运行（上限 %1）</translation>
    </message>
    <message>
        <source>faster than one at a time</source>
        <translation>比逐个运行快</translation>
    </message>
    <message>
        <source>This run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <source>speed-up so far</source>
        <translation>当前加速比</translation>
    </message>
    <message>
        <source>Measured one after the other: %1</source>
        <translation>先后实测：%1</translation>
    </message>
    <message>
        <source>measured speed-up</source>
        <translation>实测加速比</translation>
    </message>
    <message>
        <source>time (%1)</source>
        <translation>时间（%1）</translation>
    </message>
    <message>
        <source>best possible at cap %1: %2 (the slowest URL alone takes %3)</source>
        <translation>上限 %1 下的最佳可能：%2（最慢的 URL 单独就要 %3）</translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>还没有运行。</translation>
    </message>
    <message>
        <source>This run: one at a time would take %1 (the sum of URL times), concurrently it took %2</source>
        <translation>本次运行：逐个检查需要 %1（URL 耗时之和），并发检查用了 %2</translation>
    </message>
    <message>
        <source> at cap %1</source>
        <translation>（上限 %1）</translation>
    </message>
    <message>
        <source>, %1 faster</source>
        <translation>，快 %1</translation>
    </message>
    <message>
        <source>Measured: %1 one at a time, %2 at cap %3, %4 faster.</source>
        <translation>实测：逐个检查 %1，上限 %3 时 %2，快 %4。</translation>
    </message>
</context>
<context>
    <name>Fanout::TimingPanel</name>
    <message>
        <source>Cap %1 (%2 of %3): %4 of %5 URLs done, %6</source>
        <translation>上限 %1（第 %2 个，共 %3 个）：已完成 %4 / %5 个 URL，%6</translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation>瀑布图</translation>
    </message>
    <message>
        <source>Sequential vs concurrent</source>
        <translation>顺序与并发</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>运行历史</translation>
    </message>
    <message>
        <source>Compare caps</source>
        <translation>对比并发上限</translation>
    </message>
    <message>
        <source>Every URL as a bar on the run&apos;s time axis, with requests in flight below</source>
        <translation>每个 URL 在运行时间轴上显示为一条横条，下方为进行中的请求数</translation>
    </message>
    <message>
        <source>Wall time against the one-at-a-time total, latency histogram, slowest hosts</source>
        <translation>实际耗时与逐个运行总耗时对比、延迟直方图、最慢的主机</translation>
    </message>
    <message>
        <source>Every run, kept across launches; select runs to compare them</source>
        <translation>每次运行（重启后仍保留）；选择多次运行进行对比</translation>
    </message>
    <message>
        <source>Run the list at caps 1, 2, 4, … and plot wall time against the cap</source>
        <translation>以上限 1、2、4、… 运行列表，并绘制实际耗时随上限的变化</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Show the whole run and every row (double-click the chart)</source>
        <translation>显示整次运行和所有行（双击图表）</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom the time axis in (mouse wheel)</source>
        <translation>放大时间轴（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom the time axis out (mouse wheel)</source>
        <translation>缩小时间轴（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save the view shown as a PNG image</source>
        <translation>将当前视图保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Cancelled: 1 cap measured.</source>
        <translation>已取消：测量了 1 个上限。</translation>
    </message>
    <message>
        <source>Cancelled: %1 caps measured.</source>
        <translation>已取消：测量了 %1 个上限。</translation>
    </message>
    <message>
        <source>, %1 faster than cap 1 (%2)</source>
        <translation>，比上限 1（%2）快 %1</translation>
    </message>
    <message>
        <source>re-check, cap %1</source>
        <translation>重新检查，上限 %1</translation>
    </message>
    <message>
        <source>The %1 view has no size to draw yet</source>
        <translation>%1 视图尚无可绘制的尺寸</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export view as PNG</source>
        <translation>将视图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1 runs to %2</source>
        <translation>已将 %1 次运行保存到 %2</translation>
    </message>
    <message>
        <source>Export run history as CSV</source>
        <translation>将运行历史导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Wait for the current run to finish: two runs at once would distort both.</source>
        <translation>请等待当前运行结束：同时进行两次运行会使两者的结果都失真。</translation>
    </message>
    <message>
        <source>Wall time vs cap — %1 (%2 URLs)</source>
        <translation>实际耗时与并发上限 — %1（%2 个 URL）</translation>
    </message>
    <message>
        <source>current list</source>
        <translation>当前列表</translation>
    </message>
    <message>
        <source>Cannot compare caps: %1</source>
        <translation>无法对比并发上限：%1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
</context>
<context>
    <name>Fanout::UrlInputPane</name>
    <message>
        <source>&lt;b&gt;URL list&lt;/b&gt;</source>
        <translation>&lt;b&gt;URL 列表&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Editable URL list: paste (Ctrl+V) or type, then Load (Ctrl+Enter)</source>
        <translation>可编辑的 URL 列表：粘贴（Ctrl+V）或输入，然后载入（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Load into table</source>
        <translation>载入到表格(&amp;L)</translation>
    </message>
    <message>
        <source>Replace the table&apos;s list with the URLs in the box (Ctrl+Enter)</source>
        <translation>用输入框中的 URL 替换表格中的列表（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>%1 valid · %2 duplicate · %3 invalid</source>
        <translation>%1 个有效 · %2 个重复 · %3 个无效</translation>
    </message>
    <message>
        <source>No list loaded.</source>
        <translation>尚未载入列表。</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1e8e3e&quot;&gt;%1 valid&lt;/span&gt; · %2 duplicate · &lt;span style=&quot;color:%4&quot;&gt;%3 invalid&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#1e8e3e&quot;&gt;%1 个有效&lt;/span&gt; · %2 个重复 · &lt;span style=&quot;color:%4&quot;&gt;%3 个无效&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Read as %1</source>
        <translation>按 %1 编码读取</translation>
    </message>
    <message>
        <source>Duplicates are checked once; invalid lines stay in the table with their reason.</source>
        <translation>重复项只检查一次；无效行会连同原因保留在表格中。</translation>
    </message>
    <message>
        <source>In the box: %1</source>
        <translation>输入框中：%1</translation>
    </message>
    <message>
        <source>(loaded)</source>
        <translation>（已载入）</translation>
    </message>
    <message>
        <source>Load and &amp;Check</source>
        <translation>载入并检查(&amp;C)</translation>
    </message>
    <message>
        <source>Replace the table&apos;s list with the URLs in the box and check them (Ctrl+Shift+Enter)</source>
        <translation>用框中的 URL 替换表格的列表并检查它们 (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Paste or type URLs here, one per line (CSV and TSV work too), then press Start (F5) to check them, or Ctrl+Enter to load them for a look first.

Or open a file with Ctrl+O, or drop files here.</source>
        <translation>在此粘贴或输入 URL，每行一个（也支持 CSV 和 TSV），然后按“开始”(F5) 检查，或按 Ctrl+Enter 先载入查看。

也可以用 Ctrl+O 打开文件，或把文件拖放到这里。</translation>
    </message>
    <message>
        <source>Press Ctrl+Enter to load, Ctrl+Shift+Enter (or Start) to load and check.</source>
        <translation>按 Ctrl+Enter 载入，按 Ctrl+Shift+Enter（或“开始”）载入并检查。</translation>
    </message>
</context>
<context>
    <name>Fanout::WaterfallView</name>
    <message>
        <source>Phases</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>   Outcome</source>
        <translation>   结果</translation>
    </message>
    <message>
        <source>No results yet.
Start a run to watch each URL&apos;s bar grow on the time axis.</source>
        <translation>尚无结果。
开始运行后，可看到每个 URL 的横条在时间轴上增长。</translation>
    </message>
    <message>
        <source>row %L1</source>
        <translation>第 %L1 行</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>cap %1</source>
        <translation>上限 %1</translation>
    </message>
    <message>
        <source>peak %1</source>
        <translation>峰值 %1</translation>
    </message>
    <message>
        <source>time since run start (%1)</source>
        <translation>自运行开始的时间（%1）</translation>
    </message>
    <message>
        <source>%L1 URLs</source>
        <translation>%L1 个 URL</translation>
    </message>
    <message>
        <source> · run %1</source>
        <translation> · 运行 %1</translation>
    </message>
    <message>
        <source> · showing %1–%2 %3</source>
        <translation> · 显示 %1–%2 %3</translation>
    </message>
    <message>
        <source> · wheel: zoom · drag: pan · double-click: fit</source>
        <translation> · 滚轮：缩放 · 拖动：平移 · 双击：全部显示</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Row %1&lt;/b&gt; · %2&lt;br/&gt;%3</source>
        <translation>&lt;b&gt;第 %1 行&lt;/b&gt; · %2&lt;br/&gt;%3</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>so far</source>
        <translation>至今</translation>
    </message>
    <message>
        <source>started at</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>finished at</source>
        <translation>结束于</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>redirects</source>
        <translation>重定向</translation>
    </message>
    <message>
        <source>attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation>瀑布图</translation>
    </message>
    <message>
        <source>running (%1)</source>
        <translation>进行中（%1）</translation>
    </message>
    <message>
        <source>OK (%1)</source>
        <translation>成功（%1）</translation>
    </message>
    <message>
        <source>redirected (%1), marked at the start</source>
        <translation>已重定向（%1），在开头标出</translation>
    </message>
    <message>
        <source>4xx (%1)</source>
        <translation>4xx（%1）</translation>
    </message>
    <message>
        <source>5xx (%1)</source>
        <translation>5xx（%1）</translation>
    </message>
    <message>
        <source>errors (%1)</source>
        <translation>错误（%1）</translation>
    </message>
    <message>
        <source>No results yet.</source>
        <translation>还没有结果。</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%L1 requests</source>
        <translation>%L1 个请求</translation>
    </message>
    <message>
        <source>, %1</source>
        <translation>，%1</translation>
    </message>
    <message>
        <source>, cap %1</source>
        <translation>，上限 %1</translation>
    </message>
    <message>
        <source>, peak %1 in flight</source>
        <translation>，峰值 %1 个并发</translation>
    </message>
    <message>
        <source>%1 running</source>
        <translation>%1 个进行中</translation>
    </message>
    <message>
        <source>%1 OK</source>
        <translation>%1 个成功</translation>
    </message>
    <message>
        <source>%1 redirected</source>
        <translation>%1 个已重定向</translation>
    </message>
    <message>
        <source>%1 4xx</source>
        <translation>%1 个 4xx</translation>
    </message>
    <message>
        <source>%1 5xx</source>
        <translation>%1 个 5xx</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 个错误</translation>
    </message>
    <message>
        <source>cancelled (%1)</source>
        <translation>已取消（%1）</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 个已取消</translation>
    </message>
</context>
</TS>
