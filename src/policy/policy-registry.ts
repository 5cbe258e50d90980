import { cephPolicy } from './ceph-policy.js';
import { cephSizeAwarePolicy } from './ceph-size-aware-policy.js';
import { evenPolicy } from './even-policy.js';
import { heatPolicy } from './heat-policy.js';
import type { Policy } from './policy.js';
import { sizeAwarePolicy } from './size-aware-policy.js';

const POLICIES: readonly Policy[] = [evenPolicy, cephPolicy, sizeAwarePolicy, cephSizeAwarePolicy, heatPolicy];

export const POLICY_NAMES: readonly string[] = POLICIES.map((p) => p.name);

/** The built-in policy of that name; undefined when there is none (the caller reports it where the name came from). */
export function findPolicy(name: string): Policy | undefined {
  return POLICIES.find((x) => x.name === name);
}
