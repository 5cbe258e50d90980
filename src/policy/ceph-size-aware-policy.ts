import { upPrimaryOsds } from '../cluster/desired-primaries.js';
import { ITEM_NONE } from '../cluster/osdmap.js';
import { pgsPerOsd, readRatioOf } from './size-aware-load.js';
import type { Policy, PolicyContext } from './policy.js';

/** Ceph's calc_desired_prims_for_osdsizeopt: the primaries that bring an OSD to `iopsPerOsd`, given forced ones. */
function primsForLoad(npgs: number, forcedP: number, forcedS: number, iopsPerOsd: number, w: number): number {
  const pgsLeft = npgs - forcedP - forcedS;
  const iopsLeft = iopsPerOsd - (forcedP * 100 + forcedS * w);
  if (pgsLeft <= 0 || w >= 100) return forcedP;
  return forcedP + (iopsLeft - pgsLeft * w) / (100 - w);
}

/**
 * `ceph-size-aware`: the desired distribution of Squid's size-aware read balancer
 * (OSDMap::calc_desired_primary_distribution_osdsize_opt), integer arithmetic as there: OSDs so small that leading
 * all their PGs stays under the average load get all of them (repeated while the average moves), OSDs so big that
 * their writes alone exceed it get none, and the others the primaries that bring them to the average. Over the OSDs
 * that lead some PG of the pool now (upPrimaryOsds), as Ceph's balance_primaries passes them; the others get 0.
 */
export const cephSizeAwarePolicy: Policy = {
  name: 'ceph-size-aware',
  describe: "Ceph's size-aware desired distribution (calc_desired_primary_distribution_osdsize_opt)",
  weighsAffinity: true,
  desired(ctx: PolicyContext): Float64Array {
    const n = ctx.eligible.length;
    const out = new Float64Array(n);
    const size = ctx.pool.size;
    const w = 100 - readRatioOf(ctx.pool);
    // as Ceph's balance_primaries: the OSDs that lead at least one PG of the pool now
    const osds = upPrimaryOsds(ctx.pool, ctx.placement).filter((o) => o < n);
    const pgsOf = new Map<number, number[]>();
    for (let ps = 0; ps < ctx.pool.pgNum; ps++) {
      const pg = ctx.placement.pgs[ps];
      if (pg === undefined) continue;
      for (const osd of new Set(pg.up))
        if (osd !== ITEM_NONE && osd >= 0) pgsOf.set(osd, [...(pgsOf.get(osd) ?? []), ps]);
    }
    const npgs = pgsPerOsd(ctx.pool, ctx.placement, n);
    const done = new Map<number, number>();
    const forcedPrimary = new Set<number>(); // PGs whose primary an all-primary OSD takes
    const secondaries = new Map<number, number>(); // PG -> OSDs of it that lead nothing
    let osdsLeft = osds.length;
    let iopsLeft = ctx.pool.pgNum * (100 + (size - 1) * w);
    let primariesLeft = ctx.pool.pgNum;
    // 1: small OSDs lead all their (not yet forced) PGs
    for (let cont = true; cont; ) {
      cont = false;
      if (osdsLeft <= 0 || iopsLeft <= 0 || primariesLeft <= 0) break;
      const iopsPerOsd = Math.trunc(iopsLeft / osdsLeft);
      for (const o of osds) {
        if (done.has(o)) continue;
        const mine = pgsOf.get(o) ?? [];
        const p = mine.filter((ps) => !forcedPrimary.has(ps)).length;
        const maxLoad = p * 100 + (npgs[o]! - p) * w;
        if (maxLoad < iopsPerOsd) {
          done.set(o, p);
          iopsLeft -= maxLoad;
          osdsLeft--;
          primariesLeft -= p;
          cont = true;
          for (const ps of mine) forcedPrimary.add(ps);
          if (done.size === osds.length) break;
        }
      }
    }
    // 2: big OSDs lead only the PGs whose every other OSD already leads nothing
    for (let cont = true; cont; ) {
      cont = false;
      if (osdsLeft <= 0 || iopsLeft <= 0 || primariesLeft <= 0) break;
      const iopsPerOsd = Math.trunc(iopsLeft / osdsLeft);
      for (const o of osds) {
        if (done.has(o)) continue;
        const mine = pgsOf.get(o) ?? [];
        const p = mine.filter((ps) => !forcedPrimary.has(ps) && (secondaries.get(ps) ?? 0) >= size - 1).length;
        const minLoad = p * 100 + (npgs[o]! - p) * w;
        if (minLoad > iopsPerOsd) {
          done.set(o, p);
          iopsLeft -= minLoad;
          osdsLeft--;
          primariesLeft -= p;
          cont = true;
          for (const ps of mine) if (!forcedPrimary.has(ps)) secondaries.set(ps, (secondaries.get(ps) ?? 0) + 1);
          if (osdsLeft === 0) break;
        }
      }
    }
    // 3: the others, to the average load of what is left
    const iopsPerOsd = osdsLeft > 0 ? Math.trunc(iopsLeft / osdsLeft) : 0;
    for (const o of osds) {
      const fixed = done.get(o);
      if (fixed !== undefined) {
        out[o] = fixed;
        continue;
      }
      let fp = 0;
      let fs = 0;
      for (const ps of pgsOf.get(o) ?? []) {
        if (forcedPrimary.has(ps)) fs++;
        else if ((secondaries.get(ps) ?? 0) >= size - 1) fp++;
      }
      out[o] = Math.fround(primsForLoad(npgs[o]!, fp, fs, iopsPerOsd, w));
    }
    return out;
  },
};
