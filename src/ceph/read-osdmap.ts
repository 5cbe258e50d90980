/**
 * Reads `ceph osd dump -f json` (= `osdmaptool <map> --dump json`, Ceph Reef) into loadshift's OsdMap.
 *
 * Ceph prints the reweight as `(float)w / 0x10000` and the primary affinity as `(float)a / 0x10000`
 * where w and a are 16.16 integers <= 0x10000: such a quotient is exact in float32 and in double,
 * so `round(x * 0x10000)` recovers Ceph's integer exactly, whatever decimal form the JSON uses.
 *
 * Entries that Ceph keeps but ignores when mapping (upmaps of unknown pools or of PGs beyond
 * pg_num, upmap targets that are out) are kept as they are: the mapping code ignores them like Ceph.
 */
import { inputError } from '../errors.js';
import { describeJson as describe, isJsonObject as isObject, JsonFields, MAX_OSD_LIMIT } from './json-fields.js';
import { FIXED_ONE, type OsdMap, type Pool, type PoolType } from '../cluster/osdmap.js';

/** pg_pool_t::FLAG_HASHPSPOOL */
const FLAG_HASHPSPOOL = 1;
/** (next power of two >= n) - 1, as pg_pool_t::calc_pg_masks. */
export function pgMask(n: number): number {
  if (n <= 1) return 0;
  const bits = 32 - Math.clz32(n - 1);
  return bits >= 32 ? 0xffffffff : (1 << bits) - 1;
}

/** True when the JSON looks like a CRUSH map dump (`ceph osd crush dump`, `crushtool --dump`). */
export function looksLikeCrushDump(json: unknown): boolean {
  return (
    isObject(json) &&
    Array.isArray(json.buckets) &&
    Array.isArray(json.rules) &&
    'devices' in json &&
    !('pools' in json)
  );
}

export function parseOsdMap(json: unknown, source: string): OsdMap {
  const r = new JsonFields(source);
  if (!isObject(json)) {
    throw inputError(source, `expected the JSON object of 'ceph osd dump -f json', got ${describe(json)}`);
  }
  if (looksLikeCrushDump(json)) {
    throw inputError(
      source,
      "this is a CRUSH map dump ('ceph osd crush dump'), not an OSD map: give 'ceph osd dump -f json' here",
    );
  }
  if (!('pools' in json) || !('osds' in json) || !('max_osd' in json)) {
    const missing = ['epoch', 'max_osd', 'osds', 'pools'].filter((k) => !(k in json));
    throw inputError(source, `not an OSD map dump ('ceph osd dump -f json'): missing ${missing.join(', ')}`);
  }

  const epoch = r.int(json, 'epoch', '$', 0);
  const fsidRaw = json.fsid;
  if (fsidRaw !== undefined && typeof fsidRaw !== 'string')
    r.fail('fsid', `expected a string, got ${describe(fsidRaw)}`);
  const fsid: string = typeof fsidRaw === 'string' ? fsidRaw : '';
  const maxOsd = r.int(json, 'max_osd', '$', 0, MAX_OSD_LIMIT);
  const exists = new Uint8Array(maxOsd);
  const up = new Uint8Array(maxOsd);
  const weight = new Uint32Array(maxOsd);
  const affinity = new Uint32Array(maxOsd).fill(FIXED_ONE);
  let anyAffinity = false;

  r.array(json, 'osds', '$').forEach((raw, i) => {
    const path = `osds[${i}]`;
    const o = r.obj(raw, path);
    const id = r.int(o, 'osd', path, 0, MAX_OSD_LIMIT);
    if (id >= maxOsd) r.fail(`${path}.osd`, `osd.${id} is not below max_osd ${maxOsd}`);
    if (exists[id]) r.fail(`${path}.osd`, `osd.${id} is listed twice`);
    exists[id] = 1;
    const isUp = r.int(o, 'up', path, 0, 1);
    const isIn = r.int(o, 'in', path, 0, 1);
    up[id] = isUp;
    const w = r.fixed(o, 'weight', path);
    if ((w === 0) !== (isIn === 0)) r.fail(path, `'in' is ${isIn} but weight is ${String(o.weight)}`);
    weight[id] = w;
    if (o.primary_affinity !== undefined) {
      const a = r.fixed(o, 'primary_affinity', path);
      affinity[id] = a;
      if (a !== FIXED_ONE) anyAffinity = true;
    }
  });

  const pools = new Map<number, Pool>();
  const names = new Set<string>();
  r.array(json, 'pools', '$').forEach((raw, i) => {
    const path = `pools[${i}]`;
    const p = r.obj(raw, path);
    const id = r.int(p, 'pool', path, 0);
    if (pools.has(id)) r.fail(`${path}.pool`, `pool ${id} is listed twice`);
    const name = r.str(p, 'pool_name', path);
    if (names.has(name)) r.fail(`${path}.pool_name`, `pool name '${name}' is used twice`);
    names.add(name);
    const typeNum = r.int(p, 'type', path, 0, 255);
    if (typeNum !== 1 && typeNum !== 3)
      r.fail(`${path}.type`, `pool type ${typeNum} is neither replicated (1) nor erasure (3)`);
    const type: PoolType = typeNum === 1 ? 'replicated' : 'erasure';
    const size = r.int(p, 'size', path, 1, 255);
    const minSize = r.int(p, 'min_size', path, 0, 255);
    const crushRule = r.int(p, 'crush_rule', path, 0, 0x7fff);
    const pgNum = r.int(p, 'pg_num', path, 0);
    if (pgNum === 0) r.fail(`${path}.pg_num`, `pool '${name}' has pg_num 0`);
    const pgpNum = r.int(p, 'pg_placement_num', path, 0);
    if (pgpNum === 0) r.fail(`${path}.pg_placement_num`, `pool '${name}' has pgp_num 0`);
    if (pgpNum > pgNum) r.fail(`${path}.pg_placement_num`, `pool '${name}' has pgp_num ${pgpNum} > pg_num ${pgNum}`);
    const flags = r.int(p, 'flags', path, 0, Number.MAX_SAFE_INTEGER);
    let hashpspool = Math.floor(flags) % 2 === FLAG_HASHPSPOOL;
    if (typeof p.flags_names === 'string') {
      const named = p.flags_names.split(',').includes('hashpspool');
      if (named !== hashpspool) r.fail(`${path}.flags_names`, `'${p.flags_names}' disagrees with flags ${flags}`);
      hashpspool = named;
    }
    // Squid+: the pool option read_ratio (percent of reads in the pool's I/O) of the size-aware read balancer
    const opts = p.options;
    let readRatio: number | undefined;
    if (isObject(opts) && opts.read_ratio !== undefined) {
      readRatio = r.int(opts, 'read_ratio', `${path}.options`, 0, 100);
    }
    pools.set(id, {
      id,
      name,
      type,
      size,
      minSize,
      crushRule,
      pgNum,
      pgpNum,
      pgNumMask: pgMask(pgNum),
      pgpNumMask: pgMask(pgpNum),
      hashpspool,
      ...(readRatio === undefined ? {} : { readRatio }),
    });
  });

  const seen = (map: Map<string, unknown>, pgid: string, path: string): void => {
    if (map.has(pgid)) r.fail(`${path}.pgid`, `${pgid} is listed twice`);
  };

  const pgUpmap = new Map<string, number[]>();
  r.array(json, 'pg_upmap', '$', true).forEach((raw, i) => {
    const path = `pg_upmap[${i}]`;
    const e = r.obj(raw, path);
    const pgid = r.pgid(e, path);
    seen(pgUpmap, pgid, path);
    pgUpmap.set(
      pgid,
      r.array(e, 'osds', path).map((o, j) => r.osdId(o, `${path}.osds[${j}]`)),
    );
  });

  const pgUpmapItems = new Map<string, Array<[number, number]>>();
  r.array(json, 'pg_upmap_items', '$', true).forEach((raw, i) => {
    const path = `pg_upmap_items[${i}]`;
    const e = r.obj(raw, path);
    const pgid = r.pgid(e, path);
    seen(pgUpmapItems, pgid, path);
    const items = r.array(e, 'mappings', path).map((m, j): [number, number] => {
      const mp = r.obj(m, `${path}.mappings[${j}]`);
      return [r.osdId(mp.from, `${path}.mappings[${j}].from`), r.osdId(mp.to, `${path}.mappings[${j}].to`)];
    });
    pgUpmapItems.set(pgid, items);
  });

  const pgUpmapPrimaries = new Map<string, number>();
  r.array(json, 'pg_upmap_primaries', '$', true).forEach((raw, i) => {
    const path = `pg_upmap_primaries[${i}]`;
    const e = r.obj(raw, path);
    const pgid = r.pgid(e, path);
    seen(pgUpmapPrimaries, pgid, path);
    pgUpmapPrimaries.set(pgid, r.osdId(e.primary_osd, `${path}.primary_osd`));
  });

  const pgTemp = new Map<string, number[]>();
  r.array(json, 'pg_temp', '$', true).forEach((raw, i) => {
    const path = `pg_temp[${i}]`;
    const e = r.obj(raw, path);
    const pgid = r.pgid(e, path);
    seen(pgTemp, pgid, path);
    pgTemp.set(
      pgid,
      r.array(e, 'osds', path).map((o, j) => r.osdId(o, `${path}.osds[${j}]`)),
    );
  });

  // Reef dumps primary_temp without an object per entry: a flat list "pgid", osd, "pgid", osd, ...
  // (objects {pgid, osd} are accepted too)
  const primaryTemp = new Map<string, number>();
  const pt = r.array(json, 'primary_temp', '$', true);
  for (let i = 0; i < pt.length; i++) {
    const raw = pt[i];
    const path = `primary_temp[${i}]`;
    if (typeof raw === 'string') {
      const pgid = r.pgid({ pgid: raw }, path);
      seen(primaryTemp, pgid, path);
      primaryTemp.set(pgid, r.osdId(pt[i + 1], `primary_temp[${i + 1}]`));
      i++;
      continue;
    }
    const e = r.obj(raw, path);
    const pgid = r.pgid(e, path);
    seen(primaryTemp, pgid, path);
    primaryTemp.set(pgid, r.osdId(e.osd, `${path}.osd`));
  }

  const compatRaw = json.require_min_compat_client;
  if (compatRaw !== undefined && typeof compatRaw !== 'string')
    r.fail('require_min_compat_client', `expected a string, got ${describe(compatRaw)}`);
  const compat: string = typeof compatRaw === 'string' ? compatRaw : '';

  return {
    epoch,
    fsid,
    maxOsd,
    exists,
    up,
    weight,
    primaryAffinity: anyAffinity ? affinity : undefined,
    pools,
    pgUpmap,
    pgUpmapItems,
    pgUpmapPrimaries,
    pgTemp,
    primaryTemp,
    requireMinCompatClient: compat,
  };
}
