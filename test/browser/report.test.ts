/**
 * The HTML report in real headless Chromium, as a person sees it: `loadshift report --simulate` on the demo cluster
 * and on a 1,200-OSD map (200 hosts), opened from the file with every other request blocked. Checks the titles, that
 * the before/after figures are the plan's (the `plan` text of the same input), that the charts are drawn (canvas
 * pixels), the plan's table and its paging and filter, and no console error; saves screenshots under
 * test-output/browser/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli } from '../helpers/cli.js';
import { drawnShare, HAVE_CHROMIUM, IN_CI, launch, OUT, tableCells, watchedPage } from './browser.js';

const demoArgs = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];

/** Rows of the per-pool table of `loadshift plan`'s text: name -> [ceph score, max primaries/OSD, best, moves]. */
function planPoolRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('POOL '));
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') break;
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\S+(?: -> \S+)?)\s+(\d+(?: -> \d+)?)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(l);
    if (m) rows.set(m[1]!, [m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!, m[9]!]);
  }
  return rows;
}
const arrows = (s: string) => s.replace(/ -> /g, ' → ');

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  const demoReport = join(OUT, 'demo-report.html');
  const bigReport = join(OUT, 'big1200-report.html');
  let planText = '';
  let scriptLines: string[] = [];
  let bigPlanText = '';

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const big = join(OUT, 'big1200');
    mkdirSync(big, { recursive: true });
    for (const f of ['osdmap.json', 'crush.json'])
      writeFileSync(join(big, f), gunzipSync(readFileSync(join(ROOT, 'test/fixtures/osdmap/big1200', `${f}.gz`))));
    const bigArgs = ['--osdmap', join(big, 'osdmap.json'), '--crush', join(big, 'crush.json')];
    const runs = await Promise.all([
      runCli(['report', ...demoArgs, '--simulate', '-o', demoReport]),
      runCli(['plan', ...demoArgs]),
      runCli(['plan', ...demoArgs, '--format', 'script']),
      runCli(['report', ...bigArgs, '-o', bigReport]),
      runCli(['plan', ...bigArgs]),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    planText = runs[1]!.stdout;
    scriptLines = runs[2]!.stdout.split('\n').filter((l) => l.startsWith('run osd '));
    bigPlanText = runs[4]!.stdout;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo plan as the plan text has it: titles, per-pool figures, charts drawn, the ops, the simulation', async () => {
    const { page, errors, external } = await watchedPage(browser);
    await page.goto(`file://${demoReport}`);
    await page.waitForSelector('#chart-latency canvas');
    await page.waitForTimeout(300); // ECharts draws on the next animation frame

    expect(await page.textContent('h1')).toBe('loadshift report');
    const fsid = JSON.parse(readFileSync(join(DEMO, 'osd-dump.json'), 'utf8')).fsid as string;
    const subtitle = (await page.textContent('[data-testid="subtitle"]')) ?? '';
    expect(subtitle).toContain(`cluster ${fsid}`);
    expect(subtitle).toContain('osdmap epoch 33');
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(headings).toEqual([
      'Summary',
      'Pools',
      'Primaries per OSD (12 OSDs)',
      'Primaries per host (4 hosts)',
      'Simulated reads',
      `The plan: ${scriptLines.length} operation(s)`,
    ]);

    // the per-pool table says what `loadshift plan` says
    const want = planPoolRows(planText);
    expect(want.size).toBe(5);
    const cells = await tableCells(page, 'pools-table');
    expect(cells.map((r) => r[0])).toEqual([...want.keys()]);
    for (const r of cells) {
      const w = want.get(r[0]!)!;
      expect([r[1], r[2], r[3], r[4], r[5], r[6], r[7]], r[0]).toEqual([
        w[0],
        w[1],
        arrows(w[2]!),
        arrows(w[3]!),
        w[4],
        w[5],
        w[6],
      ]);
      expect(r[8]!.startsWith(w[7]!)).toBe(true);
    }
    expect(await page.textContent('[data-testid="card-ops"] b')).toBe(String(scriptLines.length));
    // busiest OSD over all pools: the largest ALL POOLS figure of the plan text, before and after
    const all = [...planText.matchAll(/^osd\.\d+\s+\S+.*?\s(\d+)(?: -> (\d+))?$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2] ?? m[1]),
    ]);
    expect(all.length).toBe(12);
    const maxB = Math.max(...all.map((x) => x[0]!));
    const maxA = Math.max(...all.map((x) => x[1]!));
    expect(await page.textContent('[data-testid="card-osd"] b')).toBe(`${maxB} → ${maxA}`);

    // every chart is drawn
    for (const id of ['chart-osd-sorted', 'chart-osd-heat', 'chart-hosts', 'chart-latency', 'chart-util'])
      expect(await drawnShare(page, id), id).toBeGreaterThan(0.01);

    // the simulation: the cluster as is and the plan, and the gain in the summary
    const sim = await tableCells(page, 'sim-table');
    expect(sim.map((r) => r.slice(0, 2))).toEqual([
      ['crush (as is)', '0'],
      ['loadshift even', String(scriptLines.length)],
    ]);
    expect(await page.textContent('[data-testid="card-sim-0"] b')).toMatch(/^saturation \d+ -> \d+ reads\/s \(\+/);

    // the plan's table: its first page is the script's first 50 commands; filter and paging
    const ops = await tableCells(page, 'plan-table');
    expect(ops.length).toBe(50);
    const fromScript = scriptLines.slice(0, 50).map((l) => {
      const m = /^run osd pg-upmap-primary (\S+) (\d+)$/.exec(l);
      expect(m, l).not.toBeNull();
      return [m![1], `primary → osd.${m![2]}`];
    });
    expect(ops.map((r) => [r[1], r[2]])).toEqual(fromScript);
    expect(await page.textContent('[data-testid="plan-pager"]')).toBe(
      `${scriptLines.length} operation(s), page 1 of ${Math.ceil(scriptLines.length / 50)}`,
    );
    await page.fill('[data-testid="plan-filter"]', '3.5a');
    const one = await tableCells(page, 'plan-table');
    expect(one.map((r) => r[1])).toEqual(scriptLines.some((l) => l.includes(' 3.5a ')) ? ['3.5a'] : []);
    await page.fill('[data-testid="plan-filter"]', 'osd.5');
    const to5 = scriptLines.filter((l) => / 5$/.test(l)).length;
    expect(to5).toBeGreaterThan(0);
    const five = await tableCells(page, 'plan-table');
    expect(five.length).toBeGreaterThanOrEqual(Math.min(50, to5));
    for (const r of five) expect(`${r[2]} ${r[3]}`).toMatch(/osd\.5(\D|$)/);
    await page.fill('[data-testid="plan-filter"]', '');

    // one pool's view redraws the OSD charts
    await page.selectOption('[data-testid="pool-select"]', { label: 'p128' });
    await page.waitForTimeout(200);
    expect(await drawnShare(page, 'chart-osd-sorted')).toBeGreaterThan(0.01);

    await page.screenshot({ path: join(OUT, 'report-demo.png'), fullPage: true });
    // the top of the page, for the README (docs/report-demo.png is a copy)
    await page.screenshot({
      path: join(OUT, 'report-demo-top.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1300, height: 1640 },
    });
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('stays readable on 1,200 OSDs in 200 hosts: a heat map and sorted lines, not 1,200 labels', async () => {
    const { page, errors, external } = await watchedPage(browser);
    await page.goto(`file://${bigReport}`);
    await page.waitForSelector('#chart-hosts canvas');
    await page.waitForTimeout(300);
    expect(await page.textContent('h2 >> nth=2')).toBe('Primaries per OSD (1200 OSDs)');
    const want = planPoolRows(bigPlanText).get('rbd')!;
    const rbd = (await tableCells(page, 'pools-table'))[0]!;
    expect(rbd.slice(0, 5)).toEqual(['rbd', want[0], want[1], arrows(want[2]!), arrows(want[3]!)]);
    for (const id of ['chart-osd-sorted', 'chart-osd-heat', 'chart-hosts'])
      expect(await drawnShare(page, id), id).toBeGreaterThan(0.01);
    // no section of the page grows with the OSD count: it fits in a few screens
    const height = await page.evaluate(() => document.body.scrollHeight);
    expect(height).toBeLessThan(5000);
    await page.screenshot({ path: join(OUT, 'report-big1200.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});

describe.runIf(!HAVE_CHROMIUM && IN_CI)('the browser tests in CI', () => {
  it('need Chromium', () => {
    expect.fail('no Chromium at /usr/bin/chromium: .ci/run installs it (apt-get install -y chromium)');
  });
});
