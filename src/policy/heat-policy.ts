import { evenPolicy } from './even-policy.js';
import type { Policy } from './policy.js';

/**
 * `heat`: every OSD that can lead PGs of a pool gets the same share of that pool's measured read load (`--heat`
 * samples); the weighted engine then evens out the reads each OSD serves, not the number of primaries it leads.
 */
export const heatPolicy: Policy = {
  ...evenPolicy,
  name: 'heat',
  describe: 'the same share of the measured read load (--heat samples) on every OSD that can lead PGs of the pool',
};
