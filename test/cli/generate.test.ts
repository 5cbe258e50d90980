/**
 * `loadshift generate` and `loadshift whatif` end to end: deterministic bytes, what every command reads, and the
 * one-line errors (field named, exit 3 for impossible specs and edits, exit 2 for malformed flags).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, expectInputErrorRun, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'loadshift-generate-'));
const SPEC = [
  '--racks',
  '2',
  '--hosts-per-rack',
  '3',
  '--osds-per-host',
  '4',
  '--classes',
  'hdd:3,ssd:1',
  '--weights',
  'hdd:2-8,ssd:1',
  '--pool',
  'rbd:replicated:3:128',
  '--pool',
  'ec:erasure:2+2:64:host:hdd',
  '--random-affinity',
  '3:0.5',
  '--random-out',
  '2',
  '--random-down',
  '1',
];

describe('loadshift generate', () => {
  it('gives the same bytes for the same seed and another cluster for another seed', async () => {
    const [a, b, c] = await Promise.all([
      runCli(['generate', ...SPEC, '--seed', '5']),
      runCli(['generate', ...SPEC, '--seed', '5']),
      runCli(['generate', ...SPEC, '--seed', '6']),
    ]);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const snap = JSON.parse(a.stdout) as { format: string; osd_dump: { osds: { up: number; in: number }[] } };
    expect(snap.format).toBe('loadshift-snapshot');
    expect(snap.osd_dump.osds).toHaveLength(24);
    expect(snap.osd_dump.osds.filter((o) => o.in === 0)).toHaveLength(2);
    expect(snap.osd_dump.osds.filter((o) => o.up === 0)).toHaveLength(1);
  });

  it('writes dumps every command reads (--out DIR) and a snapshot for --from', async () => {
    const dir = join(tmp, 'g1');
    const g = await runCli(['generate', ...SPEC, '--out', dir]);
    expect(g.code).toBe(0);
    expect(g.stderr).toMatch(/^loadshift: generated 24 OSDs, 2 pools/);
    const fromDumps = await runCli(['score', '--osdmap', join(dir, 'osdmap.json'), '--crush', join(dir, 'crush.json')]);
    const fromSnap = await runCli(['score', '--from', join(dir, 'snapshot.json')]);
    expect(fromDumps.code).toBe(0);
    expect(fromSnap.code).toBe(0);
    expect(fromSnap.stdout).toBe(fromDumps.stdout);
    expect(fromSnap.stdout).toMatch(/^rbd\s+1\s+128\s+3/m);
    const plan = await runCli(['plan', '--from', join(dir, 'snapshot.json'), '--format', 'json']);
    expect(plan.code).toBe(0);
    expect(readFileSync(join(dir, 'mapgen-spec.sh'), 'utf8')).toMatch(
      /^add_osd 23 1 ssd root=default rack=rack1 host=host5$/m,
    );
  });

  it('refuses a rule that cannot place size replicas, naming the pool', async () => {
    const r = await runCli(['generate', '--hosts-per-rack', '3', '--pool', 'ec:erasure:4+2:64']);
    expectInputErrorRun(r, '--pool ec', /needs 6 hosts under default but there are 3/);
    const cls = await runCli([
      'generate',
      '--hosts-per-rack',
      '2',
      '--classes',
      'hdd:3,ssd:1',
      '--pool',
      'f:replicated:3:8:osd:ssd',
    ]);
    expectInputErrorRun(cls, '--pool f', /needs 3 OSDs under default~ssd but there are 2/);
  });

  it('names the field of an impossible or malformed spec', async () => {
    const [rack, cls, aff, osd, bad] = await Promise.all([
      runCli(['generate', '--pool', 'x:replicated:3:8:rack']),
      runCli(['generate', '--pool', 'x:replicated:3:8:host:nvme']),
      runCli(['generate', '--primary-affinity', '1:1.5']),
      runCli(['generate', '--out-osds', '99']),
      runCli(['generate', '--pool', 'x:mirror:3:8']),
    ]);
    expectInputErrorRun(rack, '--pool x', /no racks/);
    expectInputErrorRun(cls, '--pool x', /'nvme' is not one of --classes/);
    expectInputErrorRun(aff, '--primary-affinity', /out of range/);
    expectInputErrorRun(osd, '--out-osds', /osd\.99 does not exist/);
    const heavy = await runCli([
      'generate',
      '--hosts-per-rack',
      '100',
      '--osds-per-host',
      '10',
      '--weights',
      'hdd:100',
    ]);
    expectInputErrorRun(heavy, '--weights', /add up to 100000, more than a 16\.16 bucket weight holds/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^loadshift: --pool x: pool type 'mirror'/);
  });
});

describe('loadshift whatif', () => {
  it('edits a snapshot: epoch bumped, states changed, every command reads the result', async () => {
    const src = join(tmp, 'w-src.json');
    const out = join(tmp, 'w-out.json');
    expect((await runCli(['generate', ...SPEC, '-o', src])).code).toBe(0);
    const w = await runCli([
      'whatif',
      '--from',
      src,
      '--out-osd',
      '0,1',
      '--down-osd',
      'osd.5',
      '--reweight',
      '6:0.5',
      '--primary-affinity',
      '7:0',
      '--add-host',
      'extra:rack1:2:4:hdd',
      '--remove-host',
      'host0',
      '-o',
      out,
    ]);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(
      /whatif e1 -> e2: remove host host0 \(osd\.0, osd\.1, osd\.2, osd\.3\); add host extra \(osd\.0, osd\.1\)/,
    );
    const before = JSON.parse(readFileSync(src, 'utf8'));
    const after = JSON.parse(readFileSync(out, 'utf8'));
    expect(after.epoch).toBe(before.epoch + 1);
    expect(after.osd_dump.epoch).toBe(after.epoch);
    const osd = (id: number) => after.osd_dump.osds.find((o: { osd: number }) => o.osd === id);
    // host0's OSDs were purged; the new host took ids 0 and 1, then out/down applied to them
    expect(osd(0)).toMatchObject({ in: 0, weight: 0, up: 1 });
    expect(osd(5)).toMatchObject({ up: 0, state: ['exists'] });
    expect(osd(6)).toMatchObject({ in: 1, weight: 0.5 });
    expect(osd(7)).toMatchObject({ primary_affinity: 0 });
    expect(osd(3)).toBeUndefined();
    expect(osd(2)).toBeUndefined();
    expect(after.osd_crush_dump.buckets.map((b: { name: string }) => b.name)).toContain('extra~hdd');
    const score = await runCli(['score', '--from', out]);
    expect(score.code).toBe(0);
    expect(score.stdout).toMatch(/^osdmap epoch 2$/m);
  });

  it('works on the live demo dumps and writes dumps with --format', async () => {
    const r = await runCli([
      'whatif',
      '--osdmap',
      join(DEMO, 'osd-dump.json'),
      '--crush',
      join(DEMO, 'osd-crush-dump.json'),
      '--reweight',
      '5:0.25',
      '--format',
      'osdmap',
    ]);
    expect(r.code).toBe(0);
    const od = JSON.parse(r.stdout);
    const demo = JSON.parse(readFileSync(join(DEMO, 'osd-dump.json'), 'utf8'));
    expect(od.epoch).toBe(demo.epoch + 1);
    expect(od.osds[5].weight).toBe(0.25);
    expect(od.osds[4]).toEqual(demo.osds[4]);
  });

  it('refuses unknown OSDs and hosts and out-of-range values with one line, exit 3', async () => {
    const base = ['whatif', '--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
    const [osd, host, w, dup, short] = await Promise.all([
      runCli([...base, '--out-osd', '42']),
      runCli([...base, '--remove-host', 'nosuch']),
      runCli([...base, '--reweight', '1:2']),
      runCli([...base, '--add-host', 'node0::1:1:hdd']),
      runCli([...base, '--remove-host', 'node0', '--remove-host', 'node1', '--remove-host', 'node2']),
    ]);
    expectInputErrorRun(osd, '--out-osd', /osd\.42 does not exist/);
    expectInputErrorRun(host, '--remove-host', /'nosuch' is not a host/);
    expectInputErrorRun(w, '--reweight', /out of range/);
    expectInputErrorRun(dup, '--add-host', /'node0' exists already/);
    expectInputErrorRun(short, '--remove-host', /needs 3 hosts under default but there (is|are) \d after the edits/);
  });
});
