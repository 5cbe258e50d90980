/** parsePgid reads character by character; it must accept exactly what /^(\d+)\.([0-9a-f]+)$/ accepts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePgid, pgidText } from '../../../src/cluster/osdmap.js';

function byRegex(text: string): { pool: number; ps: number } | undefined {
  const m = /^(\d+)\.([0-9a-f]+)$/.exec(text);
  return m ? { pool: Number(m[1]), ps: Number.parseInt(m[2]!, 16) } : undefined;
}

describe('parsePgid', () => {
  it('agrees with the regular definition on random texts', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFgx.-+ \n/'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (cs) => {
        const text = cs.join('');
        expect(parsePgid(text)).toEqual(byRegex(text));
      }),
      { numRuns: 20_000 },
    );
  });
  it('inverts pgidText', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e6 }), fc.nat({ max: 0xffffff }), (pool, ps) => {
        expect(parsePgid(pgidText(pool, ps))).toEqual({ pool, ps });
      }),
    );
  });
});
