/** Parsers and guards of the live commands, on replies recorded from the real Reef test cluster (see the fixtures' README). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { revalidateOps } from '../../../src/balance/revalidate-ops.js';
import { cephCliWords } from '../../../src/ceph/command-args.js';
import { refusalLine } from '../../../src/ceph/errno-name.js';
import { opArgs, opMonCommand } from '../../../src/ceph/op-command.js';
import { preflightChecks } from '../../../src/ceph/preflight-checks.js';
import { parseBalancerStatus } from '../../../src/ceph/read-balancer-status.js';
import { parseFeatures } from '../../../src/ceph/read-features.js';
import { parsePgDump, pgMoveBlocker } from '../../../src/ceph/read-pg-dump.js';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { parseSnapshotFile, snapshotDocuments } from '../../../src/ceph/snapshot-file.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { splitArgv } from '../../../src/transport/split-argv.js';
import { splitBatches } from '../../../src/transport/apply-plan.js';

const DIR = join(import.meta.dirname, '../../fixtures/live-replies');
const json = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const recordedFeatures = json('features.json') as Record<string, unknown[]>;
/** The client group a Pacific 16.2.15 librados client showed on the same test cluster (research §4, recorded). */
const PACIFIC_CLIENT = { features: '0x3f01cfbdfffdffff', release: 'reef', num: 1 };

const facts = (over: Partial<Parameters<typeof preflightChecks>[0]> = {}) => ({
  clusterFsid: 'a',
  planFsid: 'a',
  requireMinCompatClient: 'reef',
  features: parseFeatures(recordedFeatures, 'features.json'),
  balancer: parseBalancerStatus(json('balancer-status.json')),
  allowOldClients: false,
  ...over,
});
const failed = (c: ReturnType<typeof preflightChecks>) => c.filter((x) => !x.ok).map((x) => x.name);

describe('preflight on recorded replies', () => {
  it('the recorded test cluster passes every check', () => {
    const f = facts();
    expect(f.features.map((g) => [g.entity, g.release, g.num])).toEqual([
      ['mon', 'reef', 1],
      ['osd', 'reef', 8],
      ['client', 'reef', 5],
      ['mgr', 'reef', 1],
    ]);
    expect(f.balancer).toEqual({ active: false, mode: 'upmap' });
    expect(failed(preflightChecks(f))).toEqual([]);
  });

  it('a pre-Reef librados client labelled reef but missing a feature bit is refused, unless allowed', () => {
    const features = parseFeatures(
      { ...recordedFeatures, client: [...(recordedFeatures.client ?? []), PACIFIC_CLIENT] },
      'features.json',
    );
    const checks = preflightChecks(facts({ features }));
    expect(failed(checks)).toEqual(['old-clients']);
    expect(checks.find((c) => c.name === 'old-clients')?.detail).toMatch(
      /1 reef client\(s\) with features 0x3f01cfbdfffdffff/,
    );
    expect(failed(preflightChecks(facts({ features, allowOldClients: true })))).toEqual([]);
  });

  it('a kernel client group (release luminous) is refused', () => {
    const features = parseFeatures(
      { ...recordedFeatures, client: [{ ...PACIFIC_CLIENT, release: 'luminous' }] },
      'features.json',
    );
    expect(failed(preflightChecks(facts({ features })))).toEqual(['old-clients']);
  });

  it('require_min_compat_client below reef, another fsid, a read-mode mgr balancer are refused', () => {
    expect(failed(preflightChecks(facts({ requireMinCompatClient: 'luminous' })))).toEqual(['compat-client']);
    expect(failed(preflightChecks(facts({ planFsid: 'b' })))).toEqual(['fsid']);
    expect(failed(preflightChecks(facts({ balancer: { active: true, mode: 'upmap-read' } })))).toEqual([
      'mgr-balancer',
    ]);
    expect(failed(preflightChecks(facts({ balancer: { active: true, mode: 'upmap' } })))).toEqual([]);
  });
});

describe('pg dump and PG states', () => {
  it('parses the recorded pgs_brief: every PG active+clean, movable', () => {
    const pgs = parsePgDump(json('pg-dump-pgs-brief.json'), 'pg-dump-pgs-brief.json');
    expect(pgs.size).toBe(265);
    for (const p of pgs.values()) expect(pgMoveBlocker(p.state)).toBeUndefined();
  });
  it('scrubbing, degraded, peering, remapped PGs are not moved', () => {
    expect(pgMoveBlocker('active+clean+scrubbing+deep')).toMatch(/scrubbing/);
    expect(pgMoveBlocker('active+clean+scrubbing')).toMatch(/scrubbing/);
    expect(pgMoveBlocker('active+recovery_wait+degraded')).toMatch(/not active\+clean/);
    expect(pgMoveBlocker('peering')).toMatch(/not active\+clean/);
    expect(pgMoveBlocker('active+clean+remapped')).toMatch(/not active\+clean/);
    expect(pgMoveBlocker('active+clean+snaptrim')).toBeUndefined();
  });
});

describe('commands', () => {
  it('the JSON form and the CLI form of an op are one encoding', () => {
    const set = { op: 'set', pgid: '2.0', osd: 3, from: 6, to: 3, reason: 'balance' } as const;
    const rm = { op: 'remove', pgid: '2.1f', from: 6, to: 3, reason: 'redundant' } as const;
    expect(opMonCommand(set)).toEqual({ prefix: 'osd pg-upmap-primary', pgid: '2.0', id: 3 });
    expect(opArgs(set)).toEqual(['osd', 'pg-upmap-primary', '2.0', '3']);
    expect(opArgs(rm)).toEqual(['osd', 'rm-pg-upmap-primary', '2.1f']);
    expect(cephCliWords({ prefix: 'pg dump', dumpcontents: ['pgs'], format: 'json' })).toEqual([
      'pg',
      'dump',
      'pgs',
      '--format',
      'json',
    ]);
  });
  it('librados refusals read like the CLI prints them (recorded CLI output)', () => {
    const cli = readFileSync(join(DIR, 'refuse-not-in-acting.txt'), 'utf8').split('\n')[0];
    expect(refusalLine(-22, 'osd.0 is not in acting set for pg 2.0')).toBe(cli);
    expect(refusalLine(-2, "pgid '99.0' does not exist")).toBe(
      readFileSync(join(DIR, 'refuse-no-pg.txt'), 'utf8').split('\n')[0],
    );
  });
  it('--via is split without a shell', () => {
    expect(splitArgv('kubectl -n rook-ceph exec -i deploy/rook-ceph-tools --')).toHaveLength(7);
    expect(splitArgv(`/opt/my tools/run.sh`)).toEqual(['/opt/my', 'tools/run.sh']);
    expect(splitArgv(`'/opt/my tools/run.sh' -d "a b"`)).toEqual(['/opt/my tools/run.sh', '-d', 'a b']);
    expect(splitArgv('a $(rm -rf /) ;')).toEqual(['a', '$(rm', '-rf', '/)', ';']);
    expect(() => splitArgv("'open")).toThrow(/unclosed/);
  });
  it('batches: one per pool, or N ops each', () => {
    const op = (pgid: string) => ({ op: 'remove', pgid, from: 0, to: 1, reason: 'balance' }) as const;
    const ops = ['2.0', '2.1', '3.0', '2.2', '4.0'].map(op);
    expect(splitBatches(ops, 'pool').map((b) => b.map((o) => o.pgid))).toEqual([
      ['2.0', '2.1', '2.2'],
      ['3.0'],
      ['4.0'],
    ]);
    expect(splitBatches(ops, 2).map((b) => b.length)).toEqual([2, 2, 1]);
  });
});

describe('snapshot and revalidation', () => {
  const doc = { source: 'snapshot.json', text: readFileSync(join(DIR, 'snapshot.json'), 'utf8') };
  it('a recorded snapshot reads back and maps', () => {
    const s = parseSnapshotFile(doc);
    expect(s.epoch).toBeGreaterThan(0);
    const docs = snapshotDocuments(s, doc.source);
    const { osdmap, crush } = parseSnapshot(docs.osdmap, docs.crush);
    const placement = mapAllPgs(osdmap, crush);
    const pg = placement.pools.get(2)?.pgs[0];
    expect(pg).toBeDefined();
    // revalidation: moving 2.0 to its second OSD holds; the same op with a wrong `from` is stale; a gone PG too
    const second = pg!.acting[1]!;
    const ok = { op: 'set', pgid: '2.0', osd: second, from: pg!.actingPrimary, to: second, reason: 'balance' } as const;
    const r = revalidateOps(osdmap, crush, placement, [
      ok,
      { ...ok, pgid: '2.0', from: (pg!.actingPrimary + 1) % 8 },
      { ...ok, pgid: '2.ff' },
    ]);
    expect(r.valid).toEqual([ok]);
    expect(r.stale.map((d) => d.why)).toEqual([
      expect.stringMatching(/primary is now osd\.\d, the plan expected/),
      'pg 2.ff does not exist any more',
    ]);
  });
  it('bad snapshots: one input error naming the file', () => {
    const s = JSON.parse(doc.text) as Record<string, unknown>;
    const bad = (o: unknown) => () => parseSnapshotFile({ source: 'snap.json', text: JSON.stringify(o) });
    expect(bad({ ...s, version: 2 })).toThrow(/incompatible loadshift \(snapshot version 2/);
    expect(bad({ ...s, fsid: 'other' })).toThrow(/osd_dump is of cluster/);
    expect(bad({ ...s, osd_dump: undefined })).toThrow(/'osd_dump' is missing/);
    expect(() => parseSnapshotFile({ source: 'snap.json', text: doc.text.slice(0, 1000) })).toThrow(/not valid JSON/);
  });
});
