/// <reference lib="dom" />
/**
 * The browser side of the report and the dashboard: draws every table and chart from a ReportData. It runs in the
 * page, not in Node: render-report.ts inlines its source (`reportClient.toString()`), so it must not use anything
 * from outside its own body at run time (imports here are types only). The charts are Apache ECharts (canvas),
 * inlined beside it as the global `echarts`.
 *
 * The page carries its data in <script type="application/json" id="loadshift-data">; with `data-poll="URL"` on
 * <body> (the dashboard) it fetches URL every `data-poll-ms` ms and redraws from the ReportData it returns.
 */
import type { EChartsOption, EChartsType } from 'echarts';
import type { ReportData } from './report-data.js';

interface EChartsGlobal {
  init(el: HTMLElement, theme?: string | null, opts?: { renderer?: 'canvas' | 'svg' }): EChartsType;
}

export function reportClient(): void {
  const ec = (window as unknown as { echarts: EChartsGlobal }).echarts;
  const charts = new Map<string, EChartsType>();
  const BEFORE = '#d9534f';
  const AFTER = '#2a7ab9';

  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string> = {},
    ...children: Array<Node | string>
  ): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  }
  const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));
  const arrow = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);
  const maxOf = (a: readonly number[]) => a.reduce((m, x) => (x > m ? x : m), 0);
  const meanOf = (a: readonly number[]) => (a.length === 0 ? 0 : a.reduce((s, x) => s + x, 0) / a.length);

  function table(head: string[], rows: Array<Array<string | Node>>, testid: string): HTMLTableElement {
    const t = el('table', { 'data-testid': testid });
    t.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))));
    const body = el('tbody');
    for (const r of rows) body.append(el('tr', {}, ...r.map((c) => el('td', {}, c))));
    t.append(body);
    return t;
  }

  /** Draws into the element `id` (made under parent when missing); a redraw of the page re-creates detached ones. */
  function chart(id: string, parent: HTMLElement, option: EChartsOption, height = 320): void {
    let box = document.getElementById(id);
    if (box === null) {
      box = el('div', { id, class: 'chart', 'data-testid': id });
      parent.append(box);
    }
    box.style.height = `${height}px`;
    let c = charts.get(id);
    if (c !== undefined && c.getDom() !== box) {
      c.dispose();
      c = undefined;
    }
    if (c === undefined) {
      c = ec.init(box, null, { renderer: 'canvas' });
      charts.set(id, c);
    }
    c.setOption(option, true);
    c.resize();
  }

  function card(label: string, value: string, testid: string): HTMLElement {
    return el(
      'div',
      { class: 'card', 'data-testid': testid },
      el('div', { class: 'label' }, label),
      el('b', {}, value),
    );
  }

  function section(id: string, title: string): HTMLElement {
    let s = document.getElementById(id);
    if (s === null) {
      s = el('section', { id });
      document.getElementById('main')?.append(s);
    }
    s.replaceChildren(el('h2', {}, title));
    return s;
  }

  /** Primaries per OSD sorted busiest first, before and after: one line each, readable at any cluster size. */
  function sortedOption(ids: number[], before: number[], after: number[]): EChartsOption {
    const order = (v: number[]) => v.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const ob = order(before);
    const oa = order(after);
    const mean = meanOf(before);
    return {
      animation: false,
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (p: unknown) => {
          const ps = p as Array<{ dataIndex: number; seriesIndex: number }>;
          const k = ps[0]?.dataIndex ?? 0;
          const b = ob[k];
          const a = oa[k];
          return `rank ${k + 1}<br>before: osd.${ids[b?.[1] ?? 0]} ${b?.[0]}<br>after: osd.${ids[a?.[1] ?? 0]} ${a?.[0]}`;
        },
      },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: {
        type: 'category',
        name: 'OSDs, busiest first',
        nameLocation: 'middle',
        nameGap: 25,
        data: ob.map((_, i) => i + 1),
      },
      yAxis: { type: 'value', name: 'primaries' },
      series: [
        {
          name: 'before',
          type: 'line',
          step: 'end',
          showSymbol: false,
          sampling: 'lttb',
          color: BEFORE,
          data: ob.map((x) => x[0]),
        },
        {
          name: 'after',
          type: 'line',
          step: 'end',
          showSymbol: false,
          sampling: 'lttb',
          color: AFTER,
          data: oa.map((x) => x[0]),
          markLine: {
            symbol: 'none',
            label: { formatter: `mean ${mean.toFixed(1)}`, position: 'insideEndTop' },
            data: [{ yAxis: mean }],
          },
        },
      ],
    };
  }

  /** One cell per OSD, a row per host: where the hot spots are, before and after, on one colour scale. */
  function heatOption(d: ReportData, before: number[], after: number[]): { option: EChartsOption; height: number } {
    const n = d.osds.ids.length;
    const byId = d.hosts.names.length === 0;
    // without hosts: rows of OSDs by id, a square-ish grid
    const perRow = Math.min(100, Math.max(1, Math.ceil(Math.sqrt(n))));
    const rows = byId
      ? Array.from({ length: Math.ceil(n / perRow) }, (_, r) => {
          const last = Math.min(n, (r + 1) * perRow) - 1;
          return `osd.${d.osds.ids[r * perRow]}-${d.osds.ids[last]}`;
        })
      : [...d.hosts.names];
    const hostOf = byId
      ? d.osds.ids.map((_, i) => Math.floor(i / perRow))
      : d.osds.host.map((h) => (h < 0 ? rows.length : h));
    if (!byId && hostOf.some((h) => h === rows.length)) rows.push('(no host)');
    const slot: number[] = [];
    const used = new Array<number>(rows.length).fill(0);
    for (const h of hostOf) slot.push(used[h]!++);
    const width = Math.max(1, maxOf(used));
    const cells = (v: number[]) => v.map((x, i) => [slot[i]!, hostOf[i]!, x, d.osds.ids[i]!]);
    const rowPx = Math.max(3, Math.min(22, Math.floor(600 / rows.length)));
    const zoom = rows.length * rowPx > 640;
    const height = Math.min(640, rows.length * rowPx) + 110;
    const axis = (i: number) => ({
      xAxis: { type: 'category' as const, gridIndex: i, data: Array.from({ length: width }, (_, k) => k), show: false },
      yAxis: {
        type: 'category' as const,
        gridIndex: i,
        data: rows,
        inverse: true,
        axisLabel: { show: rows.length <= 40 },
      },
    });
    const a0 = axis(0);
    const a1 = axis(1);
    return {
      height,
      option: {
        animation: false,
        title: [
          { text: 'before', left: '22%', top: 0, textStyle: { fontSize: 13 } },
          { text: 'after', left: '72%', top: 0, textStyle: { fontSize: 13 } },
        ],
        tooltip: {
          formatter: (p: unknown) => {
            const v = (p as { value: number[] }).value;
            return `osd.${v[3]} (${rows[v[1] ?? 0]}): ${v[2]} primaries`;
          },
        },
        grid: [
          { left: rows.length <= 40 ? 90 : 20, width: '38%', top: 30, bottom: 60 },
          { left: '56%', width: '38%', top: 30, bottom: 60 },
        ],
        xAxis: [a0.xAxis, a1.xAxis],
        yAxis: [a0.yAxis, a1.yAxis],
        visualMap: {
          min: 0,
          max: Math.max(1, maxOf(before), maxOf(after)),
          calculable: true,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          dimension: 2,
          inRange: { color: ['#f7fbff', '#fdd49e', '#fc8d59', '#b30000'] },
        },
        ...(zoom
          ? { dataZoom: [{ type: 'inside', yAxisIndex: [0, 1], start: 0, end: (640 / (rows.length * rowPx)) * 100 }] }
          : {}),
        series: [
          { name: 'before', type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: cells(before) },
          { name: 'after', type: 'heatmap', xAxisIndex: 1, yAxisIndex: 1, data: cells(after) },
        ],
      },
    };
  }

  function barsOption(names: string[], before: number[], after: number[], what: string): EChartsOption {
    const order = names.map((_, i) => i).sort((x, y) => before[y]! - before[x]! || x - y);
    const many = names.length > 40;
    return {
      animation: false,
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 40, bottom: many ? 70 : 60 },
      xAxis: { type: 'category', data: order.map((i) => names[i]!), axisLabel: { rotate: 30, hideOverlap: true } },
      yAxis: { type: 'value', name: what },
      ...(many
        ? {
            dataZoom: [{ type: 'slider', start: 0, end: Math.min(100, (40 / names.length) * 100) }, { type: 'inside' }],
          }
        : {}),
      series: [
        { name: 'before', type: 'bar', color: BEFORE, data: order.map((i) => before[i]!) },
        { name: 'after', type: 'bar', color: AFTER, data: order.map((i) => after[i]!) },
      ],
    };
  }

  function renderSummary(d: ReportData): void {
    const s = section('summary', 'Summary');
    const hb = maxOf(d.hosts.before);
    const ha = maxOf(d.hosts.after);
    const planned = d.pools.filter((p) => p.optimum !== null);
    const atOptimum = (k: 'maxBefore' | 'maxAfter') => planned.filter((p) => p[k] <= (p.optimum ?? 0)).length;
    const cards = el(
      'div',
      { class: 'cards' },
      card('operations', String(d.ops.count), 'card-ops'),
      card(
        'busiest OSD, all pools (primaries)',
        arrow(String(maxOf(d.osds.before)), String(maxOf(d.osds.after))),
        'card-osd',
      ),
    );
    if (d.hosts.names.length > 0)
      cards.append(card('busiest host (primaries)', arrow(String(hb), String(ha)), 'card-host'));
    if (planned.length > 0)
      cards.append(
        card(
          `pools at their optimum (of ${planned.length} planned)`,
          arrow(String(atOptimum('maxBefore')), String(atOptimum('maxAfter'))),
          'card-optimum',
        ),
      );
    for (const [i, line] of (d.simSummary ?? []).entries()) {
      const c = card(i === 0 ? 'simulated reads' : 'simulated latency', line, `card-sim-${i}`);
      c.classList.add('sim');
      cards.append(c);
    }
    s.append(cards);
    for (const w of d.warnings) s.append(el('p', { class: 'warning' }, `warning: ${w}`));
    for (const n of d.notes) s.append(el('p', { class: 'note' }, `note: ${n}`));
  }

  function renderPools(d: ReportData): void {
    const s = section('pools', 'Pools');
    s.append(
      table(
        ['pool', 'id', 'PGs', 'Ceph score', 'max primaries/OSD', 'optimum', 'moves', 'cleanups', 'status'],
        d.pools.map((p) => [
          p.name,
          String(p.id),
          String(p.pgs),
          p.scoreAfter === null ? fmt(p.scoreBefore) : arrow(fmt(p.scoreBefore), fmt(p.scoreAfter)),
          arrow(String(p.maxBefore), String(p.maxAfter)),
          p.optimum === null ? '-' : String(p.optimum),
          String(p.moves),
          String(p.cleanups),
          p.reason ? `${p.status}: ${p.reason}` : p.status,
        ]),
        'pools-table',
      ),
    );
  }

  function renderOsds(d: ReportData): void {
    const s = section('osds', `Primaries per OSD (${d.osds.ids.length} OSDs)`);
    const pick = el('select', { 'data-testid': 'pool-select' });
    pick.append(el('option', { value: 'all' }, 'all pools'));
    for (const bp of d.osds.byPool) {
      const name = d.pools.find((p) => p.id === bp.pool)?.name ?? String(bp.pool);
      pick.append(el('option', { value: String(bp.pool) }, name));
    }
    s.append(el('label', {}, 'pool: ', pick));
    const draw = () => {
      const bp = d.osds.byPool.find((p) => String(p.pool) === pick.value);
      const before = bp?.before ?? d.osds.before;
      const after = bp?.after ?? d.osds.after;
      chart('chart-osd-sorted', s, sortedOption(d.osds.ids, before, after));
      const h = heatOption(d, before, after);
      chart('chart-osd-heat', s, h.option, h.height);
    };
    pick.addEventListener('change', draw);
    s.append(el('h3', {}, 'sorted, busiest first'));
    chart('chart-osd-sorted', s, { animation: false });
    s.append(
      el(
        'h3',
        {},
        d.hosts.names.length > 0 ? 'by host: a row per host, a cell per OSD' : 'every OSD, by id: a cell per OSD',
      ),
    );
    draw();
  }

  function renderHosts(d: ReportData): void {
    if (d.hosts.names.length === 0) {
      document.getElementById('hosts')?.remove();
      return;
    }
    const s = section('hosts', `Primaries per host (${d.hosts.names.length} hosts)`);
    chart('chart-hosts', s, barsOption(d.hosts.names, d.hosts.before, d.hosts.after, 'primaries'));
  }

  function renderLatency(d: ReportData): void {
    const lat = d.osdLatencyMs;
    if (lat === undefined) {
      document.getElementById('latency')?.remove();
      return;
    }
    const s = section('latency', 'Measured read latency per OSD');
    const seen = lat.map((v, i) => [v, d.osds.ids[i]!] as const).filter((x) => x[0] >= 0);
    seen.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    if (seen.length === 0) {
      charts.get('chart-latency-osd')?.dispose();
      charts.delete('chart-latency-osd');
      s.append(el('p', { class: 'note' }, 'not measured this round (watch --latency-osds)'));
      return;
    }
    chart('chart-latency-osd', s, {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 30, bottom: 60 },
      xAxis: {
        type: 'category',
        name: 'OSDs, slowest first',
        nameLocation: 'middle',
        nameGap: 40,
        data: seen.map((x) => `osd.${x[1]}`),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', name: 'ms' },
      series: [{ name: 'mean read latency', type: 'bar', color: AFTER, large: true, data: seen.map((x) => x[0]) }],
    });
  }

  function renderSim(d: ReportData): void {
    const old = document.getElementById('sim');
    const sim = d.sim;
    if (sim === undefined) {
      old?.remove();
      return;
    }
    const s = section('sim', 'Simulated reads');
    s.append(el('p', {}, `${sim.workload}; ${sim.reads} reads per run, seed ${sim.seed}`));
    s.append(
      table(
        ['plan', 'changes', 'mean ms', 'p50 ms', 'p99 ms', 'p99.9 ms', 'reads/s', 'saturation reads/s'],
        sim.runs.map((r) => [
          r.label,
          String(r.changes),
          fmt(r.latency.mean),
          fmt(r.latency.p50),
          fmt(r.latency.p99),
          fmt(r.latency.p999),
          r.iops.toFixed(0),
          r.saturationIops.toFixed(0),
        ]),
        'sim-table',
      ),
    );
    const palette = [BEFORE, AFTER, '#5cb85c', '#f0ad4e', '#6f42c1'];
    chart('chart-latency', s, {
      animation: false,
      title: { text: 'read latency distribution', textStyle: { fontSize: 13 } },
      legend: { top: 0, right: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: 'log', name: 'ms', nameLocation: 'middle', nameGap: 28, min: 'dataMin', max: 'dataMax' },
      yAxis: { type: 'value', name: '% of reads' },
      series: sim.runs.map((r, k) => {
        const total = r.latency.counts.reduce((a, b) => a + b, 0) || 1;
        return {
          name: r.label,
          type: 'line' as const,
          step: 'start' as const,
          showSymbol: false,
          color: palette[k % palette.length],
          data: r.latency.counts.map((c, i) => [Math.max(r.latency.boundsMs[i] ?? 0, 1e-3), (100 * c) / total]),
        };
      }),
    });
    chart('chart-util', s, {
      animation: false,
      title: { text: 'OSD utilisation, busiest first', textStyle: { fontSize: 13 } },
      legend: { top: 0, right: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: (sim.runs[0]?.osds ?? []).map((_, i) => i + 1) },
      yAxis: { type: 'value', name: '% busy', max: 100 },
      series: sim.runs.map((r, k) => ({
        name: r.label,
        type: 'line' as const,
        showSymbol: false,
        sampling: 'lttb' as const,
        color: palette[k % palette.length],
        data: r.osds.map((o) => 100 * o.utilisation).sort((a, b) => b - a),
      })),
    });
  }

  function renderOps(d: ReportData): void {
    const s = section('plan', `The plan: ${d.ops.count} operation(s)`);
    const e = d.ops;
    const to = new Map<number, number>();
    for (let k = 0; k + 1 < e.toExceptions.length; k += 2) to.set(e.toExceptions[k]!, e.toExceptions[k + 1]!);
    const reasons = ['balance', 'redundant', 'invalid'];
    const rows: string[][] = [];
    let i = 0;
    for (let r = 0; r + 1 < e.poolRuns.length; r += 2) {
      let ps = 0;
      for (let n = 0; n < e.poolRuns[r + 1]!; n++, i++) {
        ps += e.psDelta[i]!;
        const code = e.code[i]!;
        const osd = e.osd[i]!;
        rows.push([
          String(i + 1),
          `${e.poolRuns[r]}.${ps.toString(16)}`,
          code >= 3 ? 'remove entry' : `primary → osd.${osd}`,
          `osd.${e.from[i]} → osd.${to.get(i) ?? osd}`,
          reasons[code % 3] ?? '',
          ...(e.status ? [e.status[i] ?? ''] : []),
        ]);
      }
    }
    if (rows.length === 0) {
      s.append(el('p', { 'data-testid': 'plan-empty' }, 'Nothing to do: every pool is at its optimum.'));
      return;
    }
    const filter = el('input', { type: 'search', placeholder: 'filter: PG or osd.N', 'data-testid': 'plan-filter' });
    const info = el('span', { class: 'pager-info', 'data-testid': 'plan-pager' });
    const prev = el('button', {}, '‹ previous');
    const next = el('button', {}, 'next ›');
    const holder = el('div');
    s.append(el('div', { class: 'pager' }, filter, prev, next, info), holder);
    const PAGE = 50;
    let page = 0;
    let shown = rows;
    const draw = () => {
      const pages = Math.max(1, Math.ceil(shown.length / PAGE));
      page = Math.min(Math.max(0, page), pages - 1);
      info.textContent = `${shown.length} operation(s), page ${page + 1} of ${pages}`;
      holder.replaceChildren(
        table(
          ['#', 'PG', 'change', 'primary', 'reason', ...(e.status ? ['result'] : [])],
          shown.slice(page * PAGE, (page + 1) * PAGE),
          'plan-table',
        ),
      );
    };
    filter.addEventListener('input', () => {
      const q = filter.value.trim();
      const exact = new RegExp(`(^|[^0-9.])${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^0-9a-f])`);
      shown = q === '' ? rows : rows.filter((r) => exact.test(`${r[1]} ${r[2]} ${r[3]}`));
      page = 0;
      draw();
    });
    prev.addEventListener('click', () => {
      page--;
      draw();
    });
    next.addEventListener('click', () => {
      page++;
      draw();
    });
    draw();
  }

  function render(d: ReportData): void {
    document.title = `${d.title}: ${d.cluster.fsid}`;
    const h = document.getElementById('header');
    h?.replaceChildren(
      el('h1', {}, d.title),
      el(
        'p',
        { 'data-testid': 'subtitle' },
        `cluster ${d.cluster.fsid} · osdmap epoch ${d.cluster.epoch} · policy ${d.policy} · status ${d.status} · ${d.cluster.source} · ${d.generated}`,
      ),
    );
    renderSummary(d);
    renderPools(d);
    renderOsds(d);
    renderHosts(d);
    renderLatency(d);
    renderSim(d);
    renderOps(d);
  }

  const initial = document.getElementById('loadshift-data')?.textContent ?? '';
  if (initial.trim() !== '' && initial.trim() !== 'null') render(JSON.parse(initial) as ReportData);
  window.addEventListener('resize', () => {
    for (const c of charts.values()) c.resize();
  });
  const poll = document.body.dataset.poll;
  // the dashboard inlines the function that turns what it polls into a ReportData (watch-view.ts)
  const view =
    (window as unknown as { loadshiftView?: (x: unknown) => ReportData }).loadshiftView ??
    ((x: unknown) => x as ReportData);
  if (poll) {
    const status = document.getElementById('live-status');
    const every = Number(document.body.dataset.pollMs ?? '5000');
    const tick = async () => {
      try {
        const r = await fetch(poll, { cache: 'no-store' });
        if (r.status === 503) {
          if (status) status.textContent = 'live: waiting for the first round';
        } else {
          if (!r.ok) throw new Error(`${poll}: HTTP ${r.status}`);
          render(view(await r.json()));
          if (status) status.textContent = `live: updated ${new Date().toLocaleTimeString()}`;
        }
      } catch (err) {
        if (status) status.textContent = `live: ${(err as Error).message}; retrying`;
      }
      setTimeout(tick, every);
    };
    void tick();
  }
}
