/**
 * The policy file evaluator: one pure call per round.
 *
 *   const parsed = parsePolicyFile(text, 'policy.yaml');            // { spec } | { problems }
 *   const r = evaluatePolicyFile(spec, { osdmap, crush }, env, custom);
 *   if ('problems' in r) ...                                         // names the cluster lacks, a bad custom result
 *   buildPlan({ ..., policy: affinityShares(r.policy) });           // as `plan` does (unless --ignore-affinity)
 *   save r.state; log/export r.conditions; print r.notes
 *
 * - `env` (policy-env.ts): `now` (time windows), the latency history (oldest first, the last entry is the round
 *   being decided; empty offline, where latency rules are inactive and a note says so) and the state the previous
 *   call returned (`emptyPolicyState()` the first time). A latency round is folded into the state once: calling
 *   again with the same last round returns the same state.
 * - `custom`: the function of each custom rule, keyed by the rule's `module` text as written in the file (the
 *   caller imports the modules: src/cli/policy-file-load.ts).
 * - Composition: the base (`even`, `ceph`, `proportional`) gives each pool's shares; each rule in force (no `when`,
 *   or its window open at `now`) multiplies per-OSD factors in order: proportional by its factors, latency by its
 *   `factor` for the OSDs it holds slow, custom replaces them with what its function returns (it sees the factors so
 *   far, so its position matters). Drain is absolute: its OSDs go to `policy.drained` (the plan builder keeps them
 *   from leading any PG that has another choice) wherever the rule stands. Latency state advances every round,
 *   also outside its window (the window decides only whether its effect applies).
 */
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import { cephPolicy } from './ceph-policy.js';
import { composedPolicy } from './composed-policy.js';
import { type CustomPolicyFn, customFactors, customSnapshot } from './custom-policy.js';
import { evenPolicy } from './even-policy.js';
import { stepLatencyRule } from './latency-rule.js';
import type { ActiveCondition, ConditionState, PolicyEnv, PolicyState } from './policy-env.js';
import type { Policy } from './policy.js';
import { lineOf, type PolicyProblem, type PolicySpec, type RuleSpec } from './policy-spec.js';
import { resolvePolicyFile, type ResolvedPolicy } from './resolve-policy-file.js';
import { describeWindow, inWindow } from './time-window.js';

/** What one rule did this round (for `policy check` and logs). */
export interface RuleOutcome {
  index: number;
  kind: RuleSpec['kind'];
  /** In force: no window, or its window is open. A latency rule in force may still hold no OSD slow. */
  inForce: boolean;
  /** OSDs it acts on this round (drained, slow, or factor ≠ 1), sorted. */
  osds: number[];
  /** One line. */
  summary: string;
}

export interface PolicyEvaluation {
  /** A normal Policy for buildPlan; `policy.drained` holds the drained OSDs. */
  policy: Policy;
  /** Keep for the next round. */
  state: PolicyState;
  conditions: ActiveCondition[];
  notes: string[];
  rules: RuleOutcome[];
  /** Per-OSD share factor after all rules (indexed by OSD id; 1 untouched). */
  factors: Float64Array;
}

const BASES: Record<string, Policy> = { even: evenPolicy, ceph: cephPolicy, proportional: evenPolicy };

export function evaluatePolicyFile(
  spec: PolicySpec,
  cluster: { osdmap: OsdMap; crush: CrushMap },
  env: PolicyEnv,
  custom: ReadonlyMap<string, CustomPolicyFn> = new Map(),
): PolicyEvaluation | { problems: PolicyProblem[] } {
  const r = resolvePolicyFile(spec, cluster);
  if ('problems' in r) return r;
  return evaluateResolved(spec, r.resolved, cluster.osdmap, env, custom);
}

function evaluateResolved(
  spec: PolicySpec,
  resolved: ResolvedPolicy,
  osdmap: OsdMap,
  env: PolicyEnv,
  custom: ReadonlyMap<string, CustomPolicyFn>,
): PolicyEvaluation | { problems: PolicyProblem[] } {
  const osds: number[] = [];
  for (let o = 0; o < osdmap.maxOsd; o++) if (osdmap.exists[o] === 1) osds.push(o);
  const factors = new Float64Array(osdmap.maxOsd).fill(1);
  const conditions: ActiveCondition[] = [];
  const notes: string[] = [];
  const rules: RuleOutcome[] = [];
  const drained = new Set<number>();
  const nextConditions: Record<string, ConditionState> = {};
  const round = env.latency[env.latency.length - 1];
  const advance = round !== undefined && (env.state.latencyAt === undefined || round.at > env.state.latencyAt);
  if (resolved.base?.factors) {
    factors.set(resolved.base.factors);
    conditions.push(...proportionalConditions(resolved.base.factors, resolved.classOf, osds, 'proportional'));
  }
  for (const rule of spec.rules) {
    const targets = resolved.rules[rule.index] ?? {};
    const inForce = rule.when === undefined || inWindow(rule.when, env.now);
    const where = `rules[${rule.index}]`;
    if (rule.when !== undefined && inForce)
      conditions.push({ rule: 'window', subject: where, reason: `${describeWindow(rule.when)}: open` });
    const windowText =
      rule.when === undefined ? '' : inForce ? ', window open' : `, window closed (${describeWindow(rule.when)})`;
    let touched: number[] = [];
    let summary = '';
    if (rule.kind === 'drain') {
      touched = targets.drained ?? [];
      summary = `drain ${(targets.drainedBy ?? []).map((d) => d.subject).join(', ')}: ${touched.length} OSD(s)`;
      if (inForce) {
        for (const o of touched) drained.add(o);
        for (const d of targets.drainedBy ?? [])
          conditions.push({
            rule: 'drain',
            subject: d.subject,
            reason: `no primaries on ${d.osds.map((o) => `osd.${o}`).join(', ') || 'no OSD'}${rule.reason ? ` (${rule.reason})` : ''}`,
          });
      }
    } else if (rule.kind === 'latency') {
      const out = stepLatencyRule(rule, rule.index, round, env.state, osds, resolved.classOf, advance);
      Object.assign(nextConditions, out.conditions);
      touched = out.active.map((a) => a.osd);
      if (round === undefined) {
        notes.push(`${where} latency: no latency history (offline), inactive`);
        summary = 'latency: no latency history (offline), inactive';
      } else summary = `latency: ${touched.length} OSD(s) held slow`;
      if (inForce)
        for (const a of out.active) {
          factors[a.osd] = (factors[a.osd] as number) * rule.factor;
          conditions.push({ rule: 'latency', subject: `osd.${a.osd}`, reason: a.reason });
        }
    } else if (rule.kind === 'proportional') {
      const f = targets.factors ?? new Float64Array(osdmap.maxOsd).fill(1);
      touched = osds.filter((o) => f[o] !== 1);
      summary = `proportional: ${touched.length} OSD(s) with a factor other than 1`;
      if (inForce) {
        for (const o of osds) factors[o] = (factors[o] as number) * (f[o] as number);
        conditions.push(...proportionalConditions(f, resolved.classOf, osds, 'proportional'));
      }
    } else {
      const fn = custom.get(rule.module);
      const path = `${where}.custom.module`;
      if (fn === undefined)
        return {
          problems: [{ line: lineOf(spec.lines, path), path, message: `module ${rule.module} was not loaded` }],
        };
      if (inForce) {
        const before = Float64Array.from(factors);
        const res = customFactors(
          fn(customSnapshot(osdmap, resolved.classOf, before, env.now), env.latency, rule.options),
          osdmap,
          before,
        );
        if ('error' in res)
          return { problems: [{ line: lineOf(spec.lines, path), path, message: `${rule.module} ${res.error}` }] };
        factors.set(res.factors);
        touched = osds.filter((o) => res.factors[o] !== before[o]);
        if (touched.length > 0)
          conditions.push({
            rule: 'custom',
            subject: '*',
            reason: `${rule.module}: ${touched.length} OSD share(s) set`,
          });
      }
      summary = `custom ${rule.module}${inForce ? `: ${touched.length} OSD share(s) set` : ''}`;
    }
    rules.push({ index: rule.index, kind: rule.kind, inForce, osds: touched, summary: summary + windowText });
  }
  for (const o of drained) factors[o] = 0;
  const kinds = spec.rules.filter((_, i) => rules[i]?.inForce).map((r) => r.kind);
  const policy = composedPolicy(BASES[spec.base] as Policy, {
    name: `${spec.base}${kinds.map((k) => ` + ${k}`).join('')} (${spec.file})`,
    describe: `policy file ${spec.file}`,
    factors,
    drained: [...drained].sort((a, b) => a - b),
    notes,
  });
  const state: PolicyState = {
    conditions: nextConditions,
    ...(round !== undefined
      ? { latencyAt: Math.max(round.at, env.state.latencyAt ?? round.at) }
      : env.state.latencyAt !== undefined
        ? { latencyAt: env.state.latencyAt }
        : {}),
  };
  return { policy, state, conditions, notes, rules, factors };
}

function proportionalConditions(
  f: Float64Array,
  classOf: readonly string[],
  osds: readonly number[],
  rule: string,
): ActiveCondition[] {
  const out: ActiveCondition[] = [];
  const byClass = new Map<string, Set<number>>();
  for (const o of osds) {
    const c = classOf[o] || '(no class)';
    byClass.set(c, (byClass.get(c) ?? new Set()).add(f[o] as number));
  }
  for (const [c, set] of byClass) {
    if (set.size === 1 && !set.has(1)) out.push({ rule, subject: `class ${c}`, reason: `share x${[...set][0]}` });
    else if (set.size > 1)
      for (const o of osds)
        if ((classOf[o] || '(no class)') === c && f[o] !== 1)
          out.push({ rule, subject: `osd.${o}`, reason: `share x${f[o]}` });
  }
  return out;
}
