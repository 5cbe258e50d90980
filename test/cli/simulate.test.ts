/** `loadshift simulate` end to end (built CLI): the comparison table, the SimReport JSON, and bad inputs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimReport } from '../../src/sim/sim-result.js';
import { type CliRun, DEMO, runCli } from '../helpers/cli.js';

const REEF = join(import.meta.dirname, '../fixtures/sim/demo-reef-read.sh');
const DUMPS = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
const tmp = mkdtempSync(join(tmpdir(), 'loadshift-sim-'));
const script = (name: string, text: string): string => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};

/** Exit `code`, nothing on stdout, one stderr line starting `loadshift: <subject>:` and matching `pattern`. */
function expectOneLineError(r: CliRun, code: number, subject: string, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`loadshift: ${subject}:`)).toBe(true);
  expect(lines[0]).toMatch(pattern);
}

describe('loadshift simulate', () => {
  let text: CliRun;
  let json: CliRun;
  let again: CliRun;
  const args = [
    'simulate',
    '--demo',
    '--reads',
    '20000',
    '--plan-script',
    `osdmaptool --read=${REEF}`,
    '--policy',
    'even,ceph',
  ];

  beforeAll(async () => {
    [text, json, again] = await Promise.all([
      runCli(args),
      runCli([...args, '--format', 'json']),
      runCli([...args, '--format', 'json']),
    ]);
  });

  it('prints one row per plan: CRUSH as is first, then the script, then each policy', () => {
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const rows = text.stdout.split('\n').filter((l) => /^(crush|osdmaptool|loadshift) /.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual([
      'crush',
      'osdmaptool --read',
      'loadshift even',
      'loadshift ceph',
    ]);
    expect(text.stdout).toMatch(/^workload: open loop, Poisson \d+ reads\/s; uniform over PGs; reads only/);
    expect(rows[0]).toMatch(/^crush\s+0\s+\d+\s+\+0\.0%/);
    expect(rows[1]).toMatch(/^osdmaptool --read\s+81\s/);
  });

  it('--format json is a SimReport, the same for the same seed', () => {
    expect(json.code).toBe(0);
    const rep = JSON.parse(json.stdout) as SimReport;
    expect(rep.seed).toBe(1);
    expect(rep.reads).toBe(20000);
    expect(rep.runs.map((r) => r.label)).toEqual(['crush', 'osdmaptool --read', 'loadshift even', 'loadshift ceph']);
    for (const r of rep.runs) {
      expect(r.osds).toHaveLength(12);
      expect(r.osds.reduce((s, o) => s + o.reads, 0)).toBe(20000);
      expect(r.latency.counts.reduce((s, c) => s + c, 0)).toBe(20000);
      expect(r.latency.counts).toHaveLength(r.latency.boundsMs.length);
      expect(r.latency.p50).toBeLessThanOrEqual(r.latency.p99);
      expect(r.latency.p99).toBeLessThanOrEqual(r.latency.p999);
    }
    // the plans balance the demo's primaries: every one raises the saturation throughput
    const [crush, ...plans] = rep.runs;
    for (const p of plans) expect(p.saturationIops).toBeGreaterThan(crush!.saturationIops);
    expect(again.stdout).toBe(json.stdout);
  });

  it('model flags: closed loop, Zipf, writes, noisy OSD, slow host, service times', async () => {
    const r = await runCli([
      'simulate',
      ...DUMPS,
      '--reads',
      '5000',
      '--policy',
      'none',
      '--loop',
      'closed',
      '--clients',
      '8',
      '--depth',
      '2',
      '--zipf',
      '0.9',
      '--write-ratio',
      '0.2',
      '--noisy',
      'osd.3:0.5',
      '--slow-host',
      'node1:2ms:50',
      '--service',
      'hdd:10ms,ssd:1ms',
      '--service-dist',
      'lognormal:0.5',
      '--seed',
      '9',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as SimReport;
    expect(rep.seed).toBe(9);
    expect(rep.workload).toBe(
      'closed loop, 8 clients x depth 2; Zipf s=0.9 over 64 objects/PG; 20% writes (to every replica); lognormal cv 0.5 service, 1 thread(s) per OSD',
    );
    expect(rep.runs).toHaveLength(1);
  });

  it.each([
    [['--loop', 'sideways'], '--loop', /'sideways' is not one of open, closed/],
    [['--reads', '0'], '--reads', /expected an integer in \[1, 100000000\], got '0'/],
    [['--service', 'hdd'], '--service', /'hdd' is not CLASS:TIME/],
    [['--service-dist', 'gamma'], '--service-dist', /not exp, det or lognormal/],
    [['--noisy', 'osd.99:0.5'], '--noisy', /osd\.99 is not in this cluster/],
    [['--noisy', 'osd.1:1.5'], '--noisy', /\[0, 1\)/],
    [['--slow-host', 'nowhere:1ms'], '--slow-host', /no host 'nowhere'/],
    [['--policy', 'even,bogus'], '--policy', /unknown policy 'bogus'/],
    [['--loop', 'closed', '--rate', '100'], '--rate', /open only/],
    [['--osdmap', 'x.json'], '--demo', /not both/],
  ])('usage error %j', async (extra, subject, pattern) => {
    expectOneLineError(await runCli(['simulate', '--demo', ...extra]), 2, subject, pattern);
  });

  it('refuses a script line it does not know, naming the file and line', async () => {
    const f = script('bad.sh', '# Reef\nceph osd pg-upmap-primary 3.3 8\nceph osd pg-upmap 3.3 8 9\n');
    expectOneLineError(
      await runCli(['simulate', '--demo', '--plan-script', f]),
      3,
      `${f}:3`,
      /unknown command 'ceph osd pg-upmap'/,
    );
    const g = script('pg.sh', 'ceph osd pg-upmap-primary 3.fff 8\n');
    expectOneLineError(
      await runCli(['simulate', '--demo', '--plan-script', g]),
      3,
      `${g}:1`,
      /'3\.fff' is not a PG of this cluster/,
    );
    const h = script('osd.sh', '\nceph osd primary-affinity osd.40 0.5\n');
    expectOneLineError(
      await runCli(['simulate', '--demo', '--plan-script', h]),
      3,
      `${h}:2`,
      /'osd\.40' is not an OSD/,
    );
    expectOneLineError(
      await runCli(['simulate', '--demo', '--plan-script', join(tmp, 'none.sh')]),
      3,
      join(tmp, 'none.sh'),
      /no such file/,
    );
  });

  it("reads loadshift's own plan script and primary-affinity lines", async () => {
    const plan = await runCli(['plan', ...DUMPS, '--format', 'script', '--method', 'upmap-primary']);
    expect(plan.code).toBe(0);
    const f = script('ours.sh', plan.stdout);
    const aff = script('aff.sh', 'ceph osd primary-affinity osd.5 0\nceph osd primary-affinity 6 0.5\n');
    const r = await runCli([
      'simulate',
      ...DUMPS,
      '--reads',
      '2000',
      '--policy',
      'even',
      '--plan-script',
      `ours=${f}`,
      '--plan-script',
      aff,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const rep = JSON.parse(r.stdout) as SimReport;
    const [, ours, affinity, even] = rep.runs;
    // the script of `plan --policy even` is the same plan as the in-process one
    expect(ours!.changes).toBe(even!.changes);
    expect(ours!.saturationIops).toBe(even!.saturationIops);
    expect(affinity!.label).toBe(`script ${aff}`);
    expect(affinity!.osds.find((o) => o.osd === 5)!.reads).toBe(0);
  });
});
