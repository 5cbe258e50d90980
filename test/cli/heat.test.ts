/**
 * `plan --heat` and `score --heat` on samples recorded on a real Reef cluster (test/fixtures/heat-4osd): the plan's
 * text and JSON carry the per-OSD read load, the LP bound and the gap; the script is the usual one; bad input is one
 * line naming the file with exit 3, misuse exit 2.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const F = (f: string) => join(ROOT, 'test/fixtures/heat-4osd', f);
const HEAT = ['--heat', F('snap-1.json'), F('snap-2.json'), F('snap-3.json')];

interface HeatPlanDoc {
  policy: string;
  operations: { pgid: string; to: number; command: string }[];
  notes?: string[];
  heat: {
    max_over_share: { before: number; after: number };
    lp_bound: number;
    gap: number;
    heaviest_pg: number;
    osds: { osd: number; share: number; measured: number; predicted: number }[];
  };
}

describe('plan --heat', () => {
  it('text: the read load per OSD measured and predicted, the bound and the gap', async () => {
    const r = await runCli(['plan', '--from', F('snap-3.json'), ...HEAT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^loadshift plan: osdmap epoch 145, policy heat, \d+ operation\(s\), status improved/);
    expect(r.stdout).toMatch(/read load per OSD: reads\/s \(ops\) over 71 s, 3 samples, half-life 3600 s/);
    expect(r.stdout).toMatch(
      /largest load over share: [-\d.]+ -> [-\d.]+; LP bound [-\d.]+, lower bound [-\d.]+, gap [\d.]+/,
    );
    expect(r.stdout).toMatch(/OSD +SHARE +MEASURED +PREDICTED AFTER PLAN\nosd\.0 /);
  });

  it('json: the same plan of ops, with the heat figures; the busiest OSD gets lighter, within the guarantee', async () => {
    const r = await runCli(['plan', '--from', F('snap-3.json'), ...HEAT, '--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as HeatPlanDoc;
    expect(d.policy).toBe('heat');
    expect(d.operations.length).toBeGreaterThan(0);
    for (const op of d.operations) expect(op.command).toMatch(/^ceph osd (rm-)?pg-upmap-primary /);
    const h = d.heat;
    expect(h.max_over_share.after).toBeLessThan(h.max_over_share.before);
    expect(h.max_over_share.after).toBeLessThanOrEqual(h.lp_bound + h.heaviest_pg + 1e-9);
    const measured = Math.max(...h.osds.map((o) => o.measured));
    const predicted = Math.max(...h.osds.map((o) => o.predicted));
    expect(predicted).toBeLessThan(measured);
    const sum = (k: 'measured' | 'predicted') => h.osds.reduce((a, o) => a + o[k], 0);
    expect(sum('predicted')).toBeCloseTo(sum('measured'), 6);
    const script = await runCli(['plan', '--from', F('snap-3.json'), ...HEAT, '--format', 'script']);
    expect(script.code).toBe(0);
    for (const op of d.operations)
      expect(script.stdout).toMatch(new RegExp(` ${op.pgid.replace('.', '\\.')}( |$)`, 'm'));
  });

  it('pg dump files work as samples; pg_num changes are noted', async () => {
    const r = await runCli([
      'plan',
      '--from',
      F('snap-4.json'),
      '--heat',
      ...['1', '2', '3', '4'].map((n) => F(`pg-dump-${n}.json`)),
      '--heat-metric',
      'bytes',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as HeatPlanDoc;
    expect(d.notes?.join(' ')).toMatch(/pool 2: pg_num 32 -> 64/);
    expect(d.heat.osds.length).toBe(4);
  });

  it('score --heat: measured and predicted read load per OSD', async () => {
    const r = await runCli(['score', '--from', F('snap-3.json'), ...HEAT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/read load per OSD: reads\/s/);
    expect(r.stdout).toMatch(/predicted after 'loadshift plan --heat': \d+ operation\(s\)/);
    const j = await runCli(['score', '--from', F('snap-3.json'), ...HEAT, '--format', 'json']);
    expect((JSON.parse(j.stdout) as { heat: { osds: unknown[] } }).heat.osds).toHaveLength(4);
  });

  it('bad input: one line naming the file, exit 3; misuse: exit 2', async () => {
    const order = await runCli(['plan', '--from', F('snap-3.json'), '--heat', F('snap-2.json'), F('snap-1.json')]);
    expect(order.code).toBe(3);
    expect(order.stderr.trim().split('\n')).toHaveLength(1);
    expect(order.stderr).toMatch(/^loadshift: .*snap-1\.json: taken at .* give the samples oldest first/);
    const brief = await runCli([
      'plan',
      '--from',
      F('snap-3.json'),
      '--heat',
      F('snap-1.json'),
      join(ROOT, 'test/fixtures/live-8osd/pg-dump-pgs-brief.json'),
    ]);
    expect(brief.code).toBe(3);
    expect(brief.stderr).toMatch(/pg-dump-pgs-brief\.json: has no per-PG read stats/);
    const other = await runCli(['plan', '--from', join(ROOT, 'test/fixtures/live-replies/snapshot.json'), ...HEAT]);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/snap-1\.json: is of cluster 1e645334.*, not /);
    const one = await runCli(['plan', '--from', F('snap-3.json'), '--heat', F('snap-3.json')]);
    expect(one.code).toBe(3);
    expect(one.stderr).toMatch(/two or more samples/);
    const noHeat = await runCli(['plan', '--from', F('snap-3.json'), '--policy', 'heat']);
    expect(noHeat.code).toBe(2);
    expect(noHeat.stderr).toMatch(/--policy: heat needs the read counters/);
    const budget = await runCli(['plan', '--from', F('snap-3.json'), ...HEAT, '--max-changes', '3']);
    expect(budget.code).toBe(2);
  });
});
