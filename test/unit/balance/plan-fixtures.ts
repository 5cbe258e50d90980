/**
 * Test helpers for the plan builder: every snapshot of the repository (osdmaptool fixtures, the live 8-OSD dumps,
 * the bundled demo cluster), and the invariants every plan must satisfy, checked against an independent remap
 * (withUpmapPrimaries + mapAllPgs from scratch) and against what the Reef monitor accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildPlan } from '../../../src/balance/build-plan.js';
import type { Plan } from '../../../src/balance/plan.js';
import { opEntry } from '../../../src/balance/primary-op.js';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { parseOsdMap } from '../../../src/ceph/read-osdmap.js';
import { withUpmapPrimaries } from '../../../src/cluster/pg-upmap-primary.js';
import { hostIndex } from '../../../src/cluster/host-index.js';
import { parsePgid, type OsdMap } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import type { PgMapping, Placement } from '../../../src/cluster/placement.js';
import type { CrushMap } from '../../../src/crush/types.js';
import type { Policy } from '../../../src/policy/policy.js';
import { fixtureNames, loadFixture } from '../cluster/osdmap-fixtures.js';

export const ROOT = join(import.meta.dirname, '../../..');
export const DEMO_DIR = join(ROOT, 'demo/cluster-12osd');
export const LIVE8_DIR = join(ROOT, 'test/fixtures/live-8osd');

export interface Snap {
  name: string;
  osdmap: OsdMap;
  crush: CrushMap;
  placement: Placement;
  hostOf: Int32Array;
}

/** Every snapshot: test/fixtures/osdmap/*, live-8osd and the demo cluster. */
export function snapNames(): string[] {
  return [...fixtureNames(), 'live-8osd', 'demo'];
}

function readDumps(dir: string, name: string): { osdmap: OsdMap; crush: CrushMap } {
  const om = join(dir, 'osd-dump.json');
  const cr = join(dir, 'osd-crush-dump.json');
  return {
    osdmap: parseOsdMap(JSON.parse(readFileSync(om, 'utf8')), `${name}/osd-dump.json`),
    crush: parseCrushMap(JSON.parse(readFileSync(cr, 'utf8')), `${name}/osd-crush-dump.json`),
  };
}

const cache = new Map<string, Snap>();

export function loadSnap(name: string): Snap {
  let s = cache.get(name);
  if (s === undefined) {
    const { osdmap, crush } =
      name === 'demo'
        ? readDumps(DEMO_DIR, name)
        : name === 'live-8osd'
          ? readDumps(LIVE8_DIR, name)
          : loadFixture(name);
    s = { name, osdmap, crush, placement: mapAllPgs(osdmap, crush), hostOf: hostIndex(osdmap, crush).hostOf };
    cache.set(name, s);
  }
  return s;
}

export interface PlanArgs {
  policy: Policy;
  poolIds?: number[];
  maxChanges?: number;
  /** false for heat plans: they even out read load, so the count figures (overload, optimum) are not their goal. */
  countObjective?: boolean;
}

export function planOf(s: Snap, a: PlanArgs): Plan {
  return buildPlan({
    osdmap: s.osdmap,
    crush: s.crush,
    placement: s.placement,
    poolIds: a.poolIds ?? [],
    policy: a.policy,
    hostOf: s.hostOf,
    ...(a.maxChanges !== undefined ? { maxChanges: a.maxChanges } : {}),
  });
}

/** The snapshot after the plan, derived independently: the plan's entries applied, every PG mapped from scratch. */
export function remapFromScratch(s: Snap, plan: Plan): { osdmap: OsdMap; placement: Placement } {
  const osdmap = withUpmapPrimaries(s.osdmap, plan.ops.map(opEntry));
  return { osdmap, placement: mapAllPgs(osdmap, s.crush) };
}

/** Acting primaries of the busiest OSD in one pool. */
export function maxPrimaries(placement: Placement, poolId: number, maxOsd: number): number {
  const count = new Int32Array(maxOsd);
  let max = 0;
  for (const pg of placement.pools.get(poolId)?.pgs ?? []) {
    const p = pg.actingPrimary;
    if (p >= 0 && p < maxOsd) max = Math.max(max, ++count[p]!);
  }
  return max;
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function samePg(a: PgMapping | undefined, b: PgMapping): boolean {
  return (
    a !== undefined &&
    a.upPrimary === b.upPrimary &&
    a.actingPrimary === b.actingPrimary &&
    sameList(a.raw, b.raw) &&
    sameList(a.up, b.up) &&
    sameList(a.acting, b.acting)
  );
}

/**
 * Every invariant of a plan (see the brief of build-plan.test.ts). Failures are collected as readable strings and
 * asserted at once per group, so a broken fixture shows every offending PG rather than the first. Returns the
 * independent remap (the map after the plan, every PG mapped from scratch).
 */
export function checkPlan(s: Snap, plan: Plan, a: PlanArgs): { osdmap: OsdMap; placement: Placement } {
  const { osdmap, placement } = s;
  const selected = a.poolIds && a.poolIds.length > 0 ? new Set(a.poolIds) : undefined;

  // --- ops: each one is a command the Reef monitor accepts, against the current map
  const opProblems: string[] = [];
  const seen = new Set<string>();
  for (const op of plan.ops) {
    const where = `${op.op} ${op.pgid}${op.op === 'set' ? ` ${op.osd}` : ''}`;
    if (seen.has(op.pgid)) opProblems.push(`${where}: pg appears twice`);
    seen.add(op.pgid);
    const id = parsePgid(op.pgid);
    const pool = id && osdmap.pools.get(id.pool);
    if (!id || !pool || id.ps >= pool.pgNum) {
      opProblems.push(`${where}: no such pg`);
      continue;
    }
    if (selected && !selected.has(pool.id)) opProblems.push(`${where}: pool ${pool.id} was not selected`);
    if (pool.type !== 'replicated') opProblems.push(`${where}: pool ${pool.id} is ${pool.type}`);
    const m = placement.pools.get(pool.id)!.pgs[id.ps]!;
    if (op.from !== m.actingPrimary)
      opProblems.push(`${where}: from osd.${op.from}, acting primary is osd.${m.actingPrimary}`);
    if (op.op === 'set') {
      const pos = m.acting.indexOf(op.osd);
      if (pos < 0) opProblems.push(`${where}: osd.${op.osd} is not in acting set [${m.acting}]`);
      if (pos === 0) opProblems.push(`${where}: osd.${op.osd} is already primary`);
      if (osdmap.exists[op.osd] !== 1 || osdmap.up[op.osd] !== 1) opProblems.push(`${where}: osd.${op.osd} is not up`);
      if ((osdmap.weight[op.osd] ?? 0) === 0) opProblems.push(`${where}: osd.${op.osd} is out`);
      if (op.reason !== 'balance') opProblems.push(`${where}: a set with reason ${op.reason}`);
    } else if (!osdmap.pgUpmapPrimaries.has(op.pgid)) {
      opProblems.push(`${where}: removes an entry that does not exist`);
    }
    if (op.reason === 'balance' && op.to === op.from)
      opProblems.push(`${where}: a balance op that keeps osd.${op.from}`);
    if (op.reason !== 'balance' && op.to !== op.from)
      opProblems.push(`${where}: a ${op.reason} cleanup that moves the primary`);
  }
  expect(opProblems, `${s.name}: ops`).toEqual([]);
  if (a.maxChanges !== undefined) expect(plan.ops.length).toBeLessThanOrEqual(a.maxChanges);

  // --- after: the plan's prediction equals an independent remap, and every PG keeps one primary in its acting set
  const fresh = remapFromScratch(s, plan);
  expect(new Map(plan.osdmapAfter.pgUpmapPrimaries)).toEqual(new Map(fresh.osdmap.pgUpmapPrimaries));
  const opOf = new Map(plan.ops.map((o) => [o.pgid, o]));
  const aff = osdmap.primaryAffinity;
  const afterProblems: string[] = [];
  for (const pool of osdmap.pools.values()) {
    const before = placement.pools.get(pool.id)!.pgs;
    const predicted = plan.placementAfter.pools.get(pool.id)?.pgs;
    const remapped = fresh.placement.pools.get(pool.id)!.pgs;
    if (predicted === undefined) {
      afterProblems.push(`pool ${pool.id}: missing from placementAfter`);
      continue;
    }
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const pgid = `${pool.id}.${ps.toString(16)}`;
      const b = before[ps]!;
      const r = remapped[ps]!;
      if (!samePg(predicted[ps], r))
        afterProblems.push(`${pgid}: placementAfter ${JSON.stringify(predicted[ps])} != remap ${JSON.stringify(r)}`);
      const p = r.actingPrimary;
      if (b.actingPrimary >= 0 && (p < 0 || !r.acting.includes(p)))
        afterProblems.push(`${pgid}: primary osd.${p} not in acting [${r.acting}]`);
      if (b.actingPrimary < 0 && p >= 0) afterProblems.push(`${pgid}: had no primary, now osd.${p}`);
      if (r.acting.filter((o) => o === p).length > 1) afterProblems.push(`${pgid}: osd.${p} twice in acting`);
      if (p >= 0 && aff !== undefined && aff[p] === 0 && p !== b.actingPrimary)
        afterProblems.push(`${pgid}: led by osd.${p} of primary affinity 0`);
      const op = opOf.get(pgid);
      if (op && op.to !== p) afterProblems.push(`${pgid}: op promises osd.${op.to}, remap gives osd.${p}`);
      if (!op && p !== b.actingPrimary)
        afterProblems.push(`${pgid}: no op, yet primary osd.${b.actingPrimary} -> osd.${p}`);
      if (r.acting.length !== b.acting.length || r.acting.some((o) => !b.acting.includes(o)))
        afterProblems.push(`${pgid}: acting members changed`);
    }
  }
  expect(afterProblems, `${s.name}: after`).toEqual([]);

  // --- per pool figures
  const ids = selected ? [...selected].sort((x, y) => x - y) : [...osdmap.pools.keys()].sort((x, y) => x - y);
  expect(plan.pools.map((p) => p.poolId)).toEqual(ids);
  for (const pp of plan.pools) {
    const pool = osdmap.pools.get(pp.poolId)!;
    const label = `${s.name} pool ${pool.id} ${pool.name} (${plan.policy}, maxChanges ${a.maxChanges ?? '-'})`;
    if (pool.type !== 'replicated') {
      expect(pp.status, label).toBe('skipped');
      continue;
    }
    expect(pp.status, label).not.toBe('skipped');
    const poolOps = plan.ops.filter((o) => parsePgid(o.pgid)?.pool === pool.id);
    expect(pp.moves, label).toBe(poolOps.filter((o) => o.reason === 'balance').length);
    expect(pp.cleanups, label).toBe(poolOps.filter((o) => o.reason !== 'balance').length);
    expect(pp.maxBefore, label).toBe(maxPrimaries(placement, pool.id, osdmap.maxOsd));
    expect(pp.maxAfter, label).toBe(maxPrimaries(fresh.placement, pool.id, osdmap.maxOsd));
    if (a.countObjective === false) continue;
    expect(pp.overloadAfter, label).toBeLessThanOrEqual(pp.overloadBefore + 1e-9);
    expect(pp.overloadAfter, label).toBeGreaterThanOrEqual(pp.overloadOptimum - 1e-9);
    if (plan.policy === 'even') {
      expect(pp.maxAfter, label).toBeLessThanOrEqual(pp.maxBefore);
      expect(pp.optimum, label).not.toBeNull();
      expect(pp.maxAfter, label).toBeGreaterThanOrEqual(pp.optimum as number);
    }
    if (a.maxChanges === undefined) {
      expect(pp.status, label).toBe('balanced');
      expect(pp.overloadAfter, label).toBeCloseTo(pp.overloadOptimum, 6);
      if (plan.policy === 'even') expect(pp.maxAfter, label).toBe(pp.optimum);
    } else {
      expect(['balanced', 'budget-limited'], label).toContain(pp.status);
      expect(pp.status === 'balanced', label).toBe(pp.overloadAfter <= pp.overloadOptimum + 1e-7);
    }
  }
  if (a.maxChanges === undefined) expect(plan.status).not.toBe('budget-limited');
  if (plan.ops.length === 0) expect(['budget-limited', 'balanced']).toContain(plan.status);
  return fresh;
}
