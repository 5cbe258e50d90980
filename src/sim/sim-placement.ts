import type { Placement } from '../cluster/placement.js';
import type { SimPlacement } from './sim-model.js';

/**
 * A placement flattened for the simulator: the PGs of `poolIds` in that order (pool by pool, by ps), each with its
 * acting primary and acting set. Every plan of one comparison must be flattened with the same pools.
 */
export function simPlacement(
  label: string,
  changes: number,
  placement: Placement,
  poolIds: readonly number[],
): SimPlacement {
  let n = 0;
  let m = 0;
  for (const id of poolIds)
    for (const pg of placement.pools.get(id)?.pgs ?? []) {
      n++;
      m += pg.acting.length;
    }
  const primary = new Int32Array(n);
  const offsets = new Int32Array(n + 1);
  const osds = new Int32Array(m);
  let i = 0;
  let j = 0;
  for (const id of poolIds)
    for (const pg of placement.pools.get(id)?.pgs ?? []) {
      primary[i] = pg.actingPrimary;
      offsets[i] = j;
      for (const o of pg.acting) osds[j++] = o;
      i++;
    }
  offsets[n] = j;
  return { label, changes, primary, offsets, osds };
}
