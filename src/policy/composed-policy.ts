import type { OsdMap } from '../cluster/osdmap.js';
import type { Policy, PolicyContext } from './policy.js';

/**
 * A base policy's shares multiplied per OSD by `factors`, scaled back to the base's total for each pool (so a pool
 * whose OSDs all have the same factor keeps its shares). When every eligible OSD of a pool has factor 0 the base
 * shares stay (the engine needs some target; the plan notes it). `drained` passes through to the plan builder.
 */
export function composedPolicy(
  base: Policy,
  opts: { name: string; describe: string; factors: Float64Array; drained: readonly number[]; notes: readonly string[] },
): Policy {
  const { factors } = opts;
  return {
    name: opts.name,
    describe: opts.describe,
    weighsAffinity: base.weighsAffinity,
    drained: opts.drained,
    desired(ctx: PolicyContext): Float64Array {
      const b = base.desired(ctx);
      const out = new Float64Array(b.length);
      let before = 0;
      let after = 0;
      for (let o = 0; o < b.length; o++) {
        if (!ctx.eligible[o]) continue;
        before += b[o] ?? 0;
        out[o] = (b[o] ?? 0) * (factors[o] ?? 1);
        after += out[o] as number;
      }
      if (after <= 0) return b;
      const k = before / after;
      for (let o = 0; o < out.length; o++) out[o] = (out[o] as number) * k;
      return out;
    },
    note(osdmap: OsdMap): string | undefined {
      const all = [base.note?.(osdmap), ...opts.notes].filter((n) => n !== undefined);
      return all.length > 0 ? all.join('; ') : undefined;
    },
  };
}
