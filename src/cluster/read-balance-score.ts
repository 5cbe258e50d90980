/**
 * Ceph Reef (18.2.x) read balance score of one replicated pool: the `read_balance` block of
 * `ceph osd pool ls detail -f json` / `ceph osd dump -f json` / `osdmaptool --dump json`
 * (OSDMap::calc_read_balance_score + set_rbi + dump_read_balance_score, re-implemented).
 *
 * Reef does this arithmetic in C++ `float`; every step below is rounded to float32 with
 * Math.fround where Ceph uses float, so the numbers match the dump bit for bit
 * (e.g. primary_affinity_weighted 1.0000001192092896).
 *
 *   num_osds        = OSDs in the up set of at least one PG of the pool
 *   avg             = pg_num / num_osds
 *   over the OSDs of the pool's CRUSH rule (the take subtrees), ascending id:
 *     max_prims     = max up-primaries,  max_acting = max acting-primaries
 *     pa_sum        = sum of primary affinities, pa_count = number with affinity != 0
 *     w_pa          = sum of normalised CRUSH weight x affinity,  w_sum = sum of weights
 *   raw_score_stable = round2(max_prims / avg),  raw_score_acting = round2(max_acting / avg)
 *   optimal_score    = round2(num_osds / pa_count)
 *   score_*          = round2(raw_score_* / optimal_score)
 *   average_primary_affinity = round2(pa_sum / pa_count), _weighted = round2(w_pa / w_sum)
 *   primary_affinity_weighted = w_pa (not rounded)
 */
import { primaryAffinityF } from './primary-affinity.js';
import { ITEM_NONE, pgidText, type OsdMap, type Pool } from './osdmap.js';
import type { PoolPlacement } from './placement.js';
import type { RuleOsdWeight } from './rule-osds.js';
import { type ReadBalanceSizeAware, sizeAwareReadBalance } from './size-aware-score.js';

/** The `read_balance` block exactly as Reef dumps it (same field names and order). */
export interface ReadBalance {
  score_acting: number;
  score_stable: number;
  optimal_score: number;
  raw_score_acting: number;
  raw_score_stable: number;
  primary_affinity_weighted: number;
  average_primary_affinity: number;
  average_primary_affinity_weighted: number;
  /** A warning: the score was computed but is not accurate (acting primaries on affinity-0 OSDs). */
  error_message?: string;
}

/** What Reef dumps when the score cannot be computed but it has a message (both scores are 0). */
export interface ReadBalanceErrorBlock {
  error_message: string;
  score_acting: number;
  score_stable: number;
}

/** The score could not be computed; `dumped` is the block Reef prints then, undefined when it prints none. */
export interface ReadBalanceError {
  error: string;
  errno: 'EPERM' | 'EINVAL' | 'ERANGE';
  dumped: ReadBalanceErrorBlock | undefined;
}

export type ReadBalanceResult = ReadBalance | ReadBalanceSizeAware | ReadBalanceError;

export function isReadBalanceError(r: ReadBalanceResult): r is ReadBalanceError {
  return 'error' in r;
}

/** The JSON object Reef emits for this pool (undefined when it emits no `read_balance` key). */
export function readBalanceBlock(
  r: ReadBalanceResult,
): ReadBalance | ReadBalanceSizeAware | ReadBalanceErrorBlock | undefined {
  return isReadBalanceError(r) ? r.dumped : r;
}

const f32 = Math.fround;

/** Ceph's rbi_round on a float: (f*100 in float) + 0.5 in double, floor, /100, back to float. */
export function rbiRound(f: number): number {
  const x = f32(f * 100);
  return f > 0 ? f32(Math.floor(x + 0.5) / 100) : f32(Math.ceil(x - 0.5) / 100);
}

function fail(errno: ReadBalanceError['errno'], error: string, dumped: boolean): ReadBalanceError {
  return { error, errno, dumped: dumped ? { error_message: error, score_acting: 0, score_stable: 0 } : undefined };
}

/**
 * Reef's read balance score of `pool`.
 * @param placement the pool's PGs as OSDMap::pg_to_up_acting_osds maps them (up, up primary, acting, acting primary)
 * @param ruleOsds the OSDs of the pool's CRUSH rule with their normalised weights (ruleOsdWeights())
 */
export function readBalanceScore(
  osdmap: OsdMap,
  pool: Pool,
  placement: PoolPlacement,
  ruleOsds: readonly RuleOsdWeight[],
): ReadBalanceResult {
  if (pool.type !== 'replicated') {
    // Reef dumps no read_balance block for erasure pools.
    return fail('EPERM', `pool ${pool.id} is not a replicated pool, read balance score is meaningless`, false);
  }
  if (pool.readRatio !== undefined) {
    // Squid+: a pool with read_ratio is scored by the size-aware model
    const sa = sizeAwareReadBalance(osdmap, pool, placement, pool.readRatio);
    return 'error' in sa ? fail('EINVAL', sa.error, true) : sa;
  }
  // Counted in arrays indexed by OSD id (every up / acting OSD is below max_osd); only the number of distinct up
  // OSDs is needed, not their PG counts.
  const seen = new Uint8Array(osdmap.maxOsd);
  const primsOf = new Int32Array(osdmap.maxOsd);
  const actingOf = new Int32Array(osdmap.maxOsd);
  let numOsds = 0;
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const pg = placement.pgs[ps];
    if (pg === undefined || pg.up.length === 0) continue;
    for (const osd of pg.up) {
      if (osd !== ITEM_NONE && seen[osd] === 0) {
        seen[osd] = 1;
        numOsds++;
      }
    }
    if (pg.upPrimary !== ITEM_NONE) primsOf[pg.upPrimary]!++;
    if (pg.actingPrimary !== ITEM_NONE) actingOf[pg.actingPrimary]!++;
  }
  if (numOsds === 0) {
    // Reef returns -EINVAL without a message and dumps nothing.
    return fail('EINVAL', `pool ${pool.id} has no PGs mapped to OSDs`, false);
  }

  const avgPrimsPerOsd = f32(f32(pool.pgNum) / f32(numOsds));
  let maxPrims = 0;
  let maxActingPrims = 0;
  let maxOsdScore = 0;
  let actingOnZeroPa = false;
  let paSum = 0;
  let totalWeight = 0;
  let totalWeightedPa = 0;
  let paCount = 0;
  const sorted = [...ruleOsds].sort((a, b) => a.osd - b.osd);
  for (const { osd, weight } of sorted) {
    totalWeight = f32(totalWeight + weight);
    const pa = primaryAffinityF(osdmap, osd);
    totalWeightedPa = f32(totalWeightedPa + f32(weight * pa));
    if (pa !== 0) paCount++;
    const np = osd < primsOf.length ? primsOf[osd]! : 0;
    if (np > 0) maxPrims = Math.max(maxPrims, np);
    const nap = osd < actingOf.length ? actingOf[osd]! : 0;
    if (nap > 0) {
      maxActingPrims = Math.max(maxActingPrims, nap);
      if (pa !== 0) maxOsdScore = Math.max(maxOsdScore, f32(nap / pa));
      else actingOnZeroPa = true;
    }
    paSum = f32(paSum + pa);
  }
  if (paSum === 0) {
    return fail('ERANGE', `pool ${pool.id} has primary_affinity set to zero on all OSDs`, true);
  }
  maxOsdScore = f32(maxOsdScore * f32(paSum / f32(numOsds)));

  // set_rbi
  const minPa = 1 / pool.size; // double in Ceph
  if (f32(totalWeightedPa / totalWeight) < minPa) {
    return fail(
      'EINVAL',
      `pool ${pool.id} average primary affinity is lower than ${minPa.toFixed(2)}, read balance score is not reliable`,
      true,
    );
  }
  const paWeightedAvg = rbiRound(f32(totalWeightedPa / totalWeight));
  const rawScore = rbiRound(f32(maxPrims / avgPrimsPerOsd));
  let warning: string | undefined;
  let actingRawScore: number;
  if (actingOnZeroPa) {
    actingRawScore = rbiRound(maxOsdScore);
    warning = `pool ${pool.id} has acting primaries on OSD(s) with primary affinity 0, read balance score is not accurate`;
  } else {
    actingRawScore = rbiRound(f32(maxActingPrims / avgPrimsPerOsd));
  }
  const paAvg = paCount !== 0 ? rbiRound(f32(paSum / paCount)) : 0;
  if (paAvg === 0) {
    return fail(
      'EINVAL',
      `pool ${pool.id} all OSDs have zero primary affinity, can't calculate a reliable read balance score`,
      true,
    );
  }
  const zeroPg = firstAllZeroAffinityPg(osdmap, pool, placement);
  if (zeroPg >= 0) {
    return fail(
      'EINVAL',
      `pool ${pool.id} has some PGs where all OSDs are with primary_affinity 0 (at least pg ${pgidText(pool.id, zeroPg)}), read balance score may not be reliable`,
      true,
    );
  }
  const optimalScore = rbiRound(f32(f32(numOsds) / f32(paCount)));
  const result: ReadBalance = {
    score_acting: rbiRound(f32(actingRawScore / optimalScore)),
    score_stable: rbiRound(f32(rawScore / optimalScore)),
    optimal_score: optimalScore,
    raw_score_acting: actingRawScore,
    raw_score_stable: rawScore,
    primary_affinity_weighted: totalWeightedPa,
    average_primary_affinity: paAvg,
    average_primary_affinity_weighted: paWeightedAvg,
  };
  if (warning !== undefined) result.error_message = warning;
  return result;
}

/** OSDMap::has_zero_pa_pgs: the first PG (placement seed) whose acting OSDs all have affinity 0, or -1. */
function firstAllZeroAffinityPg(osdmap: OsdMap, pool: Pool, placement: PoolPlacement): number {
  for (let ps = 0; ps < pool.pgNum; ps++) {
    const acting = placement.pgs[ps]?.acting ?? [];
    let allZero = true; // (an empty set too, as std::all_of)
    for (let i = 0; i < acting.length && allZero; i++) if (primaryAffinityF(osdmap, acting[i]!) !== 0) allZero = false;
    if (allZero) return ps;
  }
  return -1;
}
