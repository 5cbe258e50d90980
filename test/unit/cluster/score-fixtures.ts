/**
 * Test helpers: read the fixtures of test/fixtures/scores/ (made by scripts/gen-score-fixtures.sh from the
 * real Ceph Reef tools) into loadshift's models without depending on the production JSON reader.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXED_ONE, ITEM_NONE, parsePgid, type OsdMap, type Pool } from '../../../src/cluster/osdmap.js';
import type { PgMapping, Placement, PoolPlacement } from '../../../src/cluster/placement.js';
import {
  ruleOsdWeights,
  takeItemsOfRule,
  type CrushItemWeight,
  type RuleOsdWeight,
} from '../../../src/cluster/rule-osds.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/scores');

export interface Fixture {
  name: string;
  dir: string;
  osdmapJson: any;
  crushJson: any;
  osdmap: OsdMap;
  placement: Placement;
  /** The read_balance block Reef dumped, per pool id (undefined when it dumped none). */
  expected: Map<number, Record<string, unknown> | undefined>;
  ruleOsds(pool: Pool): RuleOsdWeight[];
}

/** Other fixtures of the repository that carry Ceph's read_balance blocks (read only here). */
const EXTRA: Record<string, { dir: string; osdmap: string; crush: string }> = {
  'live-8osd': {
    dir: join(import.meta.dirname, '../../fixtures/live-8osd'),
    osdmap: 'osd-dump.json',
    crush: 'osd-crush-dump.json',
  },
};

export function fixtureDir(name: string): string {
  return EXTRA[name]?.dir ?? join(FIXTURES, name);
}

export function fixtureNames(): string[] {
  const own = readdirSync(FIXTURES).filter((n) => existsSync(join(FIXTURES, n, 'osdmap.json')));
  const extra = Object.keys(EXTRA).filter((n) => existsSync(join(EXTRA[n]!.dir, EXTRA[n]!.osdmap)));
  return [...own, ...extra].sort();
}

function osdmapFromDump(d: any): OsdMap {
  const maxOsd: number = d.max_osd;
  const exists = new Uint8Array(maxOsd);
  const up = new Uint8Array(maxOsd);
  const weight = new Uint32Array(maxOsd);
  const pa = new Uint32Array(maxOsd).fill(FIXED_ONE);
  let anyPa = false;
  for (const o of d.osds) {
    exists[o.osd] = 1;
    up[o.osd] = o.up;
    weight[o.osd] = Math.round(o.weight * FIXED_ONE);
    pa[o.osd] = Math.round(o.primary_affinity * FIXED_ONE);
    if (pa[o.osd] !== FIXED_ONE) anyPa = true;
  }
  const pools = new Map<number, Pool>();
  const mask = (n: number) => (n <= 1 ? 0 : 2 ** Math.ceil(Math.log2(n)) - 1);
  for (const p of d.pools) {
    pools.set(p.pool, {
      id: p.pool,
      name: p.pool_name,
      type: p.type === 1 ? 'replicated' : 'erasure',
      size: p.size,
      minSize: p.min_size,
      crushRule: p.crush_rule,
      pgNum: p.pg_num,
      pgpNum: p.pg_placement_num,
      pgNumMask: mask(p.pg_num),
      pgpNumMask: mask(p.pg_placement_num),
      hashpspool: String(p.flags_names).includes('hashpspool'),
    });
  }
  return {
    epoch: d.epoch,
    fsid: String(d.fsid ?? ''),
    maxOsd,
    exists,
    up,
    weight,
    primaryAffinity: anyPa ? pa : undefined,
    pools,
    pgUpmap: new Map(),
    pgUpmapItems: new Map(),
    pgUpmapPrimaries: new Map((d.pg_upmap_primaries ?? []).map((e: any) => [e.pgid, e.primary_osd])),
    pgTemp: new Map(),
    primaryTemp: new Map(),
    requireMinCompatClient: d.require_min_compat_client ?? '',
  };
}

function emptyPlacement(osdmap: OsdMap): Placement {
  const pools = new Map<number, PoolPlacement>();
  for (const p of osdmap.pools.values()) pools.set(p.id, { poolId: p.id, pgs: new Array<PgMapping>(p.pgNum) });
  return { pools };
}

function put(placement: Placement, pgid: string, m: PgMapping): void {
  const id = parsePgid(pgid);
  if (!id) throw new Error(`bad pgid ${pgid}`);
  const pp = placement.pools.get(id.pool);
  if (!pp) throw new Error(`pg ${pgid} of unknown pool`);
  pp.pgs[id.ps] = m;
}

const list = (s: string): number[] =>
  s.trim() === '' ? [] : s.split(',').map((x) => (x.trim() === 'NONE' ? ITEM_NONE : Number(x)));

/** Parses `osdmaptool --test-map-pgs-dump-all`: "1.0 raw ([7,0,19], p7) up ([7,0,19], p7) acting ([7,0,19], p7)". */
export function parseTestMapPgsDumpAll(text: string, placement: Placement): number {
  let n = 0;
  const re =
    /^(\d+\.[0-9a-f]+)\s+raw \(\[([^\]]*)\], p(-?\d+)\) up \(\[([^\]]*)\], p(-?\d+)\) acting \(\[([^\]]*)\], p(-?\d+)\)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    put(placement, m[1]!, {
      raw: list(m[2]!),
      up: list(m[4]!),
      upPrimary: Number(m[5]),
      acting: list(m[6]!),
      actingPrimary: Number(m[7]),
    });
    n++;
  }
  return n;
}

/** Placement source: osdmaptool's --test-map-pgs-dump-all (every fixture) or the live cluster's pg dump (cluster-*). */
export type PgSource = 'test-map' | 'pgs-brief';

export function fixtureHasBrief(name: string): boolean {
  return EXTRA[name] !== undefined
    ? existsSync(join(EXTRA[name]!.dir, 'pg-dump-pgs-brief.json'))
    : existsSync(join(FIXTURES, name, 'pgs-brief.json'));
}

export function loadFixture(name: string, source: PgSource = 'test-map'): Fixture {
  const extra = EXTRA[name];
  const dir = extra?.dir ?? join(FIXTURES, name);
  const osdmapJson = JSON.parse(readFileSync(join(dir, extra?.osdmap ?? 'osdmap.json'), 'utf8'));
  const crushJson = JSON.parse(readFileSync(join(dir, extra?.crush ?? 'crush.json'), 'utf8'));
  const osdmap = osdmapFromDump(osdmapJson);
  const placement = emptyPlacement(osdmap);
  if (source === 'pgs-brief') {
    const brief = JSON.parse(readFileSync(join(dir, extra ? 'pg-dump-pgs-brief.json' : 'pgs-brief.json'), 'utf8'));
    for (const p of brief.pg_stats ?? brief) {
      put(placement, p.pgid, {
        raw: p.up,
        up: p.up,
        upPrimary: p.up_primary,
        acting: p.acting,
        actingPrimary: p.acting_primary,
      });
    }
  } else {
    parseTestMapPgsDumpAll(readFileSync(join(dir, 'test-map-pgs-dump-all.txt'), 'utf8'), placement);
  }
  const expected = new Map<number, Record<string, unknown> | undefined>();
  for (const p of osdmapJson.pools) expected.set(p.pool, p.read_balance);
  const buckets = new Map<number, CrushItemWeight[]>();
  for (const b of crushJson.buckets)
    buckets.set(
      b.id,
      b.items.map((i: any) => ({ id: i.id, weight: i.weight })),
    );
  const rules = new Map<number, any>(crushJson.rules.map((r: any) => [r.rule_id, r]));
  return {
    name,
    dir,
    osdmapJson,
    crushJson,
    osdmap,
    placement,
    expected,
    ruleOsds: (pool) => ruleOsdWeights(takeItemsOfRule(rules.get(pool.crushRule)), (id) => buckets.get(id)),
  };
}

/** Host index from a fixture's CRUSH dump JSON (type "host" buckets, shadow "~class" buckets skipped). */
export function hostsOf(crush: any, maxOsd: number): { hostOf: Int32Array; names: string[] } {
  const hostOf = new Int32Array(maxOsd).fill(-1);
  const names: string[] = [];
  for (const b of crush.buckets) {
    if (b.type_name !== 'host' || String(b.name).includes('~')) continue;
    for (const i of b.items) if (i.id >= 0 && i.id < maxOsd) hostOf[i.id] = names.length;
    names.push(b.name);
  }
  return { hostOf, names };
}
