/** The report page: self-contained (no URL it would load), data that cannot break out of its script element. */
import { describe, expect, it } from 'vitest';
import { evenPolicy } from '../../../src/policy/even-policy.js';
import { buildReportData } from '../../../src/report/build-report-data.js';
import { renderReport } from '../../../src/report/render-report.js';
import { loadSnap, planOf } from '../balance/plan-fixtures.js';

const lib = { name: 'test lib', source: 'window.echarts = { init() {} };' };
const figures = (names: string[]) => ({
  pools: [{ id: 1, maxPrimaries: 3, read_balance: { score_acting: 1.5 } }],
  osds: [{ osd: 0, host: names[0] ?? null, primaries: { '1': 3 }, total: 3 }],
  hosts: names.map((host) => ({ host, primaries: 3 })),
});

describe('renderReport', () => {
  const plan = planOf(loadSnap('demo'), { policy: evenPolicy });
  const evil = '</script><script>alert(1)</script><!--';
  const data = buildReportData(plan, figures([evil]), figures([evil]), {
    generated: '2026-01-01T00:00:00Z',
    source: evil,
  });
  const html = renderReport(data, lib);

  it('loads nothing: no src or href, a CSP that allows no other origin', () => {
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).toContain(
      `content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:;"`,
    );
  });

  it("keeps names from the cluster inside the JSON: exactly the page's own script elements close", () => {
    expect(html.match(/<\/script>/g)?.length).toBe(3);
    expect(html.match(/<script[\s>]/g)?.length).toBe(3);
    const json = /<script type="application\/json" id="loadshift-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(json).hosts.names).toEqual([evil]);
    expect(JSON.parse(json).ops.count).toBe(plan.ops.length);
  });
});
