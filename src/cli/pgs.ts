/**
 * `loadshift pgs`: every PG's raw / up / acting sets and primaries, printed exactly like the per-PG lines (and the
 * `pool N pg_num M` headers) of `osdmaptool <map> --test-map-pgs-dump-all [--pool ID]` (Ceph Reef), or as JSON.
 * osdmaptool's summary tables (per-OSD counts) are not printed.
 */
import { Option, type Command } from 'commander';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { readInputs } from './read-input.js';
import { findPool, pgidText, type OsdMap } from '../cluster/osdmap.js';
import { pickPrimary } from '../cluster/osdmap.js';
import { mapPgDetailed, newScratch } from '../cluster/pg-mapping.js';
import type { CrushMap } from '../crush/types.js';
import { inputError } from '../errors.js';
import { emitOutput } from './output.js';

interface PgsOptions {
  osdmap: string;
  crush: string;
  pool?: string;
  format: 'text' | 'json';
  output?: string;
}

export interface PgRow {
  pgid: string;
  raw: number[];
  raw_primary: number;
  up: number[];
  up_primary: number;
  acting: number[];
  acting_primary: number;
}

/** Pool ids in osdmaptool's order (ascending); `key` an id or a name. */
function selectPools(osdmap: OsdMap, key: string | undefined, osdmapPath: string): number[] {
  const ids = [...osdmap.pools.keys()].sort((a, b) => a - b);
  if (key === undefined) return ids;
  const id = findPool(osdmap, key);
  if (id !== undefined) return [id];
  throw inputError(
    osdmapPath,
    `no pool '${key}' (pools: ${ids.map((id) => `${id} '${osdmap.pools.get(id)?.name ?? ''}'`).join(', ')})`,
  );
}

/** Rows per pool, in osdmaptool order. */
export function pgRows(
  osdmap: OsdMap,
  crush: CrushMap,
  poolIds: readonly number[],
): Array<{ poolId: number; pgNum: number; rows: PgRow[] }> {
  const s = newScratch();
  return poolIds.map((id) => {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) return { poolId: id, pgNum: 0, rows: [] };
    const rows: PgRow[] = [];
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const { crushRaw, mapping } = mapPgDetailed(osdmap, crush, pool, ps, s);
      rows.push({
        pgid: pgidText(id, ps),
        raw: crushRaw,
        raw_primary: pickPrimary(crushRaw),
        up: mapping.up,
        up_primary: mapping.upPrimary,
        acting: mapping.acting,
        acting_primary: mapping.actingPrimary,
      });
    }
    return { poolId: id, pgNum: pool.pgNum, rows };
  });
}

const vec = (v: readonly number[]): string => `[${v.join(',')}]`;

/** osdmaptool's text: "pool N pg_num M" then "PGID raw ([..], pP) up ([..], pP) acting ([..], pP)" per PG. */
export function pgsText(pools: ReturnType<typeof pgRows>): string {
  const out: string[] = [];
  for (const p of pools) {
    out.push(`pool ${p.poolId} pg_num ${p.pgNum}`);
    for (const r of p.rows) {
      out.push(
        `${r.pgid} raw (${vec(r.raw)}, p${r.raw_primary}) up (${vec(r.up)}, p${r.up_primary}) acting (${vec(r.acting)}, p${r.acting_primary})`,
      );
    }
  }
  return out.join('\n') + '\n';
}

export function registerPgs(program: Command): void {
  program
    .command('pgs')
    .description("map every PG like 'osdmaptool --test-map-pgs-dump-all': raw, up and acting sets with their primaries")
    .requiredOption('--osdmap <file>', "OSD map JSON ('ceph osd dump -f json')")
    .requiredOption('--crush <file>', "CRUSH map JSON ('ceph osd crush dump -f json')")
    .option('--pool <id|name>', 'only this pool')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .action((opts: PgsOptions) => {
      const [om, cr] = readInputs({ '--osdmap': opts.osdmap, '--crush': opts.crush });
      const { osdmap, crush } = parseSnapshot(om!, cr!);
      const pools = pgRows(osdmap, crush, selectPools(osdmap, opts.pool, opts.osdmap));
      const text = opts.format === 'json' ? JSON.stringify(pools.flatMap((p) => p.rows)) + '\n' : pgsText(pools);
      emitOutput(text, opts.output);
    });
}
