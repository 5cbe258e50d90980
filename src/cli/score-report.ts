/**
 * The report behind `loadshift score` and the plan's text view: Ceph Reef's read_balance block and loadshift's own
 * primary figures, per pool, and its text rendering. scorePools() and renderScoreText() are pure; the command
 * (score-command.ts) only reads the snapshot and maps the PGs.
 */
import { textTable } from './text-table.js';
import type { OsdMap, Pool } from '../cluster/osdmap.js';
import type { Placement } from '../cluster/placement.js';
import {
  isReadBalanceError,
  readBalanceBlock,
  readBalanceScore,
  type ReadBalance,
  type ReadBalanceErrorBlock,
} from '../cluster/read-balance-score.js';
import type { RuleOsdWeight } from '../cluster/rule-osds.js';
import type { ReadBalanceSizeAware } from '../cluster/size-aware-score.js';
import type { HostIndex } from '../cluster/host-index.js';
import { primaryStats } from '../cluster/primary-stats.js';

export interface PoolScore {
  id: number;
  name: string;
  type: Pool['type'];
  pgNum: number;
  size: number;
  crushRule: number;
  /** Exactly what Ceph dumps as `read_balance` for this pool (size-aware with read_ratio); null when none (erasure). */
  read_balance: ReadBalance | ReadBalanceSizeAware | ReadBalanceErrorBlock | null;
  /** Why Ceph's score is missing or unreliable (Reef's error_message, or why no block). */
  error: string | null;
  /** Acting primaries: the busiest OSD's count and the mean over eligible OSDs. */
  maxPrimaries: number;
  meanPrimaries: number;
  busiestOsd: number | null;
  eligibleOsds: number;
  /** Best achievable max primaries per OSD, filled by the engine through optimumOf; null until then. */
  optimum: number | null;
}

export interface OsdScore {
  osd: number;
  host: string | null;
  /** Acting primaries by pool id (pools in report order). */
  primaries: Record<string, number>;
  total: number;
  readLoad: number;
}

export interface ScoreReport {
  epoch: number;
  pools: PoolScore[];
  osds: OsdScore[];
  hosts: Array<{ host: string; primaries: number; readLoad: number }>;
}

export interface ScoreInputs {
  osdmap: OsdMap;
  placement: Placement;
  /** OSDs of a pool's CRUSH rule with Ceph's normalised weights (ruleOsdWeights()). */
  ruleOsdsOf: (pool: Pool) => readonly RuleOsdWeight[];
  hosts: HostIndex;
}

export interface ScoreOptions {
  /** Pools to report, in this order (default: every pool, by id). */
  poolIds?: readonly number[];
  /** The engine's optimum for a pool (injected; loadshift's engine wires it). */
  optimumOf?: (poolId: number) => number;
}

export function scorePools(input: ScoreInputs, options: ScoreOptions = {}): ScoreReport {
  const { osdmap, placement, hosts } = input;
  const ids = options.poolIds ?? [...osdmap.pools.keys()].sort((a, b) => a - b);
  const stats = primaryStats(osdmap, placement, hosts, { poolIds: ids });
  const pools: PoolScore[] = [];
  for (const s of stats.pools) {
    const pool = osdmap.pools.get(s.poolId) as Pool;
    const pp = placement.pools.get(pool.id);
    const rb = pp === undefined ? undefined : readBalanceScore(osdmap, pool, pp, input.ruleOsdsOf(pool));
    const block = rb === undefined ? undefined : readBalanceBlock(rb);
    pools.push({
      id: pool.id,
      name: pool.name,
      type: pool.type,
      pgNum: pool.pgNum,
      size: pool.size,
      crushRule: pool.crushRule,
      read_balance: block ?? null,
      error:
        rb === undefined
          ? 'no placement for this pool'
          : isReadBalanceError(rb)
            ? rb.error
            : (rb.error_message ?? null),
      maxPrimaries: s.maxPrimaries,
      meanPrimaries: s.meanPrimaries,
      busiestOsd: s.busiestOsd >= 0 ? s.busiestOsd : null,
      eligibleOsds: s.eligibleCount,
      optimum: options.optimumOf ? options.optimumOf(pool.id) : null,
    });
  }
  const osds: OsdScore[] = [];
  for (let osd = 0; osd < osdmap.maxOsd; osd++) {
    if (!osdmap.exists[osd]) continue;
    const primaries: Record<string, number> = {};
    for (const s of stats.pools) primaries[String(s.poolId)] = s.primaries[osd] ?? 0;
    const h = hosts.hostOf[osd] ?? -1;
    osds.push({
      osd,
      host: hosts.names[h] ?? null,
      primaries,
      total: stats.totalPrimaries[osd] ?? 0,
      readLoad: stats.readLoad[osd] ?? 0,
    });
  }
  return { epoch: osdmap.epoch, pools, osds, hosts: stats.perHost };
}

const num = (x: number | undefined | null, digits = 2) => (x === undefined || x === null ? '-' : x.toFixed(digits));

export function renderScoreText(r: ScoreReport): string {
  const out: string[] = [`osdmap epoch ${r.epoch}\n\n`];
  out.push(
    textTable(
      ['POOL', 'ID', 'PGS', 'SIZE', 'SCORE(ACT)', 'SCORE(STB)', 'OPTIMAL', 'MAX/OSD', 'MEAN/OSD', 'BUSIEST', 'OPTIMUM'],
      r.pools.map((p) => {
        const rb = p.read_balance as Partial<ReadBalance> | null;
        return [
          p.name,
          String(p.id),
          String(p.pgNum),
          String(p.size),
          num(rb?.score_acting),
          num(rb?.score_stable),
          num(rb?.optimal_score),
          String(p.maxPrimaries),
          num(p.meanPrimaries),
          p.busiestOsd === null ? '-' : `osd.${p.busiestOsd}`,
          p.optimum === null ? '-' : String(p.optimum),
        ];
      }),
    ),
  );
  const notes = r.pools.filter((p) => p.error !== null);
  for (const p of notes) out.push(`  ${p.name}: ${p.error}\n`);
  out.push('\nprimaries per OSD\n');
  out.push(
    textTable(
      ['OSD', 'HOST', ...r.pools.map((p) => p.name), 'TOTAL'],
      r.osds.map((o) => [
        `osd.${o.osd}`,
        o.host ?? '-',
        ...r.pools.map((p) => String(o.primaries[String(p.id)] ?? 0)),
        String(o.total),
      ]),
      2,
    ),
  );
  out.push('\nprimaries per host\n');
  out.push(
    textTable(
      ['HOST', 'PRIMARIES'],
      r.hosts.map((h) => [h.host, String(h.primaries)]),
    ),
  );
  return out.join('');
}
