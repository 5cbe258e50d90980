/**
 * Plain-data CRUSH map, shaped for fast mapping: every bucket carries typed arrays precomputed the
 * way Ceph's builder computes them (list sums, tree node weights, straw lengths).
 */

/** "No item here": the hole an indep rule leaves when it cannot fill a position. */
export const CRUSH_ITEM_NONE = 0x7fffffff;
/** Internal marker of crush_choose_indep for a position not decided yet. */
export const CRUSH_ITEM_UNDEF = 0x7ffffffe;

export const BUCKET_UNIFORM = 1;
export const BUCKET_LIST = 2;
export const BUCKET_TREE = 3;
export const BUCKET_STRAW = 4;
export const BUCKET_STRAW2 = 5;
export const BUCKET_ALG_NAMES: Readonly<Record<string, number>> = {
  uniform: BUCKET_UNIFORM,
  list: BUCKET_LIST,
  tree: BUCKET_TREE,
  straw: BUCKET_STRAW,
  straw2: BUCKET_STRAW2,
};

/** Rule step opcodes (crush.h). */
export const OP_NOOP = 0;
export const OP_TAKE = 1;
export const OP_CHOOSE_FIRSTN = 2;
export const OP_CHOOSE_INDEP = 3;
export const OP_EMIT = 4;
export const OP_CHOOSELEAF_FIRSTN = 6;
export const OP_CHOOSELEAF_INDEP = 7;
export const OP_SET_CHOOSE_TRIES = 8;
export const OP_SET_CHOOSELEAF_TRIES = 9;
export const OP_SET_CHOOSE_LOCAL_TRIES = 10;
export const OP_SET_CHOOSE_LOCAL_FALLBACK_TRIES = 11;
export const OP_SET_CHOOSELEAF_VARY_R = 12;
export const OP_SET_CHOOSELEAF_STABLE = 13;
/** MSR rules (Squid and later): rule-level overrides of the msr_* tunables, and the one choose step they allow. */
export const OP_SET_MSR_DESCENTS = 14;
export const OP_SET_MSR_COLLISION_TRIES = 15;
export const OP_CHOOSE_MSR = 16;

/** Rule types (crush_rule_type). MSR rules choose by their own mapper (msr-do-rule.ts). */
export const RULE_TYPE_REPLICATED = 1;
export const RULE_TYPE_ERASURE = 3;
export const RULE_TYPE_MSR_FIRSTN = 4;
export const RULE_TYPE_MSR_INDEP = 5;
/** JSON op name (as `ceph osd crush dump` writes it) to opcode. */
export const RULE_OP_NAMES: Readonly<Record<string, number>> = {
  noop: OP_NOOP,
  take: OP_TAKE,
  choose_firstn: OP_CHOOSE_FIRSTN,
  choose_indep: OP_CHOOSE_INDEP,
  emit: OP_EMIT,
  chooseleaf_firstn: OP_CHOOSELEAF_FIRSTN,
  chooseleaf_indep: OP_CHOOSELEAF_INDEP,
  set_choose_tries: OP_SET_CHOOSE_TRIES,
  set_chooseleaf_tries: OP_SET_CHOOSELEAF_TRIES,
  set_choose_local_tries: OP_SET_CHOOSE_LOCAL_TRIES,
  set_choose_local_fallback_tries: OP_SET_CHOOSE_LOCAL_FALLBACK_TRIES,
  set_chooseleaf_vary_r: OP_SET_CHOOSELEAF_VARY_R,
  set_chooseleaf_stable: OP_SET_CHOOSELEAF_STABLE,
  set_msr_descents: OP_SET_MSR_DESCENTS,
  set_msr_collision_tries: OP_SET_MSR_COLLISION_TRIES,
  choosemsr: OP_CHOOSE_MSR,
};

export interface CrushBucket {
  readonly id: number;
  readonly name: string;
  readonly typeId: number;
  /** BUCKET_UNIFORM .. BUCKET_STRAW2 */
  readonly alg: number;
  /** 0 = rjenkins1 (the only hash Ceph has) */
  readonly hash: number;
  readonly size: number;
  /** 16.16 total weight */
  readonly weight: number;
  readonly items: Int32Array;
  /** 16.16 weight of each item */
  readonly weights: Uint32Array;
  /** list: running sums of weights (crush_make_list_bucket); empty otherwise */
  readonly sumWeights: Uint32Array;
  /** tree: node weights, numNodes entries (crush_make_tree_bucket); empty otherwise */
  readonly nodeWeights: Uint32Array;
  readonly numNodes: number;
  /** straw: straw lengths (crush_calc_straw with the map's straw_calc_version); empty otherwise */
  readonly straws: Uint32Array;
}

export interface CrushRuleStep {
  readonly op: number;
  readonly arg1: number;
  readonly arg2: number;
}

export interface CrushRule {
  readonly id: number;
  readonly name: string;
  /** 1 replicated, 3 erasure, 4 msr_firstn, 5 msr_indep */
  readonly type: number;
  readonly steps: readonly CrushRuleStep[];
}

export interface Tunables {
  readonly chooseLocalTries: number;
  readonly chooseLocalFallbackTries: number;
  readonly chooseTotalTries: number;
  readonly chooseleafDescendOnce: number;
  readonly chooseleafVaryR: number;
  readonly chooseleafStable: number;
  readonly strawCalcVersion: number;
  readonly allowedBucketAlgs: number;
  /** MSR rules: full descents from the take (Squid+; 100 when the map predates them) */
  readonly msrDescents: number;
  /** MSR rules: local retries of a choice that collides */
  readonly msrCollisionTries: number;
}

/** choose_args of one bucket: weight_set per position and/or replacement ids (straw2 only). */
export interface ChooseArg {
  readonly weightSet: readonly Uint32Array[] | null;
  readonly ids: Int32Array | null;
}

/** One choose_args set, indexed by bucket index (-1 - bucket id). */
export interface ChooseArgs {
  readonly key: number;
  readonly args: readonly (ChooseArg | undefined)[];
}

export interface CrushDevice {
  readonly id: number;
  readonly name: string;
  readonly deviceClass: string | undefined;
}

export interface CrushMap {
  /** one more than the highest device id (devices list or bucket items) */
  readonly maxDevices: number;
  /** one more than the highest bucket index */
  readonly maxBuckets: number;
  /** by bucket index -1 - id */
  readonly buckets: readonly (CrushBucket | undefined)[];
  /** by rule id */
  readonly rules: readonly (CrushRule | undefined)[];
  readonly tunables: Tunables;
  readonly devices: readonly CrushDevice[];
  readonly typeNames: ReadonlyMap<number, string>;
  readonly typeIds: ReadonlyMap<string, number>;
  /** device or bucket id -> the bucket holding it in the default (non-shadow) hierarchy */
  readonly parentOf: ReadonlyMap<number, number>;
  /** choose_args sets by key (pool id, or -1 for the default set) */
  readonly chooseArgs: ReadonlyMap<number, ChooseArgs>;
  /** per-device flag: 1 if the device is an item of some bucket (crushtool's default weight) */
  readonly devicePresent: Uint8Array;
}
