/**
 * What-if edits on Ceph's own dumps (`ceph osd dump` + `ceph osd crush dump` JSON), as the monitor would make
 * them: `ceph osd out|in`, down/up (as `osdmaptool --mark-up` / a failure), `ceph osd reweight`, `ceph osd
 * primary-affinity`, a new host of new OSDs (`osd new` + `osd crush add` + `set-device-class`: lowest free OSD
 * and bucket ids, shadow trees rebuilt keeping their ids) and removing a host with its OSDs (`osd purge` of each,
 * then `osd crush rm HOST`). Every field the edits do not touch is kept as it was.
 * Edits run in a fixed order: remove hosts, add hosts, out, in, down, up, reweight, primary affinity.
 */
import {
  assignShadowIds,
  type ClassBucket,
  classKey,
  lowestFreeIds,
  type PlainBucket,
  refreshBucketWeights,
  shadowBuckets,
  treeRoots,
} from '../crush/shadow-trees.js';
import { inputError } from '../errors.js';
import { makeRng, rngUuid } from '../gen/rng.js';

type Obj = Record<string, unknown>;

export interface NewHost {
  name: string;
  /** rack to put it in (made under the root when missing); undefined: directly under the root */
  rack: string | undefined;
  count: number;
  /** CRUSH weight of each new OSD, 16.16 */
  weight: number;
  cls: string;
}

export interface WhatIfEdits {
  removeHosts: string[];
  addHosts: NewHost[];
  out: number[];
  in: number[];
  down: number[];
  up: number[];
  reweight: { osd: number; value: number }[];
  affinity: { osd: number; value: number }[];
}

export interface WhatIfResult {
  osdDump: Obj;
  crushDump: Obj;
  /** one line per edit, for the notes of the snapshot */
  done: string[];
  /** OSD ids the added hosts got */
  added: number[];
}

const objs = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const clone = <T>(v: T): T => structuredClone(v);

export function applyWhatIf(osdDumpIn: Obj, crushDumpIn: Obj, e: WhatIfEdits): WhatIfResult {
  const osdDump = clone(osdDumpIn);
  const crushDump = clone(crushDumpIn);
  const done: string[] = [];
  const added: number[] = [];
  const osds = () => objs(osdDump.osds);
  const osdEntry = (flag: string, id: number): Obj => {
    const o = osds().find((x) => x.osd === id);
    if (!o) {
      const ids = osds().map((x) => Number(x.osd));
      const range = ids.length
        ? ` (the map has ${ids.length} OSDs, osd.${Math.min(...ids)}..osd.${Math.max(...ids)})`
        : '';
      throw inputError(flag, `osd.${id} does not exist${range}; give an OSD of the map`);
    }
    return o;
  };
  if (e.removeHosts.length > 0 || e.addHosts.length > 0) {
    const tree = crushTree(crushDump);
    for (const name of e.removeHosts) done.push(removeHost(tree, osdDump, name));
    for (const h of e.addHosts) {
      const ids = addHost(tree, osdDump, h);
      added.push(...ids);
      done.push(`add host ${h.name} (osd.${ids.join(', osd.')})`);
    }
    writeTree(tree, crushDump);
  }
  const setState = (o: Obj, up: boolean) => {
    o.up = up ? 1 : 0;
    const state = Array.isArray(o.state) ? (o.state as string[]).filter((s) => s !== 'up') : ['exists'];
    o.state = up ? [...state, 'up'] : state;
  };
  const setWeight = (o: Obj, w: number) => {
    o.weight = w / 0x10000;
    o.in = w > 0 ? 1 : 0;
  };
  for (const id of e.out) {
    setWeight(osdEntry('--out-osd', id), 0);
    done.push(`out osd.${id}`);
  }
  for (const id of e.in) {
    setWeight(osdEntry('--in-osd', id), 0x10000);
    done.push(`in osd.${id}`);
  }
  for (const id of e.down) {
    setState(osdEntry('--down-osd', id), false);
    done.push(`down osd.${id}`);
  }
  for (const id of e.up) {
    setState(osdEntry('--up-osd', id), true);
    done.push(`up osd.${id}`);
  }
  for (const { osd, value } of e.reweight) {
    setWeight(osdEntry('--reweight', osd), value);
    done.push(`reweight osd.${osd} ${value / 0x10000}`);
  }
  for (const { osd, value } of e.affinity) {
    osdEntry('--primary-affinity', osd).primary_affinity = value / 0x10000;
    done.push(`primary-affinity osd.${osd} ${value / 0x10000}`);
  }
  osdDump.epoch = Number(osdDump.epoch) + 1;
  return { osdDump, crushDump, done, added };
}

/** The CRUSH tree as the edits need it: non-shadow buckets, shadow ids by (bucket, class), device classes. */
interface CrushTree {
  buckets: Map<number, PlainBucket>;
  /** the JSON fields of each bucket that the edits keep (alg, hash) */
  extra: Map<number, Obj>;
  classBucket: ClassBucket;
  classes: string[];
  devices: Obj[];
  typeIds: Map<string, number>;
}

function crushTree(d: Obj): CrushTree {
  if (Object.keys((d.choose_args as Obj | undefined) ?? {}).length > 0)
    throw inputError(
      '--add-host/--remove-host',
      'the CRUSH map has choose_args (weight sets); adding or removing hosts is not supported on such a map',
    );
  const buckets = new Map<number, PlainBucket>();
  const extra = new Map<number, Obj>();
  const byName = new Map<string, number>();
  const shadows: Obj[] = [];
  for (const b of objs(d.buckets)) {
    if (String(b.name).includes('~')) {
      shadows.push(b);
      continue;
    }
    const items = objs(b.items);
    buckets.set(Number(b.id), {
      id: Number(b.id),
      name: String(b.name),
      typeId: Number(b.type_id),
      items: items.map((i) => Number(i.id)),
      weights: items.map((i) => Number(i.weight)),
    });
    extra.set(Number(b.id), { alg: b.alg, hash: b.hash });
    byName.set(String(b.name), Number(b.id));
  }
  const classBucket: ClassBucket = new Map();
  const classes: string[] = [];
  const devices = objs(d.devices);
  for (const dev of devices) if (typeof dev.class === 'string' && !classes.includes(dev.class)) classes.push(dev.class);
  for (const s of shadows) {
    const [base = '', cls = ''] = String(s.name).split('~');
    const orig = byName.get(base);
    if (orig !== undefined) classBucket.set(classKey(orig, cls), Number(s.id));
    if (!classes.includes(cls)) classes.push(cls);
  }
  const typeIds = new Map<string, number>(objs(d.types).map((t) => [String(t.name), Number(t.type_id)]));
  return { buckets, extra, classBucket, classes, devices, typeIds };
}

function findBucket(t: CrushTree, name: string): PlainBucket | undefined {
  for (const b of t.buckets.values()) if (b.name === name) return b;
  return undefined;
}

function removeHost(t: CrushTree, osdDump: Obj, name: string): string {
  const host = findBucket(t, name);
  const hostType = t.typeIds.get('host');
  if (!host || host.typeId !== hostType) {
    const hosts = [...t.buckets.values()].filter((b) => b.typeId === hostType).map((b) => b.name);
    throw inputError(
      '--remove-host',
      `'${name}' is not a host of the CRUSH map (hosts: ${hosts.slice(0, 8).join(', ')}${hosts.length > 8 ? ', ...' : ''})`,
    );
  }
  if (host.items.some((i) => i < 0))
    throw inputError('--remove-host', `host '${name}' holds buckets, not only OSDs; remove those first`);
  const gone = new Set(host.items);
  for (const b of t.buckets.values()) {
    const k = b.items.indexOf(host.id);
    if (k >= 0) {
      b.items.splice(k, 1);
      b.weights.splice(k, 1);
    }
  }
  t.buckets.delete(host.id);
  // its shadows go with it (the next rebuild does not know their ids any more)
  for (const k of [...t.classBucket.keys()]) if (k.startsWith(`${host.id}|`)) t.classBucket.delete(k);
  t.devices = t.devices.filter((d) => !gone.has(Number(d.id)));
  // `ceph osd purge`: the OSDs leave the map, and so do the entries that name them
  osdDump.osds = objs(osdDump.osds).filter((o) => !gone.has(Number(o.osd)));
  osdDump.osd_xinfo = objs(osdDump.osd_xinfo).filter((o) => !gone.has(Number(o.osd)));
  const names = (osdsOf: (x: Obj) => unknown[]) => (x: Obj) => !osdsOf(x).some((o) => gone.has(Number(o)));
  osdDump.pg_upmap = objs(osdDump.pg_upmap).filter(names((x) => (x.osds as unknown[]) ?? []));
  osdDump.pg_upmap_items = objs(osdDump.pg_upmap_items).filter(
    names((x) => objs(x.mappings).flatMap((m) => [m.from, m.to])),
  );
  osdDump.pg_upmap_primaries = objs(osdDump.pg_upmap_primaries).filter(names((x) => [x.primary_osd]));
  osdDump.pg_temp = objs(osdDump.pg_temp).filter(names((x) => (x.osds as unknown[]) ?? []));
  return `remove host ${name} (osd.${[...gone].join(', osd.')})`;
}

function addHost(t: CrushTree, osdDump: Obj, h: NewHost): number[] {
  if (findBucket(t, h.name))
    throw inputError('--add-host', `a bucket named '${h.name}' exists already; pick a new name`);
  const root = findBucket(t, 'default') ?? t.buckets.get(treeRoots(t.buckets)[0] ?? -1);
  if (!root) throw inputError('--add-host', 'the CRUSH map has no root to add a host to');
  const used = new Set<number>([...t.buckets.keys(), ...t.classBucket.values()]);
  const ids = lowestFreeIds(used);
  const host: PlainBucket = {
    id: ids.next(),
    name: h.name,
    typeId: t.typeIds.get('host') ?? 1,
    items: [],
    weights: [],
  };
  t.buckets.set(host.id, host);
  t.extra.set(host.id, { alg: 'straw2', hash: 'rjenkins1' });
  let parent = root;
  if (h.rack !== undefined) {
    const rack = findBucket(t, h.rack);
    if (rack && rack.typeId !== t.typeIds.get('rack'))
      throw inputError('--add-host', `'${h.rack}' is a ${typeName(t, rack.typeId)}, not a rack`);
    if (rack) parent = rack;
    else {
      const r: PlainBucket = {
        id: ids.next(),
        name: h.rack,
        typeId: t.typeIds.get('rack') ?? 3,
        items: [],
        weights: [],
      };
      t.buckets.set(r.id, r);
      t.extra.set(r.id, { alg: 'straw2', hash: 'rjenkins1' });
      root.items.push(r.id);
      root.weights.push(0);
      parent = r;
    }
  }
  parent.items.push(host.id);
  parent.weights.push(0);
  // `osd new` takes the lowest ids that no OSD has
  const existing = new Set(objs(osdDump.osds).map((o) => Number(o.osd)));
  const newIds: number[] = [];
  for (let id = 0; newIds.length < h.count; id++) if (!existing.has(id)) newIds.push(id);
  const rng = makeRng(newIds[0]! * 7919 + h.name.length);
  for (const id of newIds) {
    host.items.push(id);
    host.weights.push(h.weight);
    t.devices.push({ id, name: `osd.${id}`, class: h.cls });
    osdDump.osds = [...objs(osdDump.osds), newOsd(id, rngUuid(rng))].sort((a, b) => Number(a.osd) - Number(b.osd));
    osdDump.osd_xinfo = [...objs(osdDump.osd_xinfo), newXinfo(id)].sort((a, b) => Number(a.osd) - Number(b.osd));
  }
  t.devices.sort((a, b) => Number(a.id) - Number(b.id));
  osdDump.max_osd = Math.max(Number(osdDump.max_osd), newIds[newIds.length - 1]! + 1);
  if (!t.classes.includes(h.cls)) t.classes.push(h.cls);
  return newIds;
}

function typeName(t: CrushTree, id: number): string {
  for (const [n, i] of t.typeIds) if (i === id) return n;
  return `type ${id}`;
}

/** Shadow trees rebuilt (ids kept, new ones the lowest free), weights summed, buckets written back in id order. */
function writeTree(t: CrushTree, d: Obj): void {
  refreshBucketWeights(t.buckets);
  const roots = treeRoots(t.buckets);
  const used = new Set<number>([...t.buckets.keys(), ...t.classBucket.values()]);
  const usedClasses = t.classes.filter(
    (c) => [...t.classBucket.keys()].some((k) => k.endsWith(`|${c}`)) || t.devices.some((dv) => dv.class === c),
  );
  assignShadowIds(t.buckets, roots, usedClasses, t.classBucket, lowestFreeIds(used));
  const classOf = new Map<number, string>();
  for (const dv of t.devices) if (typeof dv.class === 'string') classOf.set(Number(dv.id), dv.class);
  const shadows = shadowBuckets(t.buckets, roots, usedClasses, t.classBucket, (o) => classOf.get(o));
  const typeNames = new Map<number, string>([...t.typeIds].map(([n, i]) => [i, n]));
  const all = [...t.buckets.values(), ...shadows].sort((a, b) => b.id - a.id);
  d.buckets = all.map((b) => {
    const base = b.name.includes('~') ? findBucket(t, b.name.split('~')[0]!) : b;
    const x = t.extra.get(base?.id ?? b.id) ?? { alg: 'straw2', hash: 'rjenkins1' };
    return {
      id: b.id,
      name: b.name,
      type_id: b.typeId,
      type_name: typeNames.get(b.typeId),
      weight: b.weights.reduce((s, w) => (s + w) >>> 0, 0),
      alg: x.alg,
      hash: x.hash,
      items: b.items.map((id, pos) => ({ id, weight: b.weights[pos], pos })),
    };
  });
  d.devices = t.devices;
}

function newOsd(id: number, uuid: string): Obj {
  const none = { addrvec: [] };
  const addr = '(unrecognized address family 0)/0';
  return {
    osd: id,
    uuid,
    up: 1,
    in: 1,
    weight: 1,
    primary_affinity: 1,
    last_clean_begin: 0,
    last_clean_end: 0,
    up_from: 0,
    up_thru: 0,
    down_at: 0,
    lost_at: 0,
    public_addrs: none,
    cluster_addrs: none,
    heartbeat_back_addrs: none,
    heartbeat_front_addrs: none,
    public_addr: addr,
    cluster_addr: addr,
    heartbeat_back_addr: addr,
    heartbeat_front_addr: addr,
    state: ['exists', 'up'],
  };
}

function newXinfo(id: number): Obj {
  return {
    osd: id,
    down_stamp: '0.000000',
    laggy_probability: 0,
    laggy_interval: 0,
    features: 0,
    old_weight: 0,
    last_purged_snaps_scrub: '0.000000',
    dead_epoch: 0,
  };
}
