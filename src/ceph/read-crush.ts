/**
 * Reads the JSON of `ceph osd crush dump -f json` / `crushtool -i map --dump` into a CrushMap, with
 * the per-bucket arrays Ceph's builder derives (list sums, tree nodes, straw lengths).
 */
import { calcStraws } from '../crush/straw-calc.js';
import { treeNodeWeights } from '../crush/bucket-tree.js';
import * as T from '../crush/types.js';
import type { CrushBucket, CrushDevice, CrushMap, CrushRule, CrushRuleStep, Tunables } from '../crush/types.js';
import { describeJson as kind, JsonFields, type Json } from './json-fields.js';
import { readChooseArgs } from './read-choose-args.js';
import { readRuleSteps } from './read-crush-rules.js';

const TUNABLE_KEYS: readonly [keyof Tunables, string][] = [
  ['chooseLocalTries', 'choose_local_tries'],
  ['chooseLocalFallbackTries', 'choose_local_fallback_tries'],
  ['chooseTotalTries', 'choose_total_tries'],
  ['chooseleafDescendOnce', 'chooseleaf_descend_once'],
  ['chooseleafVaryR', 'chooseleaf_vary_r'],
  ['chooseleafStable', 'chooseleaf_stable'],
  ['strawCalcVersion', 'straw_calc_version'],
  ['allowedBucketAlgs', 'allowed_bucket_algs'],
];

const MSR_TUNABLE_KEYS: readonly [keyof Tunables, string][] = [
  ['msrDescents', 'msr_descents'],
  ['msrCollisionTries', 'msr_collision_tries'],
];
const MSR_TUNABLE_DEFAULT = 100;

export function parseCrushMap(json: unknown, source: string): CrushMap {
  const f = new JsonFields(source);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    f.failDocument(`expected the JSON object of 'ceph osd crush dump', got ${kind(json)}`);
  }
  const top = json as Json;
  if (!('buckets' in top) || !('rules' in top)) {
    if ('osds' in top && 'pools' in top)
      f.failDocument("this is an OSD map dump ('ceph osd dump'), not a CRUSH map dump ('ceph osd crush dump')");
    f.failDocument("not a CRUSH map dump ('ceph osd crush dump'): no 'buckets' and 'rules'");
  }
  const tj = f.obj(top.tunables, 'tunables');
  const tunables = {} as Record<keyof Tunables, number>;
  for (const [k, jk] of TUNABLE_KEYS) tunables[k] = f.int(tj, jk, 'tunables', 0, 0xffffffff);
  // Squid+ dumps carry the MSR tunables; a map that predates them decodes with the defaults
  for (const [k, jk] of MSR_TUNABLE_KEYS) {
    tunables[k] = tj[jk] === undefined ? MSR_TUNABLE_DEFAULT : f.int(tj, jk, 'tunables', 0, 0xffffffff);
  }

  const typeNames = new Map<number, string>();
  const typeIds = new Map<string, number>();
  f.arr(top.types, 'types').forEach((t, i) => {
    const o = f.obj(t, `types[${i}]`);
    const id = f.int(o, 'type_id', `types[${i}]`, 0);
    const name = f.str(o, 'name', `types[${i}]`);
    if (typeNames.has(id)) f.fail(`types[${i}].type_id`, `duplicate type id ${id}`);
    typeNames.set(id, name);
    typeIds.set(name, id);
  });

  const devices: CrushDevice[] = [];
  const deviceIds = new Set<number>();
  let maxDevices = 0;
  f.arr(top.devices, 'devices').forEach((d, i) => {
    const o = f.obj(d, `devices[${i}]`);
    const id = f.int(o, 'id', `devices[${i}]`, 0);
    if (deviceIds.has(id)) f.fail(`devices[${i}].id`, `duplicate device id ${id}`);
    deviceIds.add(id);
    const cls = o.class;
    devices.push({
      id,
      name: f.str(o, 'name', `devices[${i}]`),
      deviceClass: typeof cls === 'string' ? cls : undefined,
    });
    maxDevices = Math.max(maxDevices, id + 1);
  });

  // first pass: ids, so items can be checked against every bucket
  const bj = f.arr(top.buckets, 'buckets').map((b, i) => f.obj(b, `buckets[${i}]`));
  const bucketIndex = new Map<number, number>();
  bj.forEach((o, i) => {
    const id = f.int(o, 'id', `buckets[${i}]`, -0x80000000, -1);
    if (bucketIndex.has(id)) f.fail(`buckets[${i}].id`, `duplicate bucket id ${id}`);
    bucketIndex.set(id, i);
  });
  const buckets: (CrushBucket | undefined)[] = [];
  const parentOf = new Map<number, number>();
  bj.forEach((o, i) => {
    const p = `buckets[${i}]`;
    const b = readBucket(f, o, p, tunables.strawCalcVersion, typeNames, bucketIndex);
    buckets[-1 - b.id] = b;
    for (const item of b.items) {
      if (item >= maxDevices) maxDevices = item + 1;
      if (!b.name.includes('~') && !parentOf.has(item)) parentOf.set(item, b.id);
    }
  });
  checkAcyclic(f, buckets, bucketIndex);
  const devicePresent = new Uint8Array(maxDevices);
  for (const b of buckets) if (b) for (const item of b.items) if (item >= 0) devicePresent[item] = 1;

  const rules: (CrushRule | undefined)[] = [];
  f.arr(top.rules, 'rules').forEach((r, i) => {
    const o = f.obj(r, `rules[${i}]`);
    const id = f.int(o, 'rule_id', `rules[${i}]`, 0, 0xffff);
    if (rules[id] !== undefined) f.fail(`rules[${i}].rule_id`, `duplicate rule id ${id}`);
    const steps: CrushRuleStep[] = readRuleSteps(f, o, `rules[${i}]`, typeIds, buckets, maxDevices);
    rules[id] = { id, name: f.str(o, 'rule_name', `rules[${i}]`), type: f.int(o, 'type', `rules[${i}]`), steps };
  });

  const map: CrushMap = {
    maxDevices,
    maxBuckets: buckets.length,
    buckets,
    rules,
    tunables,
    devices,
    typeNames,
    typeIds,
    parentOf,
    chooseArgs: new Map(),
    devicePresent,
  };
  return { ...map, chooseArgs: readChooseArgs(f, top.choose_args, map) };
}

function readBucket(
  f: JsonFields,
  o: Json,
  p: string,
  strawCalcVersion: number,
  typeNames: ReadonlyMap<number, string>,
  bucketIndex: ReadonlyMap<number, number>,
): CrushBucket {
  const id = f.int(o, 'id', p);
  const name = f.str(o, 'name', p);
  const typeId = f.int(o, 'type_id', p, 0);
  if (!typeNames.has(typeId)) f.fail(`${p}.type_id`, `type ${typeId} is not in 'types'`);
  const algName = f.str(o, 'alg', p);
  const alg = T.BUCKET_ALG_NAMES[algName];
  if (alg === undefined)
    f.fail(`${p}.alg`, `unknown bucket algorithm '${algName}' (expected uniform, list, tree, straw or straw2)`);
  const hash = o.hash;
  if (hash !== undefined && hash !== 'rjenkins1' && hash !== 0)
    f.fail(`${p}.hash`, `unknown hash ${JSON.stringify(hash)} (only rjenkins1 exists)`);
  const ij = f.arr(o.items, `${p}.items`);
  const items = new Int32Array(ij.length);
  const weights = new Uint32Array(ij.length);
  ij.forEach((it, k) => {
    const io = f.obj(it, `${p}.items[${k}]`);
    const item = f.int(io, 'id', `${p}.items[${k}]`);
    if (item < 0 && !bucketIndex.has(item)) f.fail(`${p}.items[${k}].id`, `bucket ${item} does not exist`);
    if (item === id) f.fail(`${p}.items[${k}].id`, `bucket ${id} contains itself`);
    items[k] = item;
    weights[k] = f.weight(io, 'weight', `${p}.items[${k}]`);
  });
  let sum = 0;
  const sumWeights = new Uint32Array(alg === T.BUCKET_LIST ? ij.length : 0);
  for (let k = 0; k < ij.length; k++) {
    sum += weights[k]!;
    if (alg === T.BUCKET_LIST) {
      if (sum > 0xffffffff) f.fail(`${p}.items`, 'the sum of the item weights overflows 32 bits');
      sumWeights[k] = sum;
    }
  }
  const tree = alg === T.BUCKET_TREE ? treeNodeWeights(weights) : { nodeWeights: new Uint32Array(0), numNodes: 0 };
  const straws = alg === T.BUCKET_STRAW ? calcStraws(weights, strawCalcVersion) : new Uint32Array(0);
  return {
    id,
    name,
    typeId,
    alg,
    hash: 0,
    size: items.length,
    weight: sum >>> 0,
    items,
    weights,
    sumWeights,
    nodeWeights: tree.nodeWeights,
    numNodes: tree.numNodes,
    straws,
  };
}

function checkAcyclic(
  f: JsonFields,
  buckets: readonly (CrushBucket | undefined)[],
  bucketIndex: ReadonlyMap<number, number>,
): void {
  const state = new Map<number, number>(); // 1 visiting, 2 done
  const visit = (id: number, trail: number[]): void => {
    const s = state.get(id);
    if (s === 2) return;
    if (s === 1) {
      const cycle = [...trail.slice(trail.indexOf(id)), id].join(' -> ');
      f.fail(`buckets[${bucketIndex.get(id)}]`, `the hierarchy has a cycle: ${cycle}`);
    }
    state.set(id, 1);
    trail.push(id);
    for (const item of buckets[-1 - id]!.items) if (item < 0) visit(item, trail);
    trail.pop();
    state.set(id, 2);
  };
  for (const b of buckets) if (b) visit(b.id, []);
}
