import { describe, expect, it } from 'vitest';
import { gatherPool } from '../../../src/balance/pool-choices.js';
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
        for (let ps = 0; ps < pool.pgNum; ps++) {
          const slow = new Map<number, number | null>();
          for (const c of primaryChoices(osdmap, crush, pool, ps)) if (!slow.has(c.primary)) slow.set(c.primary, c.upmapPrimary);
          const pgid = pgidText(pool.id, ps);
          expect([...(w.targets[ps] ?? new Map()).entries()].sort((a, b) => a[0] - b[0]), pgid).toEqual(
            [...slow.entries()].sort((a, b) => a[0] - b[0]),
          );
          expect(w.pgs[ps]?.current, pgid).toBe(placement.pools.get(pool.id)?.pgs[ps]?.actingPrimary);
        }
      }
    });
  }
});
