import { describe, expect, it } from 'vitest';
import { planWarnings } from '../../../src/balance/plan-warnings.js';
import { loadFixture } from '../cluster/osdmap-fixtures.js';

describe('planWarnings', () => {
  it('warns when the monitor would refuse pg-upmap-primary (require_min_compat_client below reef)', () => {
    const { osdmap } = loadFixture('conf16-pg128'); // made offline by osdmaptool: no compat client set
    expect(planWarnings(osdmap, 3, 0)).toEqual([
      expect.stringMatching(/^require_min_compat_client is not set: .*set-require-min-compat-client reef/),
    ]);
    expect(planWarnings(osdmap, 3)).toEqual([
      expect.stringMatching(/^require_min_compat_client is not set: /),
      expect.stringMatching(/^kernel clients \(krbd, kernel CephFS\) and pre-Reef librados ignore pg-upmap-primary/),
    ]);
    expect(planWarnings({ ...osdmap, requireMinCompatClient: 'luminous' }, 3)[0]).toMatch(/is luminous:/);
    expect(planWarnings(osdmap, 0)).toEqual([]);
  });
  it('says nothing for reef and later', () => {
    const { osdmap } = loadFixture('live12'); // a live Reef cluster with the setting made
    expect(osdmap.requireMinCompatClient).toBe('reef');
    expect(planWarnings(osdmap, 3, 0)).toEqual([]);
    expect(planWarnings({ ...osdmap, requireMinCompatClient: 'squid' }, 3, 0)).toEqual([]);
    // set ops (not only removals): the kernel-client warning, whatever the compat setting
    expect(planWarnings(osdmap, 3)).toEqual([expect.stringMatching(/^kernel clients/)]);
  });
});
