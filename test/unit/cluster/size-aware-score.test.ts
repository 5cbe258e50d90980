/**
 * Tentacle's read_balance of pools with read_ratio ("OSD size aware"), as its tools dumped it in the t-* fixtures
 * (osdmaptool --dump json; t-live8: a live `ceph osd dump`), and the fair score of the others, recomputed.
 */
import { describe, expect, it } from 'vitest';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { poolRuleOsds } from '../../../src/cluster/pool-rule-osds.js';
import { readBalanceBlock, readBalanceScore } from '../../../src/cluster/read-balance-score.js';
import { loadFixture, readFixtureText } from './osdmap-fixtures.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

describe("read_balance equals Tentacle's dump (size-aware for pools with read_ratio)", () => {
  for (const name of ['t-msr16', 't-msr16-out', 't-size20', 't-live8']) {
    it(name, () => {
      const { osdmap, crush } = loadFixture(name);
      const placement = mapAllPgs(osdmap, crush);
      const dump = JSON.parse(readFixtureText(name, 'osdmap.json')) as {
        pools: {
          pool: number;
          read_ratio?: number;
          options?: { read_ratio?: number };
          read_balance?: Record<string, unknown>;
        }[];
      };
      let sizeAware = 0;
      for (const p of dump.pools) {
        const pool = osdmap.pools.get(p.pool)!;
        const got = readBalanceBlock(
          readBalanceScore(osdmap, pool, placement.pools.get(pool.id)!, poolRuleOsds(crush, pool)),
        ) as Record<string, unknown> | undefined;
        if (p.read_balance === undefined) {
          expect(got, `pool ${pool.name}`).toBeUndefined();
          continue;
        }
        if (p.read_balance.score_type === 'OSD size aware') sizeAware++;
        for (const [k, v] of Object.entries(p.read_balance)) {
          if (k === 'score_type') continue;
          if (typeof v === 'number') expect(round2(got?.[k] as number), `${pool.name}.${k}`).toBe(round2(v));
          else expect(got?.[k], `${pool.name}.${k}`).toEqual(v);
        }
      }
      // t-msr16-out: every read_ratio pool hits Tentacle's OSD-id walk (out OSDs), so it dumps errors only
      if (name === 't-msr16' || name === 't-size20') expect(sizeAware).toBeGreaterThan(0);
    });
  }
});
