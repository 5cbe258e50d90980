/** Rule steps of a crush dump: op names to opcodes, type names to type ids, take targets checked. */
import * as T from '../crush/types.js';
import type { CrushBucket, CrushRuleStep } from '../crush/types.js';
import type { JsonFields, Json } from './json-fields.js';

const KNOWN_OPCODES = new Set(Object.values(T.RULE_OP_NAMES));

export function readRuleSteps(
  f: JsonFields,
  rule: Json,
  path: string,
  typeIds: ReadonlyMap<string, number>,
  buckets: readonly (CrushBucket | undefined)[],
  maxDevices: number,
): CrushRuleStep[] {
  return f.arr(rule.steps, `${path}.steps`).map((s, i) => {
    const p = `${path}.steps[${i}]`;
    const o = f.obj(s, p);
    if (o.op === undefined && o.opcode !== undefined) {
      // ops the dump has no name for (set_choose_local_*, set_chooseleaf_vary_r/stable): raw opcode + args
      const op = f.int(o, 'opcode', p);
      if (!KNOWN_OPCODES.has(op)) f.fail(`${p}.opcode`, `unknown rule step opcode ${op}`);
      if (op === T.OP_TAKE || (op >= T.OP_CHOOSE_FIRSTN && op <= T.OP_CHOOSELEAF_INDEP && op !== T.OP_EMIT)) {
        f.fail(`${p}.opcode`, `opcode ${op} must be written with its name in 'op'`);
      }
      return { op, arg1: f.int(o, 'arg1', p), arg2: f.int(o, 'arg2', p) };
    }
    const opName = f.str(o, 'op', p);
    const op = T.RULE_OP_NAMES[opName];
    if (op === undefined) f.fail(`${p}.op`, `unknown rule step '${opName}'`);
    switch (op) {
      case T.OP_TAKE: {
        const item = f.int(o, 'item', p);
        if (item < 0 ? buckets[-1 - item] === undefined : item >= maxDevices) {
          f.fail(
            `${p}.item`,
            `take of ${item}${typeof o.item_name === 'string' ? ` (${o.item_name})` : ''}, which does not exist`,
          );
        }
        return { op, arg1: item, arg2: 0 };
      }
      case T.OP_CHOOSE_FIRSTN:
      case T.OP_CHOOSE_INDEP:
      case T.OP_CHOOSELEAF_FIRSTN:
      case T.OP_CHOOSELEAF_INDEP:
      case T.OP_CHOOSE_MSR: {
        const num = f.int(o, 'num', p);
        const t = o.type;
        let type: number | undefined;
        if (typeof t === 'number' && Number.isInteger(t)) type = t;
        else if (typeof t === 'string') type = typeIds.get(t);
        if (type === undefined) f.fail(`${p}.type`, `unknown type ${JSON.stringify(t)}`);
        return { op, arg1: num, arg2: type };
      }
      case T.OP_EMIT:
      case T.OP_NOOP:
        return { op, arg1: 0, arg2: 0 };
      default:
        return { op, arg1: f.int(o, 'num', p), arg2: 0 };
    }
  });
}
