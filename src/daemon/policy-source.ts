/**
 * Where a round's policy comes from: a built-in policy by name (stateless: no conditions), or a policy file's
 * evaluator (rules with conditions and hysteresis, fed the latency history). Pure given its inputs.
 */
import type { HostIndex } from '../cluster/host-index.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import { affinityShares } from '../policy/affinity-shares.js';
import type { ActiveCondition, PolicyEnv, PolicyState } from '../policy/policy-env.js';
import { findPolicy } from '../policy/policy-registry.js';
import type { Policy } from '../policy/policy.js';

export interface PolicyView {
  osdmap: OsdMap;
  crush: CrushMap;
  hosts: HostIndex;
}

export interface PolicyDecision {
  policy: Policy;
  state: PolicyState;
  conditions: ActiveCondition[];
}

export interface PolicySource {
  /** For logs and metrics: the policy name or file. */
  name: string;
  decide(view: PolicyView, env: PolicyEnv): PolicyDecision;
}

/** A built-in policy (`even`, `ceph`, ...), its shares scaled by primary affinity as `plan` does. */
export function builtinPolicySource(name: string): PolicySource | undefined {
  const base = findPolicy(name);
  if (base === undefined || base.name === 'heat') return undefined;
  const policy = affinityShares(base);
  return { name, decide: (_view, env) => ({ policy, state: env.state, conditions: [] }) };
}
