/** Which choose_args set and rule a mapping uses, as CrushWrapper does. */
import type { ChooseArgs, CrushMap, CrushRule } from './types.js';

/** CrushWrapper::DEFAULT_CHOOSE_ARGS: the set used when a pool has none of its own. */
export const DEFAULT_CHOOSE_ARGS = -1;

/** The pool's choose_args set, else the default (-1) set, else undefined (choose_args_get_with_fallback). */
export function chooseArgsFor(map: CrushMap, poolId: number): ChooseArgs | undefined {
  return map.chooseArgs.get(poolId) ?? map.chooseArgs.get(DEFAULT_CHOOSE_ARGS);
}

export function findRule(map: CrushMap, ruleId: number): CrushRule | undefined {
  return ruleId >= 0 ? map.rules[ruleId] : undefined;
}
