import type { CrushMap } from '../crush/types.js';
import { OP_TAKE } from '../crush/types.js';
import type { Pool } from './osdmap.js';
import { ruleOsdWeights, type CrushItemWeight, type RuleOsdWeight } from './rule-osds.js';

/** The OSDs of a pool's CRUSH rule with Ceph's normalised weights (for Reef's read_balance score). */
export function poolRuleOsds(crush: CrushMap, pool: Pool): RuleOsdWeight[] {
  const rule = crush.rules[pool.crushRule];
  if (rule === undefined) return [];
  const takes = rule.steps.filter((s) => s.op === OP_TAKE).map((s) => s.arg1);
  return ruleOsdWeights(takes, (id): CrushItemWeight[] | undefined => {
    const b = crush.buckets[-1 - id];
    if (b === undefined) return undefined;
    return Array.from(b.items, (item, i) => ({ id: item, weight: b.weights[i] ?? 0 }));
  });
}

/** Memoised per CRUSH rule: every pool using the rule shares the list. */
export function ruleOsdsLookup(crush: CrushMap): (pool: Pool) => RuleOsdWeight[] {
  const cache = new Map<number, RuleOsdWeight[]>();
  return (pool) => {
    let v = cache.get(pool.crushRule);
    if (v === undefined) cache.set(pool.crushRule, (v = poolRuleOsds(crush, pool)));
    return v;
  };
}
