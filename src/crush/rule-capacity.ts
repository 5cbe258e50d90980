/**
 * How many distinct failure domains a simple rule can choose from: `take X`, one choose / chooseleaf step of type
 * T (firstn or indep), `emit` (set_* steps allowed) - the rules `ceph osd crush rule create-replicated` and
 * erasure-code profiles make. A domain counts when it holds weight (some device of positive CRUSH weight below it).
 * Other rule shapes give undefined: no claim is made about them.
 */
import {
  OP_CHOOSE_FIRSTN,
  OP_CHOOSE_INDEP,
  OP_CHOOSELEAF_FIRSTN,
  OP_CHOOSELEAF_INDEP,
  OP_EMIT,
  OP_TAKE,
  type CrushMap,
} from './types.js';

export interface RuleCapacity {
  /** Distinct domains with weight. */
  domains: number;
  /** The domain type's name (e.g. host). */
  type: string;
  /** The take item's name (e.g. default~ssd). */
  take: string;
  /** The step's count: 0 or less means "size + n". */
  num: number;
}

const CHOOSE = new Set([OP_CHOOSE_FIRSTN, OP_CHOOSE_INDEP, OP_CHOOSELEAF_FIRSTN, OP_CHOOSELEAF_INDEP]);

export function ruleCapacity(crush: CrushMap, ruleId: number): RuleCapacity | undefined {
  const rule = crush.rules[ruleId];
  if (!rule) return undefined;
  const core = rule.steps.filter((s) => s.op === OP_TAKE || CHOOSE.has(s.op) || s.op === OP_EMIT);
  if (core.length !== 3 || core[0]!.op !== OP_TAKE || !CHOOSE.has(core[1]!.op) || core[2]!.op !== OP_EMIT)
    return undefined;
  const take = core[0]!.arg1;
  const type = core[1]!.arg2;
  const found = new Set<number>();
  const visit = (item: number, weight: number): void => {
    if (item >= 0) {
      if (type === 0 && weight > 0) found.add(item);
      return;
    }
    const b = crush.buckets[-1 - item];
    if (!b) return;
    if (b.typeId === type) {
      if (b.weight > 0) found.add(item);
      return;
    }
    for (let k = 0; k < b.size; k++) visit(b.items[k]!, b.weights[k]!);
  };
  visit(take, 1);
  const takeName = take >= 0 ? `osd.${take}` : (crush.buckets[-1 - take]?.name ?? String(take));
  return { domains: found.size, type: crush.typeNames.get(type) ?? String(type), take: takeName, num: core[1]!.arg1 };
}

/** The number of positions the rule fills for a pool of `size` (Ceph: num <= 0 means size + num). */
export function wantedPositions(cap: RuleCapacity, size: number): number {
  return cap.num <= 0 ? size + cap.num : Math.min(cap.num, size);
}
