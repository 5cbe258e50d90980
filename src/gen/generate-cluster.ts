/**
 * Builds a synthetic cluster from a spec and an rng, the way a Reef monitor would build it from
 * `ceph osd crush add osd.N W root=default [rack=R] host=H` + `ceph osd crush set-device-class C osd.N` run OSD
 * by OSD in id order (host by host), then `ceph osd crush rule create-replicated` for the replicated rules and
 * `ceph osd pool create ... erasure PROFILE` for the erasure ones: same bucket ids (new buckets take the lowest
 * free id; the shadow trees are rebuilt after each class or host appears), straw2 buckets whose weights are the
 * sums of their items, rules numbered in creation order.
 */
import {
  assignShadowIds,
  type BucketIds,
  type ClassBucket,
  classKey,
  type PlainBucket,
} from '../crush/shadow-trees.js';
import { refreshBucketWeights, shadowBuckets } from '../crush/shadow-trees.js';
import type { ClusterSpec, PoolSpec } from './cluster-spec.js';
import { CRUSH_TYPES, type GeneratedCluster, type GenOsd, type GenPool, type GenRule } from './generated-cluster.js';
import { pickDistinct, type Rng, rngUuid } from './rng.js';

const ROOT_ID = -1;
const TYPE = (name: (typeof CRUSH_TYPES)[number]): number => CRUSH_TYPES.indexOf(name);

/** `ceph osd crush add` turns the weight into 16.16 as (int)((float)w * 0x10000). */
export function crushWeightOf(w: number): number {
  return Math.trunc(Math.fround(w) * 0x10000);
}

/** OSDs per class in one host: largest remainders of n * share / total, ties to the earlier class. */
export function classCounts(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, f: e - Math.floor(e) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

function drawWeight(rng: Rng, min: number, max: number): string {
  if (min === max) return String(min);
  return (Math.round((min + rng.next() * (max - min)) * 100) / 100).toFixed(2);
}

export function generateCluster(spec: ClusterSpec, rng: Rng): GeneratedCluster {
  const fsid = rngUuid(rng);
  const racks = spec.racks;
  const nHosts = (racks || 1) * spec.hostsPerRack;
  const counts = classCounts(
    spec.osdsPerHost,
    spec.classes.map((c) => c.share),
  );
  const osds: GenOsd[] = [];
  for (let h = 0; h < nHosts; h++) {
    const rack = racks > 0 ? `rack${Math.floor(h / spec.hostsPerRack)}` : undefined;
    spec.classes.forEach((c, ci) => {
      for (let j = 0; j < counts[ci]!; j++) {
        const id = osds.length;
        const weightText = drawWeight(rng, c.minWeight, c.maxWeight);
        osds.push({
          id,
          uuid: '',
          host: `host${h}`,
          rack,
          cls: c.name,
          crushWeight: crushWeightOf(Number(weightText)),
          weightText,
          reweight: 0x10000,
          affinity: 0x10000,
          up: true,
        });
      }
    });
  }
  for (const o of osds) o.uuid = rngUuid(rng);
  for (const a of spec.affinity) osds[a.osd]!.affinity = a.value;
  if (spec.randomAffinity)
    for (const i of pickDistinct(rng, osds.length, spec.randomAffinity.count))
      osds[i]!.affinity = spec.randomAffinity.value;
  for (const i of [...spec.out, ...pickDistinct(rng, osds.length, spec.randomOut)]) osds[i]!.reweight = 0;
  for (const i of [...spec.down, ...pickDistinct(rng, osds.length, spec.randomDown)]) osds[i]!.up = false;

  const tree = buildTree(osds);
  const rules = buildRules(spec.pools, tree.classBucket);
  const pools: GenPool[] = spec.pools.map((p, i) => ({
    id: i + 1,
    spec: p,
    rule: ruleFor(p, rules),
    minSize: p.kind === 'erasure' ? p.k! + Math.min(1, p.m! - 1) : p.size - Math.floor(p.size / 2),
  }));
  return {
    fsid,
    epoch: spec.epoch,
    rootName: 'default',
    osds,
    buckets: tree.buckets,
    classes: tree.classes,
    rules,
    pools,
  };
}

/** The CRUSH tree, OSD by OSD as the monitor builds it (see the file comment). */
function buildTree(osds: readonly GenOsd[]): { buckets: PlainBucket[]; classes: string[]; classBucket: ClassBucket } {
  const byId = new Map<number, PlainBucket>();
  const byName = new Map<string, PlainBucket>();
  const add = (b: PlainBucket) => {
    byId.set(b.id, b);
    byName.set(b.name, b);
  };
  add({ id: ROOT_ID, name: 'default', typeId: TYPE('root'), items: [], weights: [] });
  let cursor = ROOT_ID - 1;
  const ids: BucketIds = { next: () => cursor-- };
  const classes: string[] = [];
  const classBucket: ClassBucket = new Map();
  const deviceClass = new Map<number, string>();
  for (const o of osds) {
    let host = byName.get(o.host);
    const fresh = host === undefined;
    if (host === undefined) {
      host = { id: ids.next(), name: o.host, typeId: TYPE('host'), items: [], weights: [] };
      add(host);
      let parent = byId.get(ROOT_ID)!;
      if (o.rack !== undefined) {
        let rack = byName.get(o.rack);
        if (rack === undefined) {
          rack = { id: ids.next(), name: o.rack, typeId: TYPE('rack'), items: [], weights: [] };
          add(rack);
          parent.items.push(rack.id);
          parent.weights.push(0);
        }
        parent = rack;
      }
      parent.items.push(host.id);
      parent.weights.push(0);
    }
    host.items.push(o.id);
    host.weights.push(o.crushWeight);
    deviceClass.set(o.id, o.cls);
    const newClass = !classes.includes(o.cls);
    if (newClass) classes.push(o.cls);
    if (fresh || newClass) assignShadowIds(byId, [ROOT_ID], classes, classBucket, ids);
  }
  refreshBucketWeights(byId);
  const shadows = shadowBuckets(byId, [ROOT_ID], classes, classBucket, (d) => deviceClass.get(d));
  const buckets = [...byId.values(), ...shadows].sort((a, b) => b.id - a.id);
  return { buckets, classes, classBucket };
}

const ruleKey = (p: PoolSpec) => `${p.failureDomain}|${p.deviceClass ?? ''}`;

/** rule 0 as a new cluster has it, then create-replicated rules in pool order, then one rule per erasure pool. */
function buildRules(pools: readonly PoolSpec[], classBucket: ClassBucket): GenRule[] {
  const take = (cls: string | undefined) =>
    cls === undefined
      ? { take: ROOT_ID, takeName: 'default' }
      : { take: classBucket.get(classKey(ROOT_ID, cls))!, takeName: `default~${cls}` };
  const rules: GenRule[] = [
    { id: 0, name: 'replicated_rule', kind: 'replicated', ...take(undefined), domainType: 1, deviceClass: undefined },
  ];
  const made = new Set<string>(['host|']);
  for (const p of pools) {
    if (p.kind !== 'replicated' || made.has(ruleKey(p))) continue;
    made.add(ruleKey(p));
    rules.push({
      id: rules.length,
      name: `replicated_${p.failureDomain}${p.deviceClass ? `_${p.deviceClass}` : ''}`,
      kind: 'replicated',
      ...take(p.deviceClass),
      domainType: TYPE(p.failureDomain),
      deviceClass: p.deviceClass,
    });
  }
  for (const p of pools) {
    if (p.kind !== 'erasure') continue;
    rules.push({
      id: rules.length,
      name: p.name,
      kind: 'erasure',
      ...take(p.deviceClass),
      domainType: TYPE(p.failureDomain),
      deviceClass: p.deviceClass,
    });
  }
  return rules;
}

function ruleFor(p: PoolSpec, rules: readonly GenRule[]): number {
  if (p.kind === 'erasure') return rules.find((r) => r.kind === 'erasure' && r.name === p.name)!.id;
  const want = `replicated_${p.failureDomain}${p.deviceClass ? `_${p.deviceClass}` : ''}`;
  if (p.failureDomain === 'host' && p.deviceClass === undefined) return 0;
  return rules.find((r) => r.name === want)!.id;
}
