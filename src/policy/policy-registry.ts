import { usageError } from '../errors.js';
import { cephPolicy } from './ceph-policy.js';
import { evenPolicy } from './even-policy.js';
import type { Policy } from './policy.js';

const POLICIES: readonly Policy[] = [evenPolicy, cephPolicy];

export const POLICY_NAMES: string[] = POLICIES.map((p) => p.name);

export function policyByName(name: string): Policy {
  const p = POLICIES.find((x) => x.name === name);
  if (p === undefined) throw usageError('--policy', `unknown policy '${name}' (known: ${POLICY_NAMES.join(', ')})`);
  return p;
}
