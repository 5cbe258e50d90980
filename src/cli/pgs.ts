/**
 * `loadshift pgs`: every PG's raw / up / acting sets and primaries, printed line for line like
 * `osdmaptool <map> --test-map-pgs-dump-all [--pool ID]` (Ceph Reef): `pool N pg_num M` headers, one line per PG,
 * then osdmaptool's summary over the PGs printed (map-pgs-summary.ts). Or as JSON (the per-PG rows).
 */
import type { Command } from 'commander';
import { mapPgsSummary } from '../ceph/map-pgs-summary.js';
import { pgidText, pickPrimary, type OsdMap } from '../cluster/osdmap.js';
import { mapPgDetailed, newScratch } from '../cluster/pg-mapping.js';
import type { CrushMap } from '../crush/types.js';
import { oneOf, repeatable, single } from './cli-options.js';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { readSnapshotSource, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { emitOutput } from './output.js';
import { selectPools } from './pool-selection.js';

interface PgsOptions extends SnapshotFlags {
  pool: string[];
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
export function pgsText(pools: ReturnType<typeof pgRows>, osdmap: OsdMap, crush: CrushMap): string {
  const out: string[] = [];
  for (const p of pools) {
    out.push(`pool ${p.poolId} pg_num ${p.pgNum}`);
    for (const r of p.rows) {
      out.push(
        `${r.pgid} raw (${vec(r.raw)}, p${r.raw_primary}) up (${vec(r.up)}, p${r.up_primary}) acting (${vec(r.acting)}, p${r.acting_primary})`,
      );
    }
  }
  const acting = pools.flatMap((p) => p.rows.map((r) => ({ acting: r.acting, actingPrimary: r.acting_primary })));
  out.push(...mapPgsSummary(osdmap, crush, acting));
  return out.join('\n') + '\n';
}

export function registerPgs(program: Command): void {
  snapshotOptions(
    program
      .command('pgs')
      .description(
        "map every PG like 'osdmaptool --test-map-pgs-dump-all': raw, up and acting sets with their primaries",
      ),
  )
    .addOption(repeatable('--pool <id|name>', 'only this pool', 'every pool'))
    .addOption(oneOf('--format <format>', 'output format: text, json', ['text', 'json'], 'text'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .action(async (opts: PgsOptions) => {
      const src = await readSnapshotSource(opts);
      const { osdmap, crush } = parseSnapshot(src.osdmap, src.crush);
      const pools = pgRows(osdmap, crush, selectPools(osdmap, { include: opts.pool }, src.subject));
      const text =
        opts.format === 'json' ? JSON.stringify(pools.flatMap((p) => p.rows)) + '\n' : pgsText(pools, osdmap, crush);
      emitOutput(text, opts.output);
    });
}
