/**
 * The OSDs of a CRUSH rule with their weights, as Ceph's CrushWrapper::get_rule_weight_osd_map
 * computes them (Reef): for every `take` step, walk the taken subtree breadth first, give each
 * OSD its CRUSH item weight (16.16 integer as float), divide by the subtree's float sum, and add
 * the results of all takes. Only the take steps matter (choose/chooseleaf steps are ignored);
 * OSDs with CRUSH weight 0 are included (weight 0). Arithmetic is float32, as in Ceph.
 *
 * It needs only two things of the CRUSH map, so it works on any CRUSH model: the rule's take
 * items (bucket ids < 0 or OSD ids >= 0; for device classes the shadow bucket id, e.g. the id of
 * "default~ssd") and a way to list a bucket's items with their 16.16 weights.
 */

export interface RuleOsdWeight {
  osd: number;
  /** Normalised weight (float32): the OSD's share of its take subtree's CRUSH weight. */
  weight: number;
}

export interface CrushItemWeight {
  id: number;
  /** CRUSH item weight in 16.16 fixed point (0x10000 = 1.0), as in `ceph osd crush dump`. */
  weight: number;
}

/** Items of bucket `id` (< 0) in bucket order, or undefined when there is no such bucket. */
export type BucketItems = (id: number) => readonly CrushItemWeight[] | undefined;

const f32 = Math.fround;

/** OSDs of a rule, ascending by id, with Ceph's normalised weights. */
export function ruleOsdWeights(takeItems: readonly number[], bucketItems: BucketItems): RuleOsdWeight[] {
  const total = new Map<number, number>();
  for (const take of takeItems) {
    const m = new Map<number, number>();
    let sum = 0;
    if (take >= 0) {
      m.set(take, 1);
      sum = 1;
    } else {
      const queue = [take];
      for (let i = 0; i < queue.length; i++) {
        const items = bucketItems(queue[i] as number) ?? [];
        for (const item of items) {
          if (item.id >= 0) {
            const w = f32(item.weight);
            m.set(item.id, w);
            sum = f32(sum + w);
          } else {
            queue.push(item.id);
          }
        }
      }
    }
    for (const osd of [...m.keys()].sort((a, b) => a - b)) {
      const share = f32((m.get(osd) as number) / sum);
      const prev = total.get(osd);
      total.set(osd, prev === undefined ? share : f32(prev + share));
    }
  }
  return [...total.entries()].sort((a, b) => a[0] - b[0]).map(([osd, weight]) => ({ osd, weight }));
}

/** The CRUSH rule shape of `ceph osd crush dump -f json`: the take steps name an `item`. */
export interface CrushRuleSteps {
  steps: ReadonlyArray<{ op: string; item?: number }>;
}

/** Take items of a rule in step order. */
export function takeItemsOfRule(rule: CrushRuleSteps): number[] {
  const out: number[] = [];
  for (const s of rule.steps) if (s.op === 'take' && s.item !== undefined) out.push(s.item);
  return out;
}
