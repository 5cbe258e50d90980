/**
 * The flags of `loadshift generate` turned into a ClusterSpec. Malformed values are usage errors naming the flag;
 * what is well-formed but impossible (checkSpec, rule capacity) is reported by the command.
 */
import { inputError, usageError } from '../errors.js';
import type { ClassSpec, ClusterSpec, FailureDomain, PoolSpec } from '../gen/cluster-spec.js';

export interface GenerateFlags {
  racks: string;
  hostsPerRack: string;
  osdsPerHost: string;
  classes: string;
  weights?: string;
  pool: string[];
  primaryAffinity: string[];
  randomAffinity?: string;
  outOsds?: string;
  downOsds?: string;
  randomOut: string;
  randomDown: string;
  seed: string;
  epoch: string;
}

const int = (flag: string, v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) > 0x7fffffff) throw usageError(flag, `expected a non-negative integer, got '${v}'`);
  return Number(v);
};
const num = (flag: string, v: string): number => {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw usageError(flag, `expected a non-negative number, got '${v}'`);
  return Number(v);
};
/** A 0..1 value as Ceph stores reweights and affinities: (int)(0x10000 * v). */
export function fixed16(flag: string, v: string): number {
  const x = num(flag, v);
  if (x > 1) throw inputError(flag, `'${v}' is out of range: it must be within 0..1`);
  return Math.trunc(0x10000 * x);
}
const ids = (flag: string, v: string | undefined): number[] =>
  v === undefined || v === '' ? [] : v.split(',').map((x) => int(flag, x.trim()));

function parseClasses(classes: string, weights: string | undefined): ClassSpec[] {
  const out: ClassSpec[] = classes.split(',').map((part) => {
    const [name = '', share = '1', ...rest] = part.split(':');
    if (name === '' || rest.length > 0) throw usageError('--classes', `expected CLASS[:SHARE],..., got '${part}'`);
    return { name, share: num('--classes', share), minWeight: 1, maxWeight: 1 };
  });
  for (const part of weights ? weights.split(',') : []) {
    const m = /^([^:]+):([\d.]+)(?:-([\d.]+))?$/.exec(part);
    if (!m) throw usageError('--weights', `expected CLASS:W or CLASS:MIN-MAX, got '${part}'`);
    const c = out.find((x) => x.name === m[1]);
    if (!c) throw usageError('--weights', `class '${m[1]}' is not one of --classes ${classes}`);
    c.minWeight = num('--weights', m[2]!);
    c.maxWeight = m[3] === undefined ? c.minWeight : num('--weights', m[3]);
  }
  return out;
}

const DOMAINS: readonly FailureDomain[] = ['osd', 'host', 'rack'];

/** NAME:replicated:SIZE:PG_NUM[:DOMAIN[:CLASS]] or NAME:erasure:K+M:PG_NUM[:DOMAIN[:CLASS]] */
export function parsePool(v: string): PoolSpec {
  const f = `--pool ${v.split(':')[0]}`;
  const [name = '', kind = '', size = '', pg = '', fd = 'host', cls, ...rest] = v.split(':');
  if (rest.length > 0 || name === '' || pg === '')
    throw usageError(
      '--pool',
      `expected NAME:replicated:SIZE:PG_NUM[:DOMAIN[:CLASS]] or NAME:erasure:K+M:PG_NUM[...], got '${v}'`,
    );
  if (!DOMAINS.includes(fd as FailureDomain))
    throw usageError(f, `failure domain '${fd}' is not one of ${DOMAINS.join(', ')}`);
  const common = { name, pgNum: int(f, pg), failureDomain: fd as FailureDomain, ...(cls ? { deviceClass: cls } : {}) };
  if (kind === 'replicated') return { ...common, kind, size: int(f, size) };
  if (kind === 'erasure') {
    const m = /^(\d+)\+(\d+)$/.exec(size);
    if (!m) throw usageError(f, `expected K+M (e.g. 4+2) for an erasure pool, got '${size}'`);
    const k = Number(m[1]);
    const mm = Number(m[2]);
    return { ...common, kind, size: k + mm, k, m: mm };
  }
  throw usageError(f, `pool type '${kind}' is neither replicated nor erasure`);
}

export function specFromFlags(f: GenerateFlags): ClusterSpec {
  const affinity = f.primaryAffinity.map((a) => {
    const [osd = '', value = '', ...rest] = a.split(':');
    if (rest.length > 0 || value === '') throw usageError('--primary-affinity', `expected OSD:VALUE, got '${a}'`);
    return { osd: int('--primary-affinity', osd), value: fixed16('--primary-affinity', value) };
  });
  let randomAffinity: ClusterSpec['randomAffinity'];
  if (f.randomAffinity !== undefined) {
    const [count = '', value = '', ...rest] = f.randomAffinity.split(':');
    if (rest.length > 0 || value === '')
      throw usageError('--random-affinity', `expected COUNT:VALUE, got '${f.randomAffinity}'`);
    randomAffinity = { count: int('--random-affinity', count), value: fixed16('--random-affinity', value) };
  }
  return {
    racks: int('--racks', f.racks),
    hostsPerRack: int('--hosts-per-rack', f.hostsPerRack),
    osdsPerHost: int('--osds-per-host', f.osdsPerHost),
    classes: parseClasses(f.classes, f.weights),
    pools: (f.pool.length > 0 ? f.pool : ['rbd:replicated:3:128']).map(parsePool),
    affinity,
    randomAffinity,
    out: ids('--out-osds', f.outOsds),
    down: ids('--down-osds', f.downOsds),
    randomOut: int('--random-out', f.randomOut),
    randomDown: int('--random-down', f.randomDown),
    seed: int('--seed', f.seed),
    epoch: int('--epoch', f.epoch),
  };
}
