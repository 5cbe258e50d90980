/**
 * The size-aware policies on maps made by Tentacle 20.2.4: `ceph-size-aware` reproduces Tentacle's desired
 * distribution (osdmaptool --read --osd-size-aware --debug-osd=10, desired-size-aware-<pool>.txt); `size-aware`
 * plans to the optimum of the model (no plan has a smaller busiest-OSD load).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/balance/build-plan.js';
import { hostIndex } from '../../../src/cluster/host-index.js';
import type { OsdMap, Pool } from '../../../src/cluster/osdmap.js';
import type { PoolPlacement } from '../../../src/cluster/placement.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { cephSizeAwarePolicy } from '../../../src/policy/ceph-size-aware-policy.js';
import { findPolicy } from '../../../src/policy/policy-registry.js';
import { osdLoad, pgsPerOsd, readRatioOf } from '../../../src/policy/size-aware-load.js';
import { sizeAwarePolicy } from '../../../src/policy/size-aware-policy.js';
import { loadFixture, OSDMAP_FIX } from '../cluster/osdmap-fixtures.js';

const sig6 = (x: number) => Number(x.toPrecision(6));

function ctxOf(osdmap: OsdMap, pool: Pool, pp: PoolPlacement) {
  const eligible = new Uint8Array(osdmap.maxOsd);
  for (const pg of pp.pgs) for (const o of pg.acting) if (o >= 0 && o < osdmap.maxOsd) eligible[o] = 1;
  return { osdmap, pool, placement: pp, eligible, pgCount: pool.pgNum };
}

function maxLoad(osdmap: OsdMap, pool: Pool, pp: PoolPlacement): number {
  const pgs = pgsPerOsd(pool, pp, osdmap.maxOsd);
  const prims = new Int32Array(osdmap.maxOsd);
  for (const pg of pp.pgs) prims[pg.actingPrimary]!++;
  let max = 0;
  for (let o = 0; o < osdmap.maxOsd; o++)
    if (pgs[o]! > 0) max = Math.max(max, osdLoad(pgs[o]!, prims[o]!, readRatioOf(pool)));
  return max;
}

describe('size-aware policies', () => {
  it('are registered', () => {
    expect(findPolicy('size-aware')).toBe(sizeAwarePolicy);
    expect(findPolicy('ceph-size-aware')).toBe(cephSizeAwarePolicy);
  });

  for (const [name, pools] of [
    ['t-msr16', ['rbd', 'big']],
    ['t-size20', ['sa50', 'sa70', 'sa90', 'sa100', 's2']],
  ] as const) {
    const { osdmap, crush } = loadFixture(name);
    const placement = mapAllPgs(osdmap, crush);
    for (const poolName of pools) {
      const pool = [...osdmap.pools.values()].find((p) => p.name === poolName)!;
      const pp = placement.pools.get(pool.id)!;
      it(`${name} ${poolName}: ceph-size-aware equals Tentacle's desired distribution`, () => {
        const file = join(OSDMAP_FIX, name, `desired-size-aware-${poolName}.txt`);
        expect(existsSync(file)).toBe(true);
        const want = readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' ').map(Number) as [number, number]);
        const got = cephSizeAwarePolicy.desired(ctxOf(osdmap, pool, pp));
        for (const [osd, v] of want) expect(sig6(got[osd]!), `osd.${osd}`).toBe(v);
      });
      it(`${name} ${poolName}: size-aware reaches the model's optimum, at least as low as ceph-size-aware`, () => {
        const ctx = ctxOf(osdmap, pool, pp);
        const d = sizeAwarePolicy.desired(ctx);
        const sum = d.reduce((s, v) => s + v, 0);
        expect(Math.abs(sum - pool.pgNum)).toBeLessThan(1e-6);
        const plan = (policy: typeof sizeAwarePolicy) =>
          buildPlan({
            osdmap,
            crush,
            placement,
            poolIds: [pool.id],
            policy,
            hostOf: hostIndex(osdmap, crush).hostOf,
          });
        const exact = plan(sizeAwarePolicy);
        const cephish = plan(cephSizeAwarePolicy);
        const best = maxLoad(osdmap, pool, exact.placementAfter.pools.get(pool.id)!);
        expect(best).toBeLessThanOrEqual(maxLoad(osdmap, pool, cephish.placementAfter.pools.get(pool.id)!));
        expect(best).toBeLessThanOrEqual(maxLoad(osdmap, pool, pp));
      });
    }
  }
});
