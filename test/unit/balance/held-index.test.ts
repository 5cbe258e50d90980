import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPoolGraph } from '../../../src/balance/flow-graph.js';
import { heldIndex, moveHeld, type HeldIndex } from '../../../src/balance/held-index.js';
import { makePool, smallInstance } from './instances.js';

/** The index as a set per OSD of (pg, home, choices), and each PG's slot holding it: layout-independent. */
function contents(h: HeldIndex, osdCount: number, pgCount: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < osdCount; o++) {
    const seg: string[] = [];
    for (let r = h.start[o]!; r < h.end[o]!; r++) {
      const p = h.pg[r]!;
      expect(h.pos[p]).toBe(r);
      seg.push(`${p}/${h.home[r]}/${Array.from(h.choice.subarray(r * h.stride, (r + 1) * h.stride)).join(',')}`);
    }
    out.push(`${o}: ${seg.sort().join(' ')}`);
  }
  expect(out.length).toBe(osdCount);
  expect(pgCount).toBeGreaterThanOrEqual(0);
  return out;
}

/** Each OSD's held PGs in slot order (slots past a segment's end hold nothing). */
const layout = (h: HeldIndex, osdCount: number): number[][] =>
  Array.from({ length: osdCount }, (_, o) => Array.from(h.pg.subarray(h.start[o]!, h.end[o]!)));

describe('held index', () => {
  it('back at the original primaries after any moves (journal undo or copy), it is exactly the fresh index', () => {
    fc.assert(
      fc.property(smallInstance, fc.array(fc.nat(), { maxLength: 400 }), ({ osdCount, spec }, picks) => {
        const g = buildPoolGraph(makePool(1, osdCount, spec), osdCount);
        const fresh = structuredClone(heldIndex(g, g.orig));
        const want = contents(fresh, osdCount, g.pgCount);
        for (let round = 0; round < 3; round++) {
          const h = heldIndex(g, g.orig);
          expect(contents(h, osdCount, g.pgCount)).toEqual(want);
          // the exact layout too: flows scan slots in order, so their results must not depend on earlier flows
          expect(layout(h, osdCount)).toEqual(layout(fresh, osdCount));
          const assign = g.orig.slice();
          for (const x of picks.slice(round * 40, round * 40 + (round === 2 ? 400 : 40))) {
            if (g.pgCount === 0) break;
            const p = x % g.pgCount;
            const choices = g.choiceOsd.subarray(g.choiceStart[p]!, g.choiceStart[p + 1]!);
            const to = choices[(x >> 8) % choices.length]!;
            if (to === assign[p]) continue;
            moveHeld(h, p, assign[p]!, to);
            assign[p] = to;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
