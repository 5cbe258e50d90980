/**
 * Where a round's policy comes from: a built-in policy by name (stateless: no conditions), or a policy file's
 * evaluator (rules with conditions and hysteresis, fed the latency history). Pure given its inputs.
 */
import type { HostIndex } from '../cluster/host-index.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import { inputError } from '../errors.js';
import { affinityShares } from '../policy/affinity-shares.js';
import type { CustomPolicyFn } from '../policy/custom-policy.js';
import { evaluatePolicyFile } from '../policy/evaluate-policy-file.js';
import type { PolicySpec } from '../policy/policy-spec.js';
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

/**
 * A policy file (parsed and its custom modules loaded by the CLI), evaluated every round with the latency history and
 * the conditions the previous round left. A problem against the current map (a host that is gone) fails the round
 * with the file's line.
 */
export function filePolicySource(file: { spec: PolicySpec; custom: Map<string, CustomPolicyFn> }): PolicySource {
  return {
    name: file.spec.file,
    decide: (view, env) => {
      const r = evaluatePolicyFile(file.spec, view, env, file.custom);
      if ('problems' in r) {
        const p = r.problems[0];
        throw inputError(
          `${file.spec.file}:${p?.line ?? 0}`,
          `${p?.path ? `${p.path}: ` : ''}${p?.message ?? 'invalid'}`,
        );
      }
      return { policy: affinityShares(r.policy), state: r.state, conditions: r.conditions };
    },
  };
}
