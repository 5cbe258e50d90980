/** crush_ln: exact fixed-point log2 (its end points and shape; bit-exactness is covered by straw2 fixtures). */
import { describe, expect, it } from 'vitest';
import { crushLn, lnTable } from '../../../src/crush/ln.js';

describe('crush_ln', () => {
  it('is 2^44*log2(u+1) at powers of two', () => {
    for (let k = 0; k <= 15; k++) expect(crushLn(2 ** k - 1)).toBe(k * 2 ** 44);
    // Ceph's last table entry is 0xffff00000000, not 2^48: crush_ln(0xffff) falls just short of 16
    expect(crushLn(0xffff)).toBe(15 * 2 ** 44 + 0xffff0000000);
  });
  it('is close to 2^44*log2(u+1) and increasing below 0xffff', () => {
    let prev = -1;
    for (let u = 0; u < 0xffff; u++) {
      const v = crushLn(u);
      expect(Number.isInteger(v)).toBe(true);
      expect(Math.abs(v - 2 ** 44 * Math.log2(u + 1))).toBeLessThan(2 ** 44 * 1e-3);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
  it('tabulates crush_ln(u) - 2^48 for straw2', () => {
    expect(lnTable().length).toBe(0x10000);
    expect(lnTable()[0xffff]).toBe(crushLn(0xffff) - 2 ** 48);
    expect(lnTable()[0]).toBe(-(2 ** 48));
  });
});
