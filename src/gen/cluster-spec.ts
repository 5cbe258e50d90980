/**
 * What `loadshift generate` builds: the layout (racks, hosts, OSDs per host), device classes and CRUSH weights,
 * pools with their rules, and OSD states. Plain data; the CLI fills it from flags. `checkSpec` finds what cannot
 * be built, naming the field; whether a rule can place a pool's replicas is checked on the built CRUSH map.
 */
export type FailureDomain = 'osd' | 'host' | 'rack';

export interface PoolSpec {
  name: string;
  kind: 'replicated' | 'erasure';
  /** replicated: the size; erasure: k + m */
  size: number;
  /** erasure only */
  k?: number;
  m?: number;
  pgNum: number;
  failureDomain: FailureDomain;
  /** the rule takes only OSDs of this class */
  deviceClass?: string;
}

/** CRUSH weight of the class's OSDs in TiB-like units: fixed (min = max) or drawn per OSD from [min, max]. */
export interface ClassSpec {
  name: string;
  /** parts of each host's OSDs (hdd:3,ssd:1 = 3 of 4) */
  share: number;
  minWeight: number;
  maxWeight: number;
}

export interface ClusterSpec {
  /** 0: hosts directly under the root */
  racks: number;
  /** hosts per rack (or all hosts when racks is 0) */
  hostsPerRack: number;
  osdsPerHost: number;
  classes: ClassSpec[];
  pools: PoolSpec[];
  /** explicit primary affinities, 16.16 */
  affinity: { osd: number; value: number }[];
  /** this many OSDs, drawn by the rng, get `randomAffinity.value` */
  randomAffinity: { count: number; value: number } | undefined;
  out: number[];
  down: number[];
  randomOut: number;
  randomDown: number;
  seed: number;
  /** the osdmap epoch of the result */
  epoch: number;
}

/** Largest cluster generate builds (Ceph itself allows more; this keeps one run within memory and seconds). */
export const MAX_GENERATED_OSDS = 100_000;
export const MAX_PG_NUM = 1 << 20;
/** A device's CRUSH weight must fit 16.16 with the sum of a whole cluster in 32 bits. */
export const MAX_DEVICE_WEIGHT = 1000;

export interface SpecProblem {
  field: string;
  message: string;
}

const NAME = /^[-_.0-9a-zA-Z]+$/;

export function checkSpec(s: ClusterSpec): SpecProblem | undefined {
  const hosts = (s.racks || 1) * s.hostsPerRack;
  const osds = hosts * s.osdsPerHost;
  if (s.hostsPerRack < 1) return { field: '--hosts-per-rack', message: 'needs at least 1 host' };
  if (s.osdsPerHost < 1) return { field: '--osds-per-host', message: 'needs at least 1 OSD per host' };
  if (osds > MAX_GENERATED_OSDS)
    return { field: '--osds-per-host', message: `${osds} OSDs is more than ${MAX_GENERATED_OSDS}` };
  if (s.classes.length === 0) return { field: '--classes', message: 'needs at least one device class' };
  const seen = new Set<string>();
  for (const c of s.classes) {
    if (!NAME.test(c.name) || /^\d/.test(c.name))
      return { field: '--classes', message: `'${c.name}' is not a valid device class name` };
    if (seen.has(c.name)) return { field: '--classes', message: `class '${c.name}' given twice` };
    seen.add(c.name);
    if (!(c.share > 0)) return { field: '--classes', message: `class '${c.name}' needs a positive share` };
    if (!(c.minWeight > 0) || !(c.maxWeight >= c.minWeight) || c.maxWeight > MAX_DEVICE_WEIGHT)
      return {
        field: '--weight',
        message: `class '${c.name}': weight ${c.minWeight}-${c.maxWeight} is not within (0, ${MAX_DEVICE_WEIGHT}]`,
      };
  }
  const pools = new Set<string>();
  for (const p of s.pools) {
    const field = `--pool ${p.name}`;
    if (!NAME.test(p.name)) return { field, message: `'${p.name}' is not a valid pool name` };
    if (pools.has(p.name)) return { field, message: 'pool name given twice' };
    pools.add(p.name);
    if (!Number.isInteger(p.pgNum) || p.pgNum < 1 || p.pgNum > MAX_PG_NUM)
      return { field, message: `pg_num ${p.pgNum} is not within 1..${MAX_PG_NUM}` };
    if (p.size < 1 || p.size > 32) return { field, message: `size ${p.size} is not within 1..32` };
    if (p.kind === 'erasure' && ((p.k ?? 0) < 2 || (p.m ?? 0) < 1))
      return { field, message: 'erasure needs k >= 2 and m >= 1' };
    if (p.failureDomain === 'rack' && s.racks === 0)
      return { field, message: 'failure domain rack, but the cluster has no racks (--racks 0)' };
    if (p.deviceClass !== undefined && !seen.has(p.deviceClass))
      return { field, message: `device class '${p.deviceClass}' is not one of --classes` };
  }
  const osdField = (list: number[], field: string): SpecProblem | undefined => {
    const bad = list.find((o) => !Number.isInteger(o) || o < 0 || o >= osds);
    return bad === undefined ? undefined : { field, message: `osd.${bad} does not exist (OSDs are 0..${osds - 1})` };
  };
  const ids = s.affinity.map((a) => a.osd);
  const problem =
    osdField(ids, '--primary-affinity') ??
    osdField(s.out, '--out-osds') ??
    osdField(s.down, '--down-osds') ??
    undefined;
  if (problem) return problem;
  for (const a of s.affinity)
    if (!(a.value >= 0 && a.value <= 0x10000))
      return { field: '--primary-affinity', message: `osd.${a.osd}: affinity must be within 0..1` };
  if (s.randomOut > osds) return { field: '--random-out', message: `more than the ${osds} OSDs` };
  if (s.randomDown > osds) return { field: '--random-down', message: `more than the ${osds} OSDs` };
  if (s.randomAffinity && s.randomAffinity.count > osds)
    return { field: '--random-affinity', message: `more than the ${osds} OSDs` };
  return undefined;
}
