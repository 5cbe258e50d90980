/**
 * Pools whose CRUSH rule cannot place all `size` positions: fewer failure domains (with weight) under the rule's
 * take than the pool has replicas or chunks. Only for the simple rule shapes ruleCapacity understands.
 */
import { ruleCapacity, wantedPositions } from '../crush/rule-capacity.js';
import type { CrushMap } from '../crush/types.js';
import type { OsdMap, Pool } from './osdmap.js';

export interface ShortPool {
  pool: Pool;
  want: number;
  have: number;
  type: string;
  take: string;
}

export function shortPools(osdmap: OsdMap, crush: CrushMap): ShortPool[] {
  const out: ShortPool[] = [];
  for (const pool of [...osdmap.pools.values()].sort((a, b) => a.id - b.id)) {
    const cap = ruleCapacity(crush, pool.crushRule);
    if (!cap) continue;
    const want = wantedPositions(cap, pool.size);
    if (cap.domains < want) out.push({ pool, want, have: cap.domains, type: cap.type, take: cap.take });
  }
  return out;
}

export function describeShortPool(s: ShortPool): string {
  return (
    `pool '${s.pool.name}' needs ${s.want} ${s.type === 'osd' ? 'OSDs' : `${s.type}s`} under ${s.take} ` +
    `but there ${s.have === 1 ? 'is' : 'are'} ${s.have}`
  );
}
