/**
 * What primary affinity can do to each PG, precomputed for the affinity optimiser. Ceph picks a PG's primary from
 * its up set (after upmaps, before affinity) in order: the first OSD o whose affinity a_o (16.16) exceeds the PG's
 * draw t_o = rjenkins1(pps, o) >> 16 leads it; when none does, the first OSD of the set does
 * (OSDMap::_apply_primary_affinity, primary-affinity.ts). So one OSD's value changes only the PGs it belongs to, and
 * lowering it to t makes it reject exactly the PGs whose draw is t or more. PGs with pg_temp or primary_temp keep
 * the temporary primary whatever the affinities are.
 */
import { hash32_2 } from '../crush/hash.js';
import { ITEM_NONE, type OsdMap, pgidText } from '../cluster/osdmap.js';
import { rawToUpInto } from '../cluster/pg-mapping.js';
import { rawPgToPps } from '../cluster/pg-seed.js';
import type { Placement } from '../cluster/placement.js';

export interface AffinityPgs {
  osdCount: number;
  /** Pool ids in order; pool index k of a PG is into this list. */
  poolIds: number[];
  /** Per PG: its pool index. */
  poolOf: Int32Array;
  /** Per PG: members start at memberStart[pg] .. memberStart[pg+1]-1 (up order, no holes). */
  memberStart: Int32Array;
  member: Int32Array;
  /** The draw t of each member (0..0xffff). */
  draw: Int32Array;
  /** Per PG: a fixed primary (pg_temp / primary_temp, or no member), else -1. */
  fixed: Int32Array;
  /** Per OSD: the PGs it is a member of. */
  pgsOf: Int32Array[];
  pgids: string[];
}

export function affinityPgs(osdmap: OsdMap, placement: Placement, poolIds: readonly number[]): AffinityPgs {
  const poolOf: number[] = [];
  const memberStart: number[] = [0];
  const member: number[] = [];
  const draw: number[] = [];
  const fixed: number[] = [];
  const pgids: string[] = [];
  const up: number[] = [];
  poolIds.forEach((id, k) => {
    const pool = osdmap.pools.get(id);
    const pp = placement.pools.get(id);
    if (pool === undefined || pp === undefined) return;
    pp.pgs.forEach((m, ps) => {
      const pgid = pgidText(id, ps);
      rawToUpInto(osdmap, pool, m.raw, up);
      const pps = rawPgToPps(pool, ps);
      const temp = osdmap.pgTemp.has(pgid) || osdmap.primaryTemp.has(pgid);
      let n = 0;
      for (const o of up) {
        if (o === ITEM_NONE || o < 0) continue;
        member.push(o);
        draw.push(hash32_2(pps, o) >>> 16);
        n++;
      }
      poolOf.push(k);
      memberStart.push(member.length);
      fixed.push(temp || n === 0 ? m.actingPrimary : -1);
      pgids.push(pgid);
    });
  });
  const osdCount = osdmap.maxOsd;
  const lists: number[][] = Array.from({ length: osdCount }, () => []);
  for (let pg = 0; pg < poolOf.length; pg++) {
    if ((fixed[pg] as number) >= 0) continue;
    for (let i = memberStart[pg] as number; i < (memberStart[pg + 1] as number); i++)
      lists[member[i] as number]?.push(pg);
  }
  return {
    osdCount,
    poolIds: [...poolIds],
    poolOf: Int32Array.from(poolOf),
    memberStart: Int32Array.from(memberStart),
    member: Int32Array.from(member),
    draw: Int32Array.from(draw),
    fixed: Int32Array.from(fixed),
    pgsOf: lists.map((l) => Int32Array.from(l)),
    pgids,
  };
}

/** The primary of PG `pg` under the affinities `aff` (16.16 per OSD). */
export function primaryUnder(m: AffinityPgs, pg: number, aff: Uint32Array): number {
  const f = m.fixed[pg] as number;
  if (f >= 0 || (m.memberStart[pg] as number) === (m.memberStart[pg + 1] as number)) return f;
  const start = m.memberStart[pg] as number;
  const end = m.memberStart[pg + 1] as number;
  for (let i = start; i < end; i++) {
    const o = m.member[i] as number;
    if ((aff[o] as number) > (m.draw[i] as number)) return o;
  }
  return m.member[start] as number;
}
