/** rjenkins1 against Reef's own crush_hash32_* (called in libceph-common.so.2 by the fixture script). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32_3Pair } from '../../../src/crush/hash-pair.js';
import { hash32_1, hash32_2, hash32_3, hash32_4, hash32_5 } from '../../../src/crush/hash.js';
import { FIXTURES } from './fixture-cases.js';

const vectors = JSON.parse(readFileSync(join(FIXTURES, 'hash-vectors.json'), 'utf8')) as {
  args: number[];
  hash: number;
}[];
const fns: ((...a: number[]) => number)[] = [
  (a) => hash32_1(a!),
  (a, b) => hash32_2(a!, b!),
  (a, b, c) => hash32_3(a!, b!, c!),
  (a, b, c, d) => hash32_4(a!, b!, c!, d!),
  (a, b, c, d, e) => hash32_5(a!, b!, c!, d!, e!),
];

describe('crush hash (rjenkins1)', () => {
  it('has vectors for every arity', () => {
    for (let n = 1; n <= 5; n++) expect(vectors.filter((v) => v.args.length === n).length).toBeGreaterThan(300);
  });
  for (let n = 1; n <= 5; n++) {
    it(`crush_hash32${n === 1 ? '' : `_${n}`} equals Reef on every vector`, () => {
      const bad = vectors.filter((v) => v.args.length === n && fns[n - 1]!(...v.args) !== v.hash);
      expect(bad).toEqual([]);
    });
  }
  it('treats negative ints as their uint32 bits and returns uint32', () => {
    expect(hash32_3(-1, -2, 3)).toBe(hash32_3(0xffffffff, 0xfffffffe, 3));
    for (const v of vectors) expect(fns[v.args.length - 1]!(...v.args)).toBeGreaterThanOrEqual(0);
  });
});

describe('hash32_3Pair (two interleaved hash32_3)', () => {
  it('equals two hash32_3 calls on random arguments and on the Reef vectors', () => {
    const out = new Int32Array(2);
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer(), fc.integer(), (a, b0, b1, c) => {
        hash32_3Pair(a, b0, b1, c, out);
        return out[0]! >>> 0 === hash32_3(a, b0, c) && out[1]! >>> 0 === hash32_3(a, b1, c);
      }),
      { numRuns: 5000 },
    );
    const three = vectors.filter((v) => v.args.length === 3);
    for (let i = 0; i + 1 < three.length; i++) {
      const [a, b0, c] = three[i]!.args as [number, number, number];
      hash32_3Pair(a, b0, 12345, c, out);
      expect(out[0]! >>> 0).toBe(three[i]!.hash);
    }
  });
});
