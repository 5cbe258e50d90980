import { describe, expect, it } from 'vitest';
import { gatherPool, targetOf } from '../../../src/balance/pool-choices.js';
import { pgidText } from '../../../src/cluster/osdmap.js';
import { mapAllPgs } from '../../../src/cluster/pg-mapping.js';
import { primaryChoices } from '../../../src/cluster/primary-choices.js';
import { fixtureNames, loadFixture } from '../cluster/osdmap-fixtures.js';

/** The fast path of gatherPool must give exactly what the full pipeline (primaryChoices) gives. */
describe('gatherPool choices equal primaryChoices on every fixture', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const { osdmap, crush } = loadFixture(name);
      const placement = mapAllPgs(osdmap, crush);
      for (const pool of osdmap.pools.values()) {
        if (pool.type !== 'replicated') continue;
        const w = gatherPool(osdmap, crush, placement, pool);
        const index = new Map(w.pgs.map((pg, k) => [pg.pgid, k]));
        let primaryless = 0;
        for (let ps = 0; ps < pool.pgNum; ps++) {
          const slow = new Map<number, number | null>();
          for (const c of primaryChoices(osdmap, crush, pool, ps))
            if (!slow.has(c.primary)) slow.set(c.primary, c.upmapPrimary);
          const pgid = pgidText(pool.id, ps);
          const current = placement.pools.get(pool.id)?.pgs[ps]?.actingPrimary;
          const k = index.get(pgid);
          // a PG without an acting primary is left out (it serves no reads; no entry can lead it)
          if (current === undefined || current < 0) {
            expect(k, pgid).toBeUndefined();
            primaryless++;
            continue;
          }
          if (k === undefined) throw new Error(`${pgid} missing from the pool's work`);
          const aff = osdmap.primaryAffinity;
          // every reachable primary but affinity-0 OSDs (never made primary), with the entry that gives it
          const want = [...slow.entries()].filter(([o]) => o === current || aff === undefined || aff[o] !== 0);
          const got = (w.pgs[k]?.choices ?? []).map((o) => [o, targetOf(w, k, o)]);
          expect(
            got.sort((a, b) => (a[0] as number) - (b[0] as number)),
            pgid,
          ).toEqual(want.sort((a, b) => a[0] - b[0]));
          expect(w.pgs[k]?.current, pgid).toBe(current);
        }
        expect(w.primaryless.count, `pool ${pool.id}`).toBe(primaryless);
        expect(w.pgs.length + primaryless, `pool ${pool.id}`).toBe(pool.pgNum);
      }
    });
  }
});
