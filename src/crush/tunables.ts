/**
 * CRUSH tunables profiles (CrushWrapper::set_tunables_*). straw_calc_version is not part of a profile
 * in Ceph (it only changes how straw buckets are built); the values given here are what a map created
 * by that release used. allowed_bucket_algs does not affect mapping.
 */
import type { Tunables } from './types.js';

const LEGACY_ALGS = (1 << 1) | (1 << 2) | (1 << 4); // uniform, list, straw = 22
const STRAW2_ALGS = LEGACY_ALGS | (1 << 5); // + straw2 = 54
/** msr_descents and msr_collision_tries of every profile (crush_create / set_tunables_default in Squid+). */
const MSR_DEFAULT = 100;

export const TUNABLES_PROFILES: Readonly<Record<string, Tunables>> = {
  argonaut: {
    chooseLocalTries: 2,
    chooseLocalFallbackTries: 5,
    chooseTotalTries: 19,
    chooseleafDescendOnce: 0,
    chooseleafVaryR: 0,
    chooseleafStable: 0,
    strawCalcVersion: 0,
    allowedBucketAlgs: LEGACY_ALGS,
    msrDescents: MSR_DEFAULT,
    msrCollisionTries: MSR_DEFAULT,
  },
  bobtail: {
    chooseLocalTries: 0,
    chooseLocalFallbackTries: 0,
    chooseTotalTries: 50,
    chooseleafDescendOnce: 1,
    chooseleafVaryR: 0,
    chooseleafStable: 0,
    strawCalcVersion: 0,
    allowedBucketAlgs: LEGACY_ALGS,
    msrDescents: MSR_DEFAULT,
    msrCollisionTries: MSR_DEFAULT,
  },
  firefly: {
    chooseLocalTries: 0,
    chooseLocalFallbackTries: 0,
    chooseTotalTries: 50,
    chooseleafDescendOnce: 1,
    chooseleafVaryR: 1,
    chooseleafStable: 0,
    strawCalcVersion: 0,
    allowedBucketAlgs: LEGACY_ALGS,
    msrDescents: MSR_DEFAULT,
    msrCollisionTries: MSR_DEFAULT,
  },
  hammer: {
    chooseLocalTries: 0,
    chooseLocalFallbackTries: 0,
    chooseTotalTries: 50,
    chooseleafDescendOnce: 1,
    chooseleafVaryR: 1,
    chooseleafStable: 0,
    strawCalcVersion: 1,
    allowedBucketAlgs: STRAW2_ALGS,
    msrDescents: MSR_DEFAULT,
    msrCollisionTries: MSR_DEFAULT,
  },
  jewel: {
    chooseLocalTries: 0,
    chooseLocalFallbackTries: 0,
    chooseTotalTries: 50,
    chooseleafDescendOnce: 1,
    chooseleafVaryR: 1,
    chooseleafStable: 1,
    strawCalcVersion: 1,
    allowedBucketAlgs: STRAW2_ALGS,
    msrDescents: MSR_DEFAULT,
    msrCollisionTries: MSR_DEFAULT,
  },
};

/** Profile name for a profile alias: legacy -> argonaut, optimal/default -> jewel. */
export function tunablesProfile(name: string): Tunables | undefined {
  const canonical = name === 'legacy' ? 'argonaut' : name === 'optimal' || name === 'default' ? 'jewel' : name;
  return TUNABLES_PROFILES[canonical];
}

/** Tunables a crush dump omits default to the legacy (argonaut) values, as crush_create() sets them. */
export const LEGACY_TUNABLES: Tunables = TUNABLES_PROFILES.argonaut!;
