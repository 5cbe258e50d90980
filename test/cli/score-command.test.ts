/**
 * `loadshift score` end to end (built CLI): the read_balance blocks equal what the Reef monitor dumped for the demo
 * cluster (and the live 8-OSD cluster), the optimum agrees with the plan builder, --pool, text format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { evenPolicy } from '../../src/policy/even-policy.js';
import { loadSnap, planOf } from '../unit/balance/plan-fixtures.js';

const LIVE8 = join(ROOT, 'test/fixtures/live-8osd');
const files = (dir: string) => ['--osdmap', join(dir, 'osd-dump.json'), '--crush', join(dir, 'osd-crush-dump.json')];

const run = (args: string[]) => runCli(['score', ...args]);

interface ScorePool {
  id: number;
  name: string;
  type: string;
  pgNum: number;
  read_balance: Record<string, number> | null;
  maxPrimaries: number;
  eligibleOsds: number;
  optimum: number | null;
}

function parseReport(r: CliRun): { epoch: number; pools: ScorePool[] } {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every field of the monitor's read_balance block, to 2 decimals (the monitor rounds the scores to 2). */
function expectSameBlock(
  ours: Record<string, number> | null,
  dumped: Record<string, number> | undefined,
  label: string,
): void {
  if (dumped === undefined) {
    expect(ours, label).toBeNull();
    return;
  }
  expect(ours, label).not.toBeNull();
  expect(Object.keys(ours!).sort(), label).toEqual(Object.keys(dumped).sort());
  for (const [k, v] of Object.entries(dumped)) expect(ours![k], `${label} ${k}`).toBeCloseTo(v, 2);
}

describe('loadshift score', () => {
  let demoJson: CliRun, demoText: CliRun, p128: CliRun, live8: CliRun;
  beforeAll(async () => {
    [demoJson, demoText, p128, live8] = await Promise.all([
      run([...files(DEMO), '--format', 'json']),
      run(files(DEMO)),
      run([...files(DEMO), '--format', 'json', '--pool', 'p128']),
      run([...files(LIVE8), '--format', 'json']),
    ]);
  });

  for (const [label, dir, get] of [
    ['demo cluster', DEMO, () => demoJson],
    ['live-8osd (with an erasure-coded pool)', LIVE8, () => live8],
  ] as const) {
    it(`read_balance equals the monitor's block of every pool: ${label}`, () => {
      const dump = JSON.parse(readFileSync(join(dir, 'osd-dump.json'), 'utf8'));
      const report = parseReport(get());
      expect(report.epoch).toBe(dump.epoch);
      expect(report.pools.map((p) => p.id)).toEqual(dump.pools.map((p: any) => p.pool));
      for (const p of report.pools) {
        const d = dump.pools.find((x: any) => x.pool === p.id);
        expect(p.name).toBe(d.pool_name);
        expectSameBlock(p.read_balance, d.read_balance, `pool ${p.name}`);
        if (p.type === 'replicated') {
          expect(Number.isInteger(p.optimum), p.name).toBe(true);
          expect(p.optimum!, p.name).toBeGreaterThan(0);
          expect(p.optimum!, p.name).toBeLessThanOrEqual(p.maxPrimaries);
          expect(p.optimum!, p.name).toBeGreaterThanOrEqual(Math.ceil(p.pgNum / p.eligibleOsds));
        } else {
          expect(p.optimum, p.name).toBe(0);
        }
      }
    });
  }

  it('the optimum is what the plan builder reaches (even policy)', () => {
    const report = parseReport(demoJson);
    const plan = planOf(loadSnap('demo'), { policy: evenPolicy });
    for (const p of report.pools) {
      const pp = plan.pools.find((x) => x.poolId === p.id)!;
      expect([p.name, p.optimum, p.maxPrimaries]).toEqual([p.name, pp.optimum, pp.maxBefore]);
      expect(pp.maxAfter).toBe(p.optimum);
    }
  });

  it('--pool p128: only that pool, same figures as in the full report', () => {
    const report = parseReport(p128);
    expect(report.pools.map((p) => [p.id, p.name])).toEqual([[3, 'p128']]);
    expect(report.pools[0]).toEqual(parseReport(demoJson).pools.find((p) => p.id === 3));
  });

  it('text format: exit 0, a row per pool', () => {
    expect(demoText.stderr).toBe('');
    expect(demoText.code).toBe(0);
    expect(demoText.stdout).toMatch(/^POOL\s+ID\s+PGS/m);
    for (const p of parseReport(demoJson).pools)
      expect(demoText.stdout).toMatch(new RegExp(`^${p.name.replace('.', '\\.')}\\s+${p.id}\\s+${p.pgNum}\\s`, 'm'));
  });
});
