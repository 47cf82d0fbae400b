<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Fanout::CapSweepChart</name>
    <message>
        <source>Wall time vs cap</source>
        <translation>实际耗时与并发上限</translation>
    </message>
    <message>
        <source>measured wall time</source>
        <translation>实测耗时</translation>
    </message>
    <message>
        <source>ideal: greedy schedule of the measured durations</source>
        <translation>理想值：按实测耗时贪心调度</translation>
    </message>
    <message>
        <source>lower bound max(longest, sum ÷ cap)</source>
        <translation>下限 max(最长耗时, 总和 ÷ 上限)</translation>
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
        <source>Demo “%1”: %2 ms one at a time, %3 ms at cap %4 — %5× faster.</source>
        <translation>演示“%1”：逐个 %2 毫秒，上限 %4 时 %3 毫秒——快 %5 倍。</translation>
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
        <source>Status</source>
        <translation>状态码</translation>
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
        <source>Timings</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Started (run clock)</source>
        <translation>开始时间（运行计时）</translation>
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
        <source>URL lists (*.txt *.csv *.tsv *.list);;All files (*)</source>
        <translation>URL 列表 (*.txt *.csv *.tsv *.list);;所有文件 (*)</translation>
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
        <source>Save every row as CSV or JSON Lines</source>
        <translation>将所有行保存为 CSV 或 JSON Lines</translation>
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
        <source>Version and licence</source>
        <translation>版本和许可证</translation>
    </message>
    <message>
        <source>About Fanout</source>
        <translation>关于 Fanout</translation>
    </message>
    <message>
        <source>Fanout %1

Checks many URLs at once and shows each one&apos;s status, title and time as it arrives.

Built with Qt %2.</source>
        <translation>Fanout %1

同时检查大量 URL，实时显示每个 URL 的状态、标题和耗时。

基于 Qt %2 构建。</translation>
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
        <source>Timeouts, connection and TLS errors, invalid lines, cancelled checks</source>
        <translation>超时、连接和 TLS 错误、无效行、已取消的检查</translation>
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
        <source>Stopped after %1: %2 OK, %3 failed</source>
        <translation>在 %1 后停止：%2 个成功，%3 个失败</translation>
    </message>
    <message>
        <source>Finished in %1: %2 OK, %3 failed</source>
        <translation>用时 %1 完成：%2 个成功，%3 个失败</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation>
            <numerusform>已将 %n 行导出到 %1</numerusform>
        </translation>
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
        <source>%1 of %2 URLs are not checked yet. Stopping cancels them and the requests in flight; what is checked stays in the run file.</source>
        <translation>%2 个 URL 中还有 %1 个尚未检查。停止将取消它们以及进行中的请求；已检查的结果保留在运行文件中。</translation>
    </message>
    <message>
        <source>ETA ≤ %1</source>
        <translation>剩余 ≤ %1</translation>
    </message>
    <message>
        <source>Stopped after %1: %2 OK, %3 failed, %4 cancelled</source>
        <translation>%1 后停止：%2 成功，%3 失败，%4 已取消</translation>
    </message>
    <message>
        <source>&amp;Keys and Columns</source>
        <translation>按键与列(&amp;K)</translation>
    </message>
    <message>
        <source>Keys and Columns</source>
        <translation>按键与列</translation>
    </message>
    <message>
        <source>Every key of the window and what each column of the table means</source>
        <translation>窗口的所有按键以及表格各列的含义</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Open Sitemap UR&amp;L…</source>
        <translation>打开站点地图 URL(&amp;L)…</translation>
    </message>
    <message>
        <source>Recent Ru&amp;ns</source>
        <translation>最近的运行(&amp;N)</translation>
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
        <source>HTTP status of the final response, or the kind of error</source>
        <translation>最终响应的 HTTP 状态码，或错误类型</translation>
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
        <source>ideal at cap %1: %2 (longest URL %3)</source>
        <translation>上限 %1 时的理想值：%2（最长的 URL %3）</translation>
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
        <source>Done: fastest at cap %1 (%2)</source>
        <translation>完成：上限 %1 时最快（%2）</translation>
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
</context>
<context>
    <name>Fanout::UrlInputPane</name>
    <message>
        <source>&lt;b&gt;URL list&lt;/b&gt;</source>
        <translation>&lt;b&gt;URL 列表&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Paste or type URLs here, one per line (CSV and TSV work too), then press Ctrl+Enter to load them.

Or open a file with Ctrl+O, or drop files here.</source>
        <translation>在此粘贴或输入 URL，每行一个（也支持 CSV 和 TSV），然后按 Ctrl+Enter 载入。

也可以按 Ctrl+O 打开文件，或将文件拖放到这里。</translation>
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
        <source>Press Ctrl+Enter to load.</source>
        <translation>按 Ctrl+Enter 载入。</translation>
    </message>
    <message>
        <source>Load and &amp;Check</source>
        <translation>载入并检查(&amp;C)</translation>
    </message>
    <message>
        <source>Replace the table's list with the URLs in the box and check them (Ctrl+Shift+Enter)</source>
        <translation>用框中的 URL 替换表格的列表并检查它们 (Ctrl+Shift+Enter)</translation>
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
</context>
</TS>
