/** A policy file evaluated once, offline (`plan --policy FILE`): now, no latency history, no state. */
import type { Policy } from '../policy/policy.js';
import { evaluatePolicyFile, type PolicyEvaluation } from '../policy/evaluate-policy-file.js';
import { emptyPolicyState } from '../policy/policy-env.js';
import type { LoadedCluster } from './load-cluster.js';
import { type LoadedPolicyFile, policyProblemError } from './policy-file-load.js';

/** Throws the file's first problem against this cluster (an unknown host, a bad custom result) as an input error. */
export function evaluateOffline(
  file: LoadedPolicyFile,
  cluster: Pick<LoadedCluster, 'osdmap' | 'crush'>,
  now = Date.now(),
): PolicyEvaluation {
  const r = evaluatePolicyFile(file.spec, cluster, { now, latency: [], state: emptyPolicyState() }, file.custom);
  if ('problems' in r) throw policyProblemError(file.spec.file, r.problems[0]!);
  return r;
}

/** The policy for the plan, and the notes the plan prints: each condition in force, then the evaluator's notes. */
export function policyFromFile(file: LoadedPolicyFile, cluster: LoadedCluster): { policy: Policy; notes: string[] } {
  const r = evaluateOffline(file, cluster);
  const conditions = r.conditions.map((c) => `policy ${c.rule} ${c.subject}: ${c.reason}`);
  return { policy: r.policy, notes: conditions };
}
