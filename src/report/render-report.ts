/**
 * The HTML page of the report and of the dashboard: one self-contained file (its styles, the chart library, the
 * drawing code and the data inlined; no external request). Pure: the caller passes the chart library's source.
 */
import { reportClient } from './report-client.js';
import type { ReportData } from './report-data.js';

/** The chart library (Apache ECharts' dist/echarts.min.js) as text, read by the caller. */
export interface ChartLib {
  name: string;
  source: string;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1f3b57; color: #fff; padding: 14px 28px; }
header h1 { margin: 0; font-size: 22px; } header p { margin: 4px 0 0; opacity: .85; font-size: 13px; }
#live-status { float: right; font-size: 12px; opacity: .85; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 28px 40px; }
section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 18px 16px; margin: 16px 0; }
h2 { font-size: 17px; margin: 10px 0; } h3 { font-size: 14px; margin: 14px 0 4px; color: #444; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 14px; min-width: 170px; background: #fcfcfc; }
.card .label { font-size: 12px; color: #666; } .card b { font-size: 20px; } .card.sim b { font-size: 15px; }
table { border-collapse: collapse; margin: 6px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #eee; padding: 3px 10px; text-align: left; white-space: nowrap; }
th { background: #f3f5f7; font-weight: 600; }
.chart { width: 100%; } .warning { color: #a94442; } .note { color: #555; }
.pager { display: flex; gap: 8px; align-items: center; margin: 6px 0; } .pager input { width: 200px; }
noscript p { color: #a94442; }
`;

/** JSON that cannot end the <script> element it sits in. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
const scriptText = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1');
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface PageOptions {
  /** The dashboard: fetch this URL (a ReportData as JSON) every pollMs and redraw. */
  poll?: { url: string; ms: number };
  /** Served pages may load the library from a URL of the same server instead of inlining it. */
  libUrl?: string;
  /** Source of a self-contained function turning what `poll` returns into a ReportData (watch-view.ts). */
  viewSource?: string;
}

export function renderPage(data: ReportData | null, lib: ChartLib, opts: PageOptions = {}): string {
  const title = escapeHtml(data?.title ?? 'loadshift');
  const poll = opts.poll ? ` data-poll="${escapeHtml(opts.poll.url)}" data-poll-ms="${opts.poll.ms}"` : '';
  const libTag =
    opts.libUrl !== undefined
      ? `<script src="${escapeHtml(opts.libUrl)}"></script>`
      : `<script>/* ${escapeHtml(lib.name)} */\n${scriptText(lib.source)}\n</script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'${opts.libUrl ? " 'self'" : ''}; style-src 'unsafe-inline'; img-src data:;${opts.poll ? " connect-src 'self';" : ''}">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body${poll}>
<header id="header"><h1>${title}</h1></header>
${opts.poll ? '<div id="live-status" data-testid="live-status">live: connecting</div>' : ''}
<main id="main"><noscript><p>This report draws its tables and charts with JavaScript: open it in a browser with JavaScript enabled.</p></noscript></main>
<script type="application/json" id="loadshift-data">${scriptJson(data)}</script>
${libTag}
${opts.viewSource !== undefined ? `<script>window.loadshiftView = ${scriptText(opts.viewSource)};</script>\n` : ''}<script>(${scriptText(reportClient.toString())})();</script>
</body>
</html>
`;
}

/** The report file: everything inlined. */
export function renderReport(data: ReportData, lib: ChartLib): string {
  return renderPage(data, lib);
}
